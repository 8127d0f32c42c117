import { useQuery } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { Me } from './types.ts';
import type { Locale } from '../../auth/roles.ts';

function remember(me: Me): Me {
  setCsrfToken(me.csrfToken);
  return me;
}

/** Who is signed in; null when nobody is (the API answers 401). */
async function fetchMe(): Promise<Me | null> {
  try {
    return remember(await api.get<Me>('/api/auth/me'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
}

export async function login(email: string, password: string): Promise<Me> {
  return remember(await api.post<Me>('/api/auth/login', { email, password }));
}

export async function logout(): Promise<void> {
  await api.post('/api/auth/logout');
  setCsrfToken(null);
}

export async function saveLocale(locale: Locale): Promise<Me> {
  return remember(await api.patch<Me>('/api/auth/me', { locale }));
}
