import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMeQuery } from '../api/auth.ts';
import { applyLocale } from '../i18n/i18n.ts';
import { LoginPage } from '../pages/login-page.tsx';
import { SessionContext } from './session-context.tsx';

/** Shows the sign-in form until GET /api/auth/me knows the user, then the app. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMeQuery();
  const user = me.data ?? null;
  const localeAppliedFor = useRef<string | null>(null);

  // The user's stored language wins once per sign-in; after that the switch decides.
  useEffect(() => {
    if (user && localeAppliedFor.current !== user.id) {
      localeAppliedFor.current = user.id;
      void applyLocale(user.locale);
    }
    if (!user) localeAppliedFor.current = null;
  }, [user]);

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader />
          <Text c="dimmed" size="sm">
            {t('app.loading')}
          </Text>
        </Stack>
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh">
        <Stack align="center" gap="sm">
          <IconPlugConnectedX size={40} stroke={1.5} color="var(--mantine-color-red-6)" />
          <Title order={3}>{t('app.serverDown')}</Title>
          <Text c="dimmed">{t('app.serverDownHint')}</Text>
          <Button onClick={() => void me.refetch()} loading={me.isFetching}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!user) return <LoginPage />;
  return <SessionContext value={user}>{children}</SessionContext>;
}
