import { createContext, use } from 'react';
import type { Permission } from '../../auth/roles.ts';
import type { Me } from '../api/types.ts';

export const SessionContext = createContext<Me | null>(null);

/** The signed-in user; only used below the sign-in gate. */
export function useSession(): Me {
  const me = use(SessionContext);
  if (!me) throw new Error('useSession outside a signed-in session');
  return me;
}

export function useCan(permission: Permission): boolean {
  return useSession().permissions.includes(permission);
}
