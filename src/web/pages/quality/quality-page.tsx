import { LineChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Radio,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { qualityProblems, type QualityProblem } from '../../../modules/quality/schema.ts';
import {
  useQualityRuns,
  useQualitySummary,
  useRunQualityScoring,
  type QualityGroupBy,
  type TrendPeriod,
} from '../../api/quality.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { QualityWorklistCard, scoreColour } from './quality-worklist-card.tsx';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/**
 * The data-quality dashboard: the scores of the customers in the user's scope, by dealer,
 * source or month, the problems found with a worklist of the worst records, and the trend of
 * the runs (made by hand or by the server's daily schedule). The before/after of a cleaning
 * compares the latest run with the one the user picks in the trend, by default the run before.
 */
export function QualityPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('quality.page.title'));
  const canRun = useCan('quality:manage');
  const [groupBy, setGroupBy] = useState<QualityGroupBy>('dealer');
  const [problem, setProblem] = useState<QualityProblem | null>(null);
  const [beforeId, setBeforeId] = useState<string | null>(null);
  const summary = useQualitySummary(groupBy);
  const [period, setPeriod] = useState<TrendPeriod>('runs');
  const runs = useQualityRuns(period);
  const run = useRunQualityScoring();
  const [latest, previous] = runs.data ?? [];
  // the run before a cleaning, as chosen in the trend; the one before the latest by default
  const before = runs.data?.slice(1).find((item) => item.id === beforeId) ?? previous;
  const total = summary.data?.total;
  const change = latest && before ? latest.averageScore - before.averageScore : undefined;
  const chart = [...(runs.data ?? [])]
    .reverse()
    .map((item) => ({ run: format.shortDateTime(item.computedAt), score: item.averageScore }));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('quality.page.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t('quality.page.intro')}
          </Text>
        </div>
        {canRun && (
          <Group gap="xs">
            <Button component={Link} to="/quality/duplicates" variant="default">
              {t('quality.duplicates.open')}
            </Button>
            <Button
              leftSection={<IconRefresh size={16} />}
              loading={run.isPending}
              onClick={() => run.mutate()}
            >
              {run.isPending ? t('quality.page.running') : t('quality.page.run')}
            </Button>
          </Group>
        )}
      </Group>
      {run.isError && <QueryError error={run.error} />}
      {summary.isError && (
        <QueryError error={summary.error} onRetry={() => void summary.refetch()} />
      )}
      {runs.isSuccess && runs.data.length === 0 && <EmptyNote>{t('quality.page.never')}</EmptyNote>}
      {total && total.customers > 0 && (
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Figure
            label={t('quality.page.score')}
            value={format.number(total.averageScore)}
            {...(change !== undefined
              ? {
                  hint: `${t('quality.page.changeSince', { date: format.shortDateTime(before!.computedAt) })}: ${change >= 0 ? '+' : ''}${format.number(Math.round(change * 10) / 10)}`,
                }
              : {})}
          />
          <Figure label={t('quality.page.customers')} value={format.number(total.customers)} />
          <Figure
            label={t('quality.page.completeness')}
            value={format.number(total.completeness)}
          />
          <Figure
            label={t('quality.page.verifiedShare')}
            value={format.percent(total.verifiedShare / 100)}
            hint={t('quality.page.verifiedShareHint')}
          />
          <Figure
            label={t('quality.page.lastRun')}
            value={latest ? format.shortDateTime(latest.computedAt) : '—'}
          />
        </SimpleGrid>
      )}

      <Card padding={0}>
        <Group p="sm" justify="space-between">
          <Text fw={600}>{t('quality.page.groupBy')}</Text>
          <SegmentedControl
            value={groupBy}
            onChange={(value) => setGroupBy(value as QualityGroupBy)}
            data={(['dealer', 'source', 'month'] as const).map((value) => ({
              value,
              label: t(`quality.page.group.${value}`),
            }))}
          />
        </Group>
        <Table verticalSpacing="xs" data-testid="quality-groups-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`quality.page.group.${groupBy}`)}</Table.Th>
              <Table.Th ta="right">{t('quality.page.customers')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.score')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.completeness')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.validity')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.consistency')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.freshness')}</Table.Th>
              <Table.Th ta="right">{t('quality.page.verifiedShare')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(summary.data?.groups ?? []).map((group) => (
              <Table.Tr key={group.key}>
                <Table.Td>{group.key || t('quality.page.noSource')}</Table.Td>
                <Table.Td ta="right">{format.number(group.customers)}</Table.Td>
                <Table.Td ta="right">
                  <Badge color={scoreColour(group.averageScore)} variant="light">
                    {format.number(group.averageScore)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{format.number(group.completeness)}</Table.Td>
                <Table.Td ta="right">{format.number(group.validity)}</Table.Td>
                <Table.Td ta="right">{format.number(group.consistency)}</Table.Td>
                <Table.Td ta="right">{format.number(group.freshness)}</Table.Td>
                <Table.Td ta="right">{format.percent(group.verifiedShare / 100)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card padding={0}>
          <Text fw={600} px="sm" pt="sm">
            {t('quality.page.problemsTitle')}
          </Text>
          {latest && before && (
            <Text size="xs" c="dimmed" px="sm" pb="xs" data-testid="quality-before-after">
              {t('quality.page.beforeAfter', {
                before: format.shortDateTime(before.computedAt),
                after: format.shortDateTime(latest.computedAt),
              })}
            </Text>
          )}
          <Table verticalSpacing="xs" data-testid="quality-problems-table">
            <Table.Tbody>
              {qualityProblems.map((code) => (
                <Table.Tr key={code}>
                  <Table.Td>
                    <Anchor component="button" onClick={() => setProblem(code)} size="sm">
                      {t(`quality.problem.${code}`)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{format.number(total?.problems[code] ?? 0)}</Table.Td>
                  <Table.Td ta="right" c="dimmed">
                    {latest && before
                      ? format.number(before.problems[code]) +
                        ' → ' +
                        format.number(latest.problems[code])
                      : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card padding={0}>
          <Text fw={600} px="sm" pt="sm">
            {t('quality.page.trend')}
          </Text>
          <Text size="xs" c="dimmed" px="sm" pb="xs">
            {t('quality.page.trendHint')}
          </Text>
          <SegmentedControl
            mx="sm"
            mb="xs"
            size="xs"
            aria-label={t('quality.page.trendPeriod.label')}
            data-testid="quality-trend-period"
            value={period}
            onChange={(value) => setPeriod(value as TrendPeriod)}
            data={(['runs', 'quarter', 'year'] as const).map((value) => ({
              value,
              label: t(`quality.page.trendPeriod.${value}`),
            }))}
          />
          {chart.length > 1 && (
            <LineChart
              h={140}
              px="sm"
              data={chart}
              dataKey="run"
              withXAxis={false}
              yAxisProps={{ domain: [0, 100] }}
              valueFormatter={(value) => format.number(value)}
              series={[{ name: 'score', label: t('quality.page.score'), color: 'blue.6' }]}
            />
          )}
          {/* a year of daily runs is 365 rows: the list scrolls, the chart shows them all */}
          <ScrollArea.Autosize mah={360}>
            <Table verticalSpacing="xs" data-testid="quality-runs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('quality.page.before')}</Table.Th>
                  <Table.Th>{t('quality.page.runAt')}</Table.Th>
                  <Table.Th ta="right">{t('quality.page.customers')}</Table.Th>
                  <Table.Th ta="right">{t('quality.page.score')}</Table.Th>
                  <Table.Th ta="right">{t('quality.page.verifiedShare')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(runs.data ?? []).map((item, index) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      {index > 0 && (
                        <Radio
                          size="xs"
                          aria-label={t('quality.page.compareWith', {
                            date: format.shortDateTime(item.computedAt),
                          })}
                          checked={item.id === before?.id}
                          onChange={() => setBeforeId(item.id)}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      {format.shortDateTime(item.computedAt)}{' '}
                      <Badge size="xs" variant="light" color={item.scheduled ? 'gray' : 'blue'}>
                        {item.scheduled ? t('quality.page.scheduled') : t('quality.page.byHand')}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{format.number(item.customers)}</Table.Td>
                    <Table.Td ta="right">{format.number(item.averageScore)}</Table.Td>
                    <Table.Td ta="right" data-testid="run-verified-share">
                      {item.verifiedShare === null
                        ? t('quality.page.notRecorded')
                        : format.percent(item.verifiedShare / 100)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Card>
      </SimpleGrid>

      <QualityWorklistCard problem={problem} onProblem={setProblem} />
    </Stack>
  );
}
