import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
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
import { useFormat } from '../../i18n/format.ts';
import {
  ImportJobShell,
  ImportMappingCard,
  ImportProgressCard,
  ImportReportCard,
} from './import-job-parts.tsx';
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
        {preview.verified > 0 && (
          <Badge color="teal" data-testid="import-preview-verified">
            {t('imports.job.willVerify', { count: preview.verified })}
          </Badge>
        )}
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

/** The report lists every line: the leads read it with the people found or created. */
function useLeadImportRows(jobId: string, onlyRejected: boolean) {
  return useImportRows(jobId, onlyRejected, true);
}

function MappingCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const [mapping, setMapping] = useState<Mapping>(job.mapping ?? job.suggestedMapping);
  const preview = usePreviewImport(job.id);
  const run = useRunImport(job.id);
  const isAdf = job.kind === 'adf';
  const checked = preview.data;
  return (
    <>
      <ImportMappingCard
        hint={isAdf ? t('imports.job.adfHint') : t('imports.job.mappingHint')}
        table={
          !isAdf && (
            <MappingTable
              headers={job.headers}
              mapping={mapping}
              onChange={(next) => {
                setMapping(next);
                preview.reset();
              }}
              disabled={run.isPending}
            />
          )
        }
        error={preview.error ?? run.error}
        onPreview={() => preview.mutate(mapping)}
        previewing={preview.isPending}
        onRun={() => {
          if (window.confirm(t('imports.job.runConfirm'))) run.mutate(mapping);
        }}
        running={run.isPending}
        validRows={checked?.valid}
        runLabel={t('imports.job.run', { count: checked?.valid ?? 0 })}
        testIdPrefix="import"
      />
      {checked && <PreviewCard preview={checked} />}
    </>
  );
}

function RunningCard({ job }: { job: ImportJob }) {
  const run = useRunImport(job.id);
  return (
    <ImportProgressCard
      job={job}
      onResume={() => run.mutate(job.mapping ?? {})}
      resuming={run.isPending}
      error={run.error}
      testId="import-running"
    />
  );
}

/** One import: map the columns, preview, run once, then read the report. */
export function ImportJobPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const job = useImportJob(id);
  return (
    <ImportJobShell
      job={job}
      backTo="/imports"
      backLabel={t('imports.job.back')}
      title={t('imports.page.title')}
      details={(data) => [
        t(`imports.sources.${data.source}`, { defaultValue: data.source }),
        data.campaign,
        data.dealerCode,
        data.trusted ? t('imports.job.trusted') : null,
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
              useRows={useLeadImportRows}
              importedLabel={(row) =>
                row.customerCreated ? t('imports.job.newPerson') : t('imports.job.existingPerson')
              }
              testId="import-report"
            />
          )}
        </>
      )}
    </ImportJobShell>
  );
}
