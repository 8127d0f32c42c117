import {
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToBase64 } from '../../api/imports.ts';
import {
  useCreateRecall,
  useRecallCampaigns,
  useUploadRecallVins,
  type RecallCampaign,
  type VinReport,
} from '../../api/service.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';

/** Recall campaigns with their progress; recall managers open them and upload VIN lists. */
export function RecallsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('service.recalls.title'));
  const canManage = useCan('recalls:manage');
  const campaigns = useRecallCampaigns();
  const [creating, setCreating] = useState(false);
  const [uploading, setUploading] = useState<RecallCampaign | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('service.recalls.title')}
        </Title>
        {canManage && (
          <Button onClick={() => setCreating(true)}>{t('service.recalls.newCampaign')}</Button>
        )}
      </Group>
      {campaigns.isError && (
        <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" data-testid="recalls-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('service.recalls.code')}</Table.Th>
                <Table.Th>{t('service.recalls.name')}</Table.Th>
                <Table.Th>{t('service.recalls.startsOn')}</Table.Th>
                <Table.Th ta="right">{t('service.recalls.vehicles')}</Table.Th>
                <Table.Th ta="right">{t('service.recalls.openCount')}</Table.Th>
                <Table.Th ta="right">{t('service.recalls.doneCount')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(campaigns.data ?? []).map((campaign) => (
                <Table.Tr key={campaign.id}>
                  <Table.Td fw={600}>{campaign.code}</Table.Td>
                  <Table.Td>{campaign.title}</Table.Td>
                  <Table.Td className="num">{format.date(campaign.startsOn)}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(campaign.vehicles)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(campaign.open)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(campaign.done)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {canManage && (
                      <Button size="xs" variant="light" onClick={() => setUploading(campaign)}>
                        {t('service.recalls.upload')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {campaigns.isSuccess && campaigns.data.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('service.recalls.none')}</EmptyNote>
          </Stack>
        )}
      </Card>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('service.recalls.newCampaign')}
      >
        {creating && <NewCampaignForm onClose={() => setCreating(false)} />}
      </Modal>
      <Modal
        opened={uploading !== null}
        onClose={() => setUploading(null)}
        title={`${t('service.recalls.upload')} · ${uploading?.code ?? ''}`}
      >
        {uploading && <UploadForm campaign={uploading} />}
      </Modal>
    </Stack>
  );
}

function NewCampaignForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRecall();
  const errors = fieldErrors(create.error);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [startsOn, setStartsOn] = useState<string | null>(new Date().toISOString().slice(0, 10));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!startsOn) return;
    create.mutate(
      { code: code.trim(), title: title.trim(), description: description.trim() || null, startsOn },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('service.recalls.created') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={create.error} shownPaths={(path) => path in errors} />
        <TextInput
          label={t('service.recalls.code')}
          required
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          maxLength={40}
          error={errors.code}
        />
        <TextInput
          label={t('service.recalls.name')}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={300}
          error={errors.title}
        />
        <Textarea
          label={t('service.recalls.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <DateField
          label={t('service.recalls.startsOn')}
          value={startsOn}
          onChange={setStartsOn}
          error={errors.startsOn}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!code.trim() || !title.trim()}>
            {t('service.recalls.newCampaign')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function UploadForm({ campaign }: { campaign: RecallCampaign }) {
  const { t } = useTranslation();
  const upload = useUploadRecallVins();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<VinReport | null>(null);
  const send = async () => {
    if (!file) return;
    upload.mutate(
      { campaignId: campaign.id, fileName: file.name, contentBase64: await fileToBase64(file) },
      { onSuccess: setReport },
    );
  };
  return (
    <Stack gap="sm">
      <FormError error={upload.error} />
      <FileInput
        label={t('service.recalls.file')}
        accept=".csv,.txt,.xlsx"
        value={file}
        onChange={setFile}
        leftSection={<IconFileImport size={16} />}
      />
      <Group justify="flex-end">
        <Button onClick={() => void send()} loading={upload.isPending} disabled={!file}>
          {t('service.recalls.upload')}
        </Button>
      </Group>
      {report && (
        <Stack gap={4} data-testid="vin-report">
          <Text size="sm" fw={600}>
            {t('service.recalls.report', {
              added: report.added,
              already: report.alreadyListed,
              rejected: report.rejected.length,
            })}
          </Text>
          {report.rejected.slice(0, 100).map((row) => (
            <Text key={row.line} size="xs" c="red">
              {t('service.recalls.line', { line: row.line })}: {row.value} — {row.reason}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
