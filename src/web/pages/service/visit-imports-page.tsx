import {
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fileToBase64 } from '../../api/imports.ts';
import { useDealers } from '../../api/org.ts';
import { useUploadVisitImport, useVisitImportJobs } from '../../api/service-imports.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useSession } from '../../session/session-context.tsx';
import { statusColor } from '../imports/import-vocabulary.ts';

const maxBytes = 10 * 1024 * 1024;

function UploadCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const dealers = useDealers();
  const upload = useUploadVisitImport();
  const [file, setFile] = useState<File | null>(null);
  // a dealer's people import into their own dealer; staff above dealers pick one
  const [dealerChoice, setDealerChoice] = useState<string | null>(null);
  const ownCode = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.code ?? null;
  const dealerCode = dealerChoice ?? ownCode;
  const tooLarge = file !== null && file.size > maxBytes;
  const dealerOptions = (dealers.data ?? [])
    .filter((dealer) => dealer.inScope)
    .map((dealer) => ({ value: dealer.code, label: `${dealer.code} · ${dealer.name}` }));
  const submit = async () => {
    if (!file || tooLarge || !dealerCode) return;
    const job = await upload.mutateAsync({
      fileName: file.name,
      contentBase64: await fileToBase64(file),
      dealerCode,
    });
    navigate(`/service/imports/${job.id}`);
  };
  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('imports.page.upload')}
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <FileInput
            label={t('imports.page.file')}
            accept=".csv,.txt,.xlsx"
            value={file}
            onChange={setFile}
            leftSection={<IconFileImport size={16} />}
            error={tooLarge ? t('imports.page.tooLarge') : undefined}
            required
            data-testid="visit-import-file"
          />
          <Select
            label={t('service.dmsImport.dealer')}
            data={dealerOptions}
            value={dealerCode}
            onChange={setDealerChoice}
            disabled={me.scope === 'dealer'}
            searchable
            required
          />
        </Group>
        <FormError error={upload.error} />
        <Group>
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={submit}
            loading={upload.isPending}
            disabled={!file || tooLarge || !dealerCode}
            data-testid="visit-import-upload"
          >
            {t('imports.page.uploadButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function HistoryCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const jobs = useVisitImportJobs();
  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('imports.page.history')}
      </Title>
      {jobs.isError && <QueryError error={jobs.error} onRetry={() => jobs.refetch()} />}
      {jobs.data?.items.length === 0 && <EmptyNote>{t('imports.page.noJobs')}</EmptyNote>}
      {jobs.data && jobs.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.page.fileName')}</Table.Th>
                <Table.Th>{t('imports.page.dealer')}</Table.Th>
                <Table.Th>{t('imports.page.created')}</Table.Th>
                <Table.Th>{t('imports.page.rows')}</Table.Th>
                <Table.Th>{t('imports.page.imported')}</Table.Th>
                <Table.Th>{t('imports.page.rejected')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.items.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td>
                    <Text component={Link} to={`/service/imports/${job.id}`} c="blue" size="sm">
                      {job.fileName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{job.dealerCode ?? '—'}</Table.Td>
                  <Table.Td>{format.dateTime(job.createdAt)}</Table.Td>
                  <Table.Td>{format.number(job.totalRows)}</Table.Td>
                  <Table.Td>
                    {job.status === 'done' ? format.number(job.importedRows) : ''}
                  </Table.Td>
                  <Table.Td>
                    {job.status === 'done' ? format.number(job.rejectedRows) : ''}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[job.status]} variant="light">
                      {t(`imports.status.${job.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** Repair orders from the dealer management system: upload an export, then map, check and run. */
export function VisitImportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('service.dmsImport.title'));
  return (
    <Stack>
      <div>
        <Title order={2}>{t('service.dmsImport.title')}</Title>
        <Text c="dimmed" size="sm" maw={820}>
          {t('service.dmsImport.intro')}
        </Text>
      </div>
      <UploadCard />
      <HistoryCard />
    </Stack>
  );
}
