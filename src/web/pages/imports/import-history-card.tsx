import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportJob } from '../../api/imports.ts';
import type { Page } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { statusColor } from './import-vocabulary.ts';

/** Earlier import jobs of one kind, newest first, each opening its own page. */
export function ImportHistoryCard(props: {
  jobs: UseQueryResult<Page<ImportJob>>;
  /** the page of one job */
  jobPath: (job: ImportJob) => string;
  /** lead lists come from many sources; a DMS export has one */
  showSource: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { jobs } = props;
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
                {props.showSource && <Table.Th>{t('imports.page.source')}</Table.Th>}
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
                    <Text component={Link} to={props.jobPath(job)} c="blue" size="sm">
                      {job.fileName}
                    </Text>
                  </Table.Td>
                  {props.showSource && (
                    <Table.Td>
                      {t(`imports.sources.${job.source}`, { defaultValue: job.source })}
                    </Table.Td>
                  )}
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
