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
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportJob, ImportReportRow } from '../../api/imports.ts';
import type { Page } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { statusColor } from './import-vocabulary.ts';

/*
 * The parts every kind of import job page shares (leads, DMS service visits): the page frame
 * with the job's heading, the mapping card's buttons, the progress of a running job and the
 * per-line report. A kind brings its own mapping table, preview and API hooks.
 */

/** The page around one import job: back link, loading and error states, heading, body. */
export function ImportJobShell(props: {
  job: UseQueryResult<ImportJob>;
  backTo: string;
  backLabel: string;
  /** the page title while the job loads */
  title: string;
  /** what the line under the file name says of the job, empty parts left out */
  details: (job: ImportJob) => (string | null | undefined)[];
  children: (job: ImportJob) => ReactNode;
}) {
  const { t } = useTranslation();
  const { job } = props;
  usePageTitle(job.data?.fileName ?? props.title);
  return (
    <Stack>
      <Anchor component={Link} to={props.backTo} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {props.backLabel}
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
              {props.details(job.data).filter(Boolean).join(' · ')}
            </Text>
          </div>
          {props.children(job.data)}
        </>
      )}
    </Stack>
  );
}

/** Mapping of an uploaded job: the kind's table, then a dry run and the one real run. */
export function ImportMappingCard(props: {
  hint: string;
  table: ReactNode;
  error: unknown;
  onPreview: () => void;
  previewing: boolean;
  onRun: () => void;
  running: boolean;
  /** rows the dry run found valid; undefined before the dry run */
  validRows: number | undefined;
  runLabel: string;
  /** prefix of the buttons' test ids, so browser tests can tell the kinds apart */
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <Card>
      <Title order={3} size="h4" mb={4}>
        {t('imports.job.mapping')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {props.hint}
      </Text>
      {props.table}
      <FormError error={props.error} />
      <Group mt="md">
        <Button
          variant="default"
          leftSection={<IconEye size={16} />}
          onClick={props.onPreview}
          loading={props.previewing}
          data-testid={`${props.testIdPrefix}-preview-button`}
        >
          {t('imports.job.preview')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={props.onRun}
          loading={props.running}
          disabled={!props.validRows}
          data-testid={`${props.testIdPrefix}-run-button`}
        >
          {props.runLabel}
        </Button>
      </Group>
    </Card>
  );
}

/** A running job's progress; a job whose worker stopped can be resumed from where it was. */
export function ImportProgressCard(props: {
  job: ImportJob;
  onResume: () => void;
  resuming: boolean;
  error: unknown;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { job } = props;
  const share = job.totalRows > 0 ? (100 * job.processedRows) / job.totalRows : 0;
  return (
    <Card data-testid={props.testId}>
      <Text size="sm" mb="xs">
        {t('imports.job.progress', { done: job.processedRows, total: job.totalRows })}
      </Text>
      <Progress value={share} animated={!job.stalled} />
      {job.stalled && (
        <Alert color="yellow" mt="md">
          <Text size="sm" mb="sm">
            {t('imports.job.stalled')}
          </Text>
          <Button size="xs" onClick={props.onResume} loading={props.resuming}>
            {t('imports.job.resume')}
          </Button>
        </Alert>
      )}
      <FormError error={props.error} />
    </Card>
  );
}

/** The report of a finished job, line by line, rejected lines first when there are any. */
export function ImportReportCard<Row extends ImportReportRow>(props: {
  job: ImportJob;
  useRows: (jobId: string, onlyRejected: boolean) => UseQueryResult<Page<Row>>;
  /** how the result column names an imported line; rejected lines say "rejected" */
  importedLabel: (row: Row) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { job } = props;
  const [onlyRejected, setOnlyRejected] = useState(job.rejectedRows > 0);
  const rows = props.useRows(job.id, onlyRejected);
  return (
    <Card data-testid={props.testId}>
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
                  <Badge color={row.status === 'imported' ? 'green' : 'red'} variant="light">
                    {row.status === 'imported'
                      ? props.importedLabel(row)
                      : t('imports.page.rejected')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {row.customerId ? (
                    <>
                      <Anchor component={Link} to={`/customers/${row.customerId}`} size="sm">
                        {t('imports.job.openCustomer')}
                      </Anchor>
                      {row.possibleDuplicates?.map((duplicate) => (
                        <Text size="xs" c="orange" key={duplicate.id} data-testid="probably-known">
                          {t('imports.job.probablyKnown', {
                            percent: Math.round(duplicate.probability * 100),
                          })}{' '}
                          <Anchor component={Link} to={`/customers/${duplicate.id}`} size="xs">
                            {duplicate.displayName}
                          </Anchor>
                        </Text>
                      ))}
                    </>
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
