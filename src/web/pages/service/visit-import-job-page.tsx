import { Badge, Card, Group, Select, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
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
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import {
  ImportJobShell,
  ImportMappingCard,
  ImportProgressCard,
  ImportReportCard,
} from '../imports/import-job-parts.tsx';

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
          <Table.Th>{t('service.dmsImport.field')}</Table.Th>
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
  return (
    <>
      <ImportMappingCard
        hint={t('service.dmsImport.mappingHint')}
        table={
          <VisitMappingTable
            headers={job.headers}
            mapping={mapping}
            onChange={(next) => {
              setMapping(next);
              preview.reset();
            }}
            disabled={run.isPending}
          />
        }
        error={preview.error ?? run.error}
        onPreview={() => preview.mutate(mapping)}
        previewing={preview.isPending}
        onRun={() => {
          if (window.confirm(t('service.dmsImport.runConfirm'))) run.mutate(mapping);
        }}
        running={run.isPending}
        validRows={checked?.valid}
        runLabel={t('service.dmsImport.run', { count: checked?.valid ?? 0 })}
        testIdPrefix="visit-import"
      />
      {checked && <PreviewCard preview={checked} />}
    </>
  );
}

function RunningCard({ job }: { job: ImportJob }) {
  const run = useRunVisitImport(job.id);
  return (
    <ImportProgressCard
      job={job}
      onResume={() => run.mutate((job.mapping ?? {}) as VisitMapping)}
      resuming={run.isPending}
      error={run.error}
    />
  );
}

/** One DMS export: map its columns, check a dry run, run it once, then read the report. */
export function VisitImportJobPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const job = useVisitImportJob(id);
  return (
    <ImportJobShell
      job={job}
      backTo="/service/imports"
      backLabel={t('service.dmsImport.back')}
      title={t('service.dmsImport.title')}
      details={(data) => [
        data.dealerCode,
        t('imports.job.totalRows', { count: data.totalRows }),
        format.dateTime(data.createdAt),
      ]}
    >
      {(data) => (
        <>
          {data.status === 'uploaded' && <MappingCard job={data} />}
          {data.status === 'running' && <RunningCard job={data} />}
          {data.status === 'done' && (
            <ImportReportCard
              job={data}
              useRows={useVisitImportRows}
              importedLabel={() => t('imports.page.imported')}
              testId="visit-import-report"
            />
          )}
        </>
      )}
    </ImportJobShell>
  );
}
