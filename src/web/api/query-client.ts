import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import i18n from 'i18next';
import { isApiError, setUnauthorizedHandler } from './client.ts';
import { errorMessage } from './error-message.ts';
import { queryKeys } from './query-keys.ts';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { handlesErrors?: boolean };
  }
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        // 4xx answers will not change by asking again.
        retry: (count, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.handlesErrors) return;
        notifications.show({
          color: 'red',
          title: i18n.t('errors.title'),
          message: errorMessage(error),
        });
      },
    }),
  });
  setUnauthorizedHandler(() => {
    if (client.getQueryData(queryKeys.me)) {
      notifications.show({ color: 'orange', message: i18n.t('errors.unauthorized') });
    }
    client.setQueryData(queryKeys.me, null);
  });
  return client;
}
