import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconCar } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { login } from '../api/auth.ts';
import { errorMessage } from '../api/error-message.ts';
import { isUserData, queryKeys } from '../api/query-keys.ts';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { usePageTitle } from '../components/page-title.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  usePageTitle(t('login.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => login(email.trim(), password),
    meta: { handlesErrors: true },
    onSuccess: (me) => {
      // Nothing cached for a previous user may leak into this session.
      client.removeQueries({ predicate: isUserData });
      client.setQueryData(queryKeys.me, me);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={400} gap="lg">
        <Group gap="sm" justify="center">
          <ThemeIcon size={44} radius="md" variant="filled">
            <IconCar size={26} />
          </ThemeIcon>
          <Title order={2}>{t('app.name')}</Title>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Box>
                <Title order={3}>{t('login.title')}</Title>
                <Text size="sm" c="dimmed">
                  {t('login.subtitle')}
                </Text>
              </Box>
              {signIn.isError && (
                <Alert color="red" icon={<IconAlertCircle size={18} />} title={t('login.failed')}>
                  {errorMessage(signIn.error)}
                </Alert>
              )}
              <TextInput
                label={t('login.email')}
                type="email"
                name="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <PasswordInput
                label={t('login.password')}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
              />
              <Button
                type="submit"
                fullWidth
                loading={signIn.isPending}
                disabled={!email || !password}
              >
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Group justify="space-between">
          <LanguageSwitch persist={false} />
          <Anchor href="/api/docs" target="_blank" size="sm" c="dimmed">
            {t('nav.apiReference')}
          </Anchor>
        </Group>
      </Stack>
    </Center>
  );
}
