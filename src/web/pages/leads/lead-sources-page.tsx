import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateLeadSource, type NewLeadSource } from '../../api/lead-settings.ts';
import { useLeadSources } from '../../api/leads.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useEditsLeadSources } from './lead-settings-access.ts';
import { useSourceName } from './source-name.ts';

const blank: NewLeadSource = { key: '', nameEn: '', nameRu: '', nameZh: '' };
const formPaths = new Set(['key', 'nameEn', 'nameRu', 'nameZh']);

/** The channels leads come through, with their names in the three languages; admins add more. */
export function LeadSourcesPage() {
  const { t } = useTranslation();
  usePageTitle(t('leadSettings.sources.title'));
  const sources = useLeadSources();
  const sourceName = useSourceName();
  const editor = useEditsLeadSources();

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('leadSettings.sources.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('leadSettings.sources.intro')}
      </Text>
      {sources.isError && (
        <QueryError error={sources.error} onRetry={() => void sources.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="lead-sources-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leadSettings.sources.name')}</Table.Th>
                <Table.Th>{t('leadSettings.sources.code')}</Table.Th>
                <Table.Th>{t('leadSettings.sources.nameEn')}</Table.Th>
                <Table.Th>{t('leadSettings.sources.nameRu')}</Table.Th>
                <Table.Th>{t('leadSettings.sources.nameZh')}</Table.Th>
                <Table.Th>{t('leadSettings.sources.active')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(sources.data?.items ?? []).map((source) => (
                <Table.Tr key={source.key}>
                  <Table.Td fw={600}>{sourceName(source.key)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {source.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{source.names.en}</Table.Td>
                  <Table.Td>{source.names.ru}</Table.Td>
                  <Table.Td>{source.names.zh}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={source.active ? 'green' : 'gray'}>
                      {source.active
                        ? t('leadSettings.sources.active')
                        : t('leadSettings.sources.inactive')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {editor ? (
        <NewSourceForm />
      ) : (
        <Text size="sm" c="dimmed">
          {t('leadSettings.sources.readOnly')}
        </Text>
      )}
    </Stack>
  );
}

function NewSourceForm() {
  const { t, i18n } = useTranslation();
  const language = (['en', 'ru', 'zh'] as const).find((l) => i18n.language.startsWith(l)) ?? 'en';
  const create = useCreateLeadSource();
  const [source, setSource] = useState<NewLeadSource>(blank);
  const errors = fieldErrors(create.error);
  const field = (key: keyof NewLeadSource) => ({
    value: source[key],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setSource((current) => ({ ...current, [key]: value }));
    },
    error: errors[key],
    name: key,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        key: source.key.trim(),
        nameEn: source.nameEn.trim(),
        nameRu: source.nameRu.trim(),
        nameZh: source.nameZh.trim(),
      },
      {
        onSuccess: (created) => {
          notifications.show({
            color: 'green',
            message: t('leadSettings.sources.saved', { name: created.names[language] }),
          });
          setSource(blank);
        },
      },
    );
  };

  return (
    <Card component="form" onSubmit={submit} maw={720} data-testid="lead-source-form">
      <Stack>
        <Title order={2} size="h4">
          {t('leadSettings.sources.add')}
        </Title>
        <TextInput
          label={t('leadSettings.sources.code')}
          description={t('leadSettings.sources.codeHint')}
          required
          {...field('key')}
        />
        <Group grow align="flex-start">
          <TextInput label={t('leadSettings.sources.nameEn')} required {...field('nameEn')} />
          <TextInput label={t('leadSettings.sources.nameRu')} required {...field('nameRu')} />
          <TextInput label={t('leadSettings.sources.nameZh')} required {...field('nameZh')} />
        </Group>
        <FormError error={create.error} shownPaths={(path) => formPaths.has(path)} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('leadSettings.sources.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
