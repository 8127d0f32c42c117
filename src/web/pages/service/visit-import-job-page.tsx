import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
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
  visitImportFields,
  type VisitImportField,
} from '../../../modules/service/visit-import-fields.ts';
import type { ImportJob } from '../../api/imports.ts';
import {
  usePreviewVisitImport,
  useRunVisitImport,
  useVisitImportJob,
  useVisitImportRows,
  type VisitImportPreview,
  type VisitMapping,
} from '../../api/service-imports.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { statusColor } from '../imports/import-vocabulary.ts';

/** One row per export column with the visit field it feeds; a field feeds from one column. */
function VisitMappingTable(props: {
  headers: string[];
  mapping: VisitMapping;
  onChange: (mapping: VisitMapping) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(props.mapping) as [VisitImportField, number][];
  const options = [
    { value: '', label: t('imports.job.notImported') },
    ...visitImportFields.map((field) => ({
      value: field,
      label: t(`service.dmsImport.fields.${field}`),
    })),
  ];
  const choose = (column: number, field: string | null) => {
    const next: VisitMapping = {};
    for (const [key, index] of entries) if (index !== column && key !== field) next[key] = index;
    if (field) next[field as VisitImportField] = column;
    props.onChange(next);
  };
  return (
    <Table data-testid="visit-mapping-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('imports.job.column')}</Table.Th>
          <Table.Th>{t('imports.job.field')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.headers.map((header, column) => (
          <Table.Tr key={`${column}-${header}`}>
            <Table.Td>{header || `#${column + 1}`}</Table.Td>
            <Table.Td>
              <Select
                aria-label={header}
                data={options}
                value={entries.find(([, index]) => index === column)?.[0] ?? ''}
                onChange={(value) => choose(column, value || null)}
                allowDeselect={false}
                disabled={props.disabled}
                maw={320}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PreviewCard({ preview }: { preview: VisitImportPreview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  return (
    <Card data-testid="visit-import-preview">
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
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.job.line')}</Table.Th>
              <Table.Th>{t('imports.job.result')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.orderNumber')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.vin')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.visitDate')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.visitType')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.mileageKm')}</Table.Th>
              <Table.Th>{t('service.dmsImport.fields.totalAmount')}</Table.Th>
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
                <Table.Td>{row.record?.orderNumber ?? ''}</Table.Td>
                <Table.Td>{row.record?.vin ?? ''}</Table.Td>
                <Table.Td>{row.record ? format.date(row.record.visitDate) : ''}</Table.Td>
                <Table.Td>{row.record ? label('visitType', row.record.visitType) : ''}</Table.Td>
                <Table.Td>{format.km(row.record?.mileageKm)}</Table.Td>
                <Table.Td>
                  {row.record ? format.money(row.record.totalMinor, row.record.currency) : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function MappingCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<VisitMapping>(
    // the job's mapping is typed for leads; a service-visit job's holds visit fields
    (job.mapping ?? job.suggestedMapping) as VisitMapping,
  );
  const preview = usePreviewVisitImport(job.id);
  const run = useRunVisitImport(job.id);
  const checked = preview.data;
  const start = () => {
    if (window.confirm(t('service.dmsImport.runConfirm'))) run.mutate(mapping);
  };
  return (
    <>
      <Card>
        <Title order={3} size="h4" mb={4}>
          {t('imports.job.mapping')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('service.dmsImport.mappingHint')}
        </Text>
        <VisitMappingTable
          headers={job.headers}
          mapping={mapping}
          onChange={(next) => {
            setMapping(next);
            preview.reset();
          }}
          disabled={run.isPending}
        />
        <FormError error={preview.error ?? run.error} />
        <Group mt="md">
          <Button
            variant="default"
            leftSection={<IconEye size={16} />}
            onClick={() => preview.mutate(mapping)}
            loading={preview.isPending}
            data-testid="visit-import-preview-button"
          >
            {t('imports.job.preview')}
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            onClick={start}
            loading={run.isPending}
            disabled={!checked || checked.valid === 0}
            data-testid="visit-import-run-button"
          >
            {t('service.dmsImport.run', { count: checked?.valid ?? 0 })}
          </Button>
        </Group>
      </Card>
      {checked && <PreviewCard preview={checked} />}
    </>
  );
}

function RunningCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const run = useRunVisitImport(job.id);
  const share = job.totalRows > 0 ? (100 * job.processedRows) / job.totalRows : 0;
  return (
    <Card>
      <Text size="sm" mb="xs">
        {t('imports.job.progress', { done: job.processedRows, total: job.totalRows })}
      </Text>
      <Progress value={share} animated={!job.stalled} />
      {job.stalled && (
        <Alert color="yellow" mt="md">
          <Text size="sm" mb="sm">
            {t('imports.job.stalled')}
          </Text>
          <Button
            size="xs"
            onClick={() => run.mutate((job.mapping ?? {}) as VisitMapping)}
            loading={run.isPending}
          >
            {t('imports.job.resume')}
          </Button>
        </Alert>
      )}
      <FormError error={run.error} />
    </Card>
  );
}

function ReportCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [onlyRejected, setOnlyRejected] = useState(job.rejectedRows > 0);
  const rows = useVisitImportRows(job.id, onlyRejected);
  return (
    <Card data-testid="visit-import-report">
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
                  <Badge color={row.status === 'imported' ? 'green' : 'red'} variant="light">
                    {t(`imports.page.${row.status}`)}
                  </Badge>
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

/** One DMS export: map its columns, check a dry run, run it once, then read the report. */
export function VisitImportJobPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const job = useVisitImportJob(id);
  usePageTitle(job.data?.fileName ?? t('service.dmsImport.title'));
  return (
    <Stack>
      <Anchor component={Link} to="/service/imports" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('service.dmsImport.back')}
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
