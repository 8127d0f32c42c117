import { Avatar, Button, Group, Stack, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { logout } from '../api/auth.ts';
import { isUserData, queryKeys } from '../api/query-keys.ts';
import { useSession } from '../session/session-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';

function initials(name: string): string {
  const words = name
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/\s+/);
  if (words.length === 1)
    return Array.from(words[0] ?? '')
      .slice(0, 2)
      .join('');
  return words
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? '')
    .join('');
}

/** Who is signed in, in which role; the language switch and sign-out. */
export function UserPanel() {
  const { t } = useTranslation();
  const me = useSession();
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      client.removeQueries({ predicate: isUserData });
      client.setQueryData(queryKeys.me, null);
    },
  });

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="nowrap">
        <Avatar color="indigo" radius="xl" size={36}>
          {initials(me.displayName)}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate data-testid="user-name">
            {me.displayName}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {t(`roles.${me.role}`)}
          </Text>
        </div>
      </Group>
      <LanguageSwitch persist />
      <Button
        variant="subtle"
        color="gray"
        size="xs"
        leftSection={<IconLogout size={16} />}
        onClick={() => signOut.mutate()}
        loading={signOut.isPending}
        justify="flex-start"
      >
        {t('nav.signOut')}
      </Button>
    </Stack>
  );
}
