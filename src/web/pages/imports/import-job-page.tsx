import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconEye, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  useImportJob,
  useImportRows,
  usePreviewImport,
  useRunImport,
  type ImportJob,
  type ImportPreview,
  type Mapping,
  type PreviewLead,
} from '../../api/imports.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { statusColor } from './import-vocabulary.ts';
import { MappingTable } from './mapping-table.tsx';

function personName(lead: PreviewLead | null): string {
  const person = lead?.person;
  if (!person) return '';
  return [person.lastName, person.firstName].filter(Boolean).join(' ') || person.companyName || '';
}

function contacts(lead: PreviewLead | null): string {
  const person = lead?.person;
  return [
    ...(person?.phones ?? []).map((p) => p.number),
    ...(person?.emails ?? []).map((e) => e.address),
  ].join(', ');
}

function PreviewCard({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="import-preview">
      <Group mb="sm">
        <Title order={3} size="h4">
          {t('imports.job.previewTitle')}
        </Title>
        <Badge color="green">{`${t('imports.job.valid')}: ${preview.valid}`}</Badge>
        <Badge color="red">{`${t('imports.page.rejected')}: ${preview.rejected}`}</Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('imports.job.shownRows')}
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.job.line')}</Table.Th>
              <Table.Th>{t('imports.job.result')}</Table.Th>
              <Table.Th>{t('imports.job.person')}</Table.Th>
              <Table.Th>{t('imports.job.contacts')}</Table.Th>
              <Table.Th>{t('imports.page.dealer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row) => (
              <Table.Tr key={row.line}>
                <Table.Td>{row.line}</Table.Td>
                <Table.Td>
                  {row.ok ? (
                    <Badge color="green" variant="light">
                      {t('imports.job.ok')}
                    </Badge>
                  ) : (
                    <Text size="sm" c="red">
                      {row.reason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{personName(row.lead)}</Table.Td>
                <Table.Td>{contacts(row.lead)}</Table.Td>
                <Table.Td>{row.lead?.dealerCode ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function ReportCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [onlyRejected, setOnlyRejected] = useState(job.rejectedRows > 0);
  const rows = useImportRows(job.id, onlyRejected, true);
  return (
    <Card data-testid="import-report">
      <Group mb="sm" justify="space-between">
        <Group>
          <Title order={3} size="h4">
            {t('imports.job.report')}
          </Title>
          <Badge color="green">{`${t('imports.page.imported')}: ${job.importedRows}`}</Badge>
          <Badge color="red">{`${t('imports.page.rejected')}: ${job.rejectedRows}`}</Badge>
        </Group>
        <Switch
          label={t('imports.job.onlyRejected')}
          checked={onlyRejected}
          onChange={(event) => setOnlyRejected(event.currentTarget.checked)}
        />
      </Group>
      {job.finishedAt && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('imports.job.finished', { when: format.dateTime(job.finishedAt) })}
        </Text>
      )}
      {rows.isError && <QueryError error={rows.error} onRetry={() => rows.refetch()} />}
      {rows.data?.items.length === 0 && <EmptyNote>{t('imports.job.noRows')}</EmptyNote>}
      {rows.data && rows.data.items.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.job.line')}</Table.Th>
              <Table.Th>{t('imports.job.result')}</Table.Th>
              <Table.Th>{t('imports.job.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.data.items.map((row) => (
              <Table.Tr key={row.line}>
                <Table.Td>{row.line}</Table.Td>
                <Table.Td>
                  {row.status === 'imported' ? (
                    <Badge color="green" variant="light">
                      {row.customerCreated
                        ? t('imports.job.newPerson')
                        : t('imports.job.existingPerson')}
                    </Badge>
                  ) : (
                    <Badge color="red" variant="light">
                      {t('imports.page.rejected')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {row.customerId ? (
                    <Anchor component={Link} to={`/customers/${row.customerId}`} size="sm">
                      {t('imports.job.openCustomer')}
                    </Anchor>
                  ) : (
                    <Text size="sm">{row.reason}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function MappingCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<Mapping>(job.mapping ?? job.suggestedMapping);
  const preview = usePreviewImport(job.id);
  const run = useRunImport(job.id);
  const isAdf = job.kind === 'adf';
  const checked = preview.data;
  const start = () => {
    if (window.confirm(t('imports.job.runConfirm'))) run.mutate(mapping);
  };
  return (
    <>
      <Card>
        <Title order={3} size="h4" mb={4}>
          {t('imports.job.mapping')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {isAdf ? t('imports.job.adfHint') : t('imports.job.mappingHint')}
        </Text>
        {!isAdf && (
          <MappingTable
            headers={job.headers}
            mapping={mapping}
            onChange={(next) => {
              setMapping(next);
              preview.reset();
            }}
            disabled={run.isPending}
          />
        )}
        <FormError error={preview.error ?? run.error} />
        <Group mt="md">
          <Button
            variant="default"
            leftSection={<IconEye size={16} />}
            onClick={() => preview.mutate(mapping)}
            loading={preview.isPending}
            data-testid="import-preview-button"
          >
            {t('imports.job.preview')}
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            onClick={start}
            loading={run.isPending}
            disabled={!checked || checked.valid === 0}
            data-testid="import-run-button"
          >
            {t('imports.job.run', { count: checked?.valid ?? 0 })}
          </Button>
        </Group>
      </Card>
      {checked && <PreviewCard preview={checked} />}
    </>
  );
}

function RunningCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const run = useRunImport(job.id);
  const share = job.totalRows > 0 ? (100 * job.processedRows) / job.totalRows : 0;
  return (
    <Card data-testid="import-running">
      <Text size="sm" mb="xs">
        {t('imports.job.progress', { done: job.processedRows, total: job.totalRows })}
      </Text>
      <Progress value={share} animated={!job.stalled} />
      {job.stalled && (
        <Alert color="yellow" mt="md">
          <Text size="sm" mb="sm">
            {t('imports.job.stalled')}
          </Text>
          <Button size="xs" onClick={() => run.mutate(job.mapping ?? {})} loading={run.isPending}>
            {t('imports.job.resume')}
          </Button>
        </Alert>
      )}
      <FormError error={run.error} />
    </Card>
  );
}

/** One import: map the columns, preview, run once, then read the report. */
export function ImportJobPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const job = useImportJob(id);
  usePageTitle(job.data?.fileName ?? t('imports.page.title'));
  return (
    <Stack>
      <Anchor component={Link} to="/imports" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('imports.job.back')}
        </Group>
      </Anchor>
      {job.isPending && <Skeleton height={200} />}
      {job.isError && <QueryError error={job.error} onRetry={() => job.refetch()} />}
      {job.data && (
        <>
          <div>
            <Group>
              <Title order={2}>{job.data.fileName}</Title>
              <Badge color={statusColor[job.data.status]} variant="light">
                {t(`imports.status.${job.data.status}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {[
                t(`imports.sources.${job.data.source}`, { defaultValue: job.data.source }),
                job.data.campaign,
                job.data.dealerCode,
                t('imports.job.totalRows', { count: job.data.totalRows }),
                format.dateTime(job.data.createdAt),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </div>
          {job.data.status === 'uploaded' && <MappingCard job={job.data} />}
          {job.data.status === 'running' && <RunningCard job={job.data} />}
          {job.data.status === 'done' && <ReportCard job={job.data} />}
        </>
      )}
    </Stack>
  );
}
