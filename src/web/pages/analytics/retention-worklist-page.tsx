import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneCall, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { rfmSegments, type RfmSegment } from '../../../modules/analytics/schema.ts';
import {
  useCreateRetentionTasks,
  useRefitChurnModel,
  useRetentionWorklist,
  worklistExportUrl,
  type WorklistSort,
} from '../../api/analytics.ts';
import { errorMessage } from '../../api/error-message.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { toIso, tomorrowAt } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { ClassifierRunsCard } from './classifier-runs-card.tsx';
import { ModelRunsCard } from './model-runs-card.tsx';
import { reasonText } from './reason-text.ts';

const pageSize = 50;
const thresholds = ['0.2', '0.35', '0.5', '0.7'];

/** The after-sales churn early warning: whom to call first, and why. */
export function RetentionWorklistPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('analytics.retention.title'));
  const canRefit = useCan('models:manage');
  const canCall = useCan('tasks:write');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const createCalls = useCreateRetentionTasks();
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [segment, setSegment] = useState<RfmSegment | null>(null);
  const [threshold, setThreshold] = useState('0.5');
  const [sort, setSort] = useState<WorklistSort>('revenueAtRisk');
  const [page, setPage] = useState(1);
  const exportQuery = {
    dealerCode: dealerCode ?? undefined,
    segment: segment ?? undefined,
    maxPActive: Number(threshold),
    sort,
  };
  const worklist = useRetentionWorklist({
    ...exportQuery,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const refit = useRefitChurnModel();
  const data = worklist.data;

  const onRefit = () =>
    refit.mutate(undefined, {
      onSuccess: (result) =>
        notifications.show(
          result.status === 'succeeded'
            ? { color: 'teal', message: t('analytics.retention.refitted') }
            : {
                color: 'red',
                message: t('analytics.retention.refitFailed', { reason: result.errorMessage }),
              },
        ),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });

  const toggle = (customerId: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(customerId)) next.delete(customerId);
      else next.add(customerId);
      return next;
    });
  const onCreateCalls = () =>
    createCalls.mutate(
      { customerIds: [...picked], dueAt: toIso(tomorrowAt(10)) },
      {
        onSuccess: (result) => {
          setPicked(new Set());
          notifications.show({
            color: 'teal',
            message: t('analytics.retention.callsCreated', {
              created: result.created.length,
              skipped: result.skipped.length,
            }),
          });
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('analytics.retention.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('analytics.retention.intro')}
          </Text>
          {data?.run && (
            <Text size="sm" mt={4}>
              {t('analytics.retention.asOf', { date: format.date(data.run.asOf) })}
            </Text>
          )}
        </div>
        <Group gap="xs">
          {canCall && (
            <Button
              leftSection={<IconPhoneCall size={16} />}
              disabled={picked.size === 0}
              loading={createCalls.isPending}
              onClick={onCreateCalls}
            >
              {t('analytics.retention.createCalls', { count: picked.size })}
            </Button>
          )}
          <ExportButtons
            xlsx={worklistExportUrl(exportQuery, 'xlsx')}
            csv={worklistExportUrl(exportQuery, 'csv')}
            testId="worklist-export"
            requires="customers:export"
          />
          {canRefit && (
            <Button
              variant="light"
              leftSection={<IconRefresh size={16} />}
              loading={refit.isPending}
              onClick={onRefit}
            >
              {t('analytics.retention.refit')}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm">
        <Select
          label={t('analytics.retention.dealer')}
          placeholder={t('common.all')}
          data={dealerOptions(dealers.data)}
          value={dealerCode}
          onChange={(value) => {
            setDealerCode(value);
            setPage(1);
          }}
          searchable
          clearable
          w={240}
        />
        <Select
          label={t('analytics.retention.segment')}
          placeholder={t('common.all')}
          data={rfmSegments.map((value) => ({ value, label: t(`analytics.segments.${value}`) }))}
          value={segment}
          onChange={(value) => {
            setSegment(value as RfmSegment | null);
            setPage(1);
          }}
          clearable
          w={200}
        />
        <Select
          label={t('analytics.retention.threshold')}
          data={thresholds.map((value) => ({
            value,
            label: `${format.number(Number(value) * 100)} %`,
          }))}
          value={threshold}
          onChange={(value) => {
            setThreshold(value ?? '0.5');
            setPage(1);
          }}
          w={200}
        />
        <Select
          label={t('analytics.retention.sortBy')}
          data={[
            { value: 'revenueAtRisk', label: t('analytics.retention.sortRevenueAtRisk') },
            { value: 'lifetimeValue', label: t('analytics.retention.sortLifetimeValue') },
          ]}
          value={sort}
          onChange={(value) => {
            setSort((value as WorklistSort | null) ?? 'revenueAtRisk');
            setPage(1);
          }}
          allowDeselect={false}
          w={260}
          data-testid="worklist-sort"
        />
      </Group>
      {data?.run?.lifetime && (
        <Text size="xs" c="dimmed">
          {t('analytics.retention.lifetimeValue')}:{' '}
          {t('analytics.retention.lifetimeTerms', {
            years: data.run.lifetime.horizonYears,
            rate: format.percent(data.run.lifetime.annualRate),
          })}
        </Text>
      )}
      {worklist.isError && (
        <QueryError error={worklist.error} onRetry={() => void worklist.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={1100}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="retention-worklist">
            <Table.Thead>
              <Table.Tr>
                {canCall && <Table.Th w={36} />}
                <Table.Th>{t('analytics.retention.customer')}</Table.Th>
                <Table.Th>{t('analytics.retention.lastVisit')}</Table.Th>
                <Table.Th ta="right">{t('analytics.retention.visits')}</Table.Th>
                <Table.Th ta="right">{t('analytics.retention.pActive')}</Table.Th>
                <Table.Th ta="right">{t('analytics.retention.expected')}</Table.Th>
                <Table.Th ta="right">{t('analytics.retention.atRisk')}</Table.Th>
                <Table.Th ta="right">{t('analytics.retention.lifetimeValue')}</Table.Th>
                <Table.Th>{t('analytics.retention.reasons')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data?.items ?? []).map((item) => (
                <Table.Tr key={item.customerId}>
                  {canCall && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('analytics.retention.pick', { name: item.displayName })}
                        checked={picked.has(item.customerId)}
                        onChange={() => toggle(item.customerId)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/customers/${item.customerId}`}
                      size="sm"
                      fw={600}
                    >
                      {item.displayName}
                    </Anchor>
                    <Group gap={4} mt={2}>
                      <Badge size="xs" variant="light">
                        {t(`analytics.segments.${item.rfm.segment}`)}
                      </Badge>
                      {item.lastDealerName && (
                        <Text size="xs" c="dimmed">
                          {item.lastDealerName}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{format.date(item.lastVisitDate)}</Table.Td>
                  <Table.Td ta="right">{format.number(item.visits)}</Table.Td>
                  <Table.Td ta="right">{format.number(Math.round(item.pActive * 100))} %</Table.Td>
                  <Table.Td ta="right">
                    {format.number(Math.round(item.expectedVisits12m * 10) / 10)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {format.money(item.revenueAtRiskMinor, item.currency)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {format.money(item.lifetimeValueMinor, item.currency)}
                  </Table.Td>
                  <Table.Td>
                    <List size="xs" spacing={2}>
                      {item.reasons
                        .filter((reason) => reason.code !== 'revenue_at_risk')
                        .map((reason) => (
                          <List.Item key={reason.code}>{reasonText(reason, t, format)}</List.Item>
                        ))}
                    </List>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {worklist.isSuccess && data?.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>
              {data.run ? t('analytics.retention.empty') : t('analytics.retention.noModel')}
            </EmptyNote>
          </Stack>
        )}
      </Card>
      {data && data.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('analytics.retention.total', { count: data.total })}
          </Text>
          {data.total > pageSize && (
            <Pagination total={Math.ceil(data.total / pageSize)} value={page} onChange={setPage} />
          )}
        </Group>
      )}
      <ModelRunsCard />
      <ClassifierRunsCard />
    </Stack>
  );
}
