import {
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileUpload, IconSparkles } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  scoredCustomersExportUrl,
  useBestCustomerRuns,
  useFitBestCustomers,
  useScoreList,
  useScoredCustomers,
  useSoldSeries,
  type BestCustomerRun,
  type ScoreOrder,
  type ScoredList,
} from '../../api/best-customers.ts';
import { errorMessage } from '../../api/error-message.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { BestCustomerRunsCard, fitFailureText } from './best-customer-runs-card.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';

const pageSize = 50;
// the columns an uploaded list may have (the server's list-scoring schema); shown as a hint
const listColumns =
  'externalId, name, phone, email, age, birthDate, gender, incomeBand, maritalStatus, childrenCount, education, occupation, region, dealerCode, currentMake, currentSegment, currentCarYear, interests, purchaseWithinMonths';

type Reason = { feature: string; value: string };

function featureLabel(feature: string, t: TFunction): string {
  if (feature.startsWith('interest:')) {
    return `${t('bestCustomers.features.interest')}: ${feature.slice('interest:'.length)}`;
  }
  return t(`bestCustomers.features.${feature as 'ageBand'}`);
}

/** Traits whose values are the customer vocabularies of the profile (gender, income ...). */
const traitVocabulary: Partial<Record<string, string>> = {
  gender: 'gender',
  incomeBand: 'incomeBand',
  maritalStatus: 'maritalStatus',
  education: 'education',
};

function reasonText(reason: Reason, t: TFunction): string {
  if (reason.feature === 'carAge' && reason.value === 'none') {
    return t('bestCustomers.features.noCar');
  }
  if (reason.feature.startsWith('interest:')) return featureLabel(reason.feature, t);
  const vocabulary = traitVocabulary[reason.feature];
  // a value the labels do not know (a newer server) shows as it is
  const translate = t as unknown as (key: string, options: { defaultValue: string }) => string;
  const value = vocabulary
    ? translate(`${vocabulary}.${reason.value}`, { defaultValue: reason.value })
    : reason.feature === 'dealer'
      ? reason.value.toUpperCase() // features are lower-cased; dealer codes are read in capitals
      : reason.value;
  return `${featureLabel(reason.feature, t)}: ${value}`;
}

/** A CSV file for the browser to save; the figures stay machine-readable (dot decimals). */
function downloadCsv(name: string, header: string[], rows: (string | number | null)[][]): void {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const body = [header, ...rows].map((row) => row.map(cell).join(',')).join('\n');
  const url = URL.createObjectURL(new Blob([`\uFEFF${body}\n`], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Seed 003 P3: who buys a model series, and who else looks like them. */
export function BestCustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('bestCustomers.title'));
  const canFit = useCan('models:manage');
  const sold = useSoldSeries();
  const [series, setSeries] = useState<string | null>(null);
  const [windowMonths, setWindowMonths] = useState<number>(12);
  const runs = useBestCustomerRuns(series);
  const [pickedRunId, setPickedRunId] = useState<string | null>(null);
  const fit = useFitBestCustomers();

  const runList = runs.data ?? [];
  const run =
    runList.find((item) => item.id === pickedRunId) ??
    runList.find((item) => item.status === 'succeeded') ??
    runList[0];

  const onFit = () => {
    if (!series) return;
    fit.mutate(
      { series, windowMonths },
      {
        onSuccess: (result) => {
          setPickedRunId(result.id);
          notifications.show(
            result.status === 'succeeded'
              ? { color: 'teal', message: t('bestCustomers.fitted', { series }) }
              : {
                  color: 'red',
                  message: t('bestCustomers.fitFailed', { reason: fitFailureText(result, t) }),
                },
          );
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('bestCustomers.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={820}>
          {t('bestCustomers.intro')}
        </Text>
      </div>
      {sold.isError && <QueryError error={sold.error} onRetry={() => void sold.refetch()} />}
      <Group gap="sm" align="flex-end">
        <Select
          label={t('bestCustomers.series')}
          data-testid="best-customers-series"
          data={(sold.data ?? []).map((item) => ({
            value: item.series,
            label: t('bestCustomers.seriesOption', {
              series: item.series,
              count: format.number(item.purchases),
            }),
          }))}
          value={series}
          onChange={(value) => {
            setSeries(value);
            setPickedRunId(null);
          }}
          searchable
          w={260}
        />
        {canFit && (
          <>
            <NumberInput
              label={t('bestCustomers.window')}
              value={windowMonths}
              onChange={(value) => setWindowMonths(typeof value === 'number' ? value : 12)}
              min={1}
              max={60}
              w={140}
            />
            <Button
              leftSection={<IconSparkles size={16} />}
              disabled={!series}
              loading={fit.isPending}
              onClick={onFit}
            >
              {t('bestCustomers.fit')}
            </Button>
          </>
        )}
      </Group>
      {!series && <EmptyNote>{t('bestCustomers.pickSeries')}</EmptyNote>}
      {series && runs.isSuccess && runList.length === 0 && (
        <EmptyNote>{t('bestCustomers.noRun')}</EmptyNote>
      )}
      {series && runList.length > 0 && (
        <BestCustomerRunsCard
          series={series}
          runs={runList}
          shownId={run?.id}
          onPick={setPickedRunId}
        />
      )}
      {run?.status === 'failed' && (
        <Text c="red" size="sm">
          {t('bestCustomers.fitFailed', { reason: fitFailureText(run, t) })}
        </Text>
      )}
      {run?.status === 'succeeded' && run.quality && (
        <>
          <QualityCard run={run} format={format} />
          <ScoredCustomersCard runId={run.id} />
          <ListCard runId={run.id} series={run.series} />
        </>
      )}
    </Stack>
  );
}

function QualityCard({ run, format }: { run: BestCustomerRun; format: Formatters }) {
  const { t } = useTranslation();
  const quality = run.quality;
  const chart = useMemo(
    () => [
      { share: format.percent(0), model: 0, random: 0 },
      ...(quality?.holdout.curve ?? []).map((point) => ({
        share: format.percent(point.share),
        model: round2(point.cumulativeGain * 100),
        random: round2(point.share * 100),
      })),
    ],
    [quality, format],
  );
  if (!quality) return null;
  const { holdout } = quality;
  const stats = [
    {
      label: t('bestCustomers.quality.lift'),
      value: holdout.topDecileLift === null ? '—' : format.number(round2(holdout.topDecileLift)),
    },
    { label: t('bestCustomers.quality.buyers'), value: format.number(holdout.buyers) },
    { label: t('bestCustomers.quality.people'), value: format.number(holdout.people) },
    { label: t('bestCustomers.quality.baseRate'), value: format.percent(holdout.baseRate) },
  ];
  return (
    <Card>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('bestCustomers.quality.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('bestCustomers.quality.explain', {
            window: format.number(run.windowMonths ?? 12),
            asOf: format.date(run.asOf),
          })}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {stats.map((stat) => (
            <div key={stat.label}>
              <Text size="xs" c="dimmed">
                {stat.label}
              </Text>
              <Text size="xl" fw={700} data-testid="best-customers-stat">
                {stat.value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('bestCustomers.quality.gains')}
            </Text>
            <LineChart
              h={240}
              data={chart}
              dataKey="share"
              xAxisLabel={t('bestCustomers.quality.share')}
              yAxisLabel={t('bestCustomers.quality.found')}
              valueFormatter={(value) => `${format.number(value)} %`}
              withLegend
              series={[
                { name: 'model', label: t('bestCustomers.quality.model'), color: 'blue.6' },
                { name: 'random', label: t('bestCustomers.quality.random'), color: 'gray.5' },
              ]}
            />
          </div>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('bestCustomers.quality.profile')}
            </Text>
            <Table verticalSpacing={4} data-testid="best-customers-profile">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bestCustomers.quality.trait')}</Table.Th>
                  <Table.Th ta="right">{t('bestCustomers.quality.buyerShare')}</Table.Th>
                  <Table.Th ta="right">{t('bestCustomers.quality.otherShare')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {quality.highlights.map((item) => (
                  <Table.Tr key={`${item.feature}=${item.value}`}>
                    <Table.Td>{reasonText(item, t)}</Table.Td>
                    <Table.Td ta="right">{format.percent(item.buyerShare)}</Table.Td>
                    <Table.Td ta="right">{format.percent(item.otherShare)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function ScoredCustomersCard({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [order, setOrder] = useState<ScoreOrder>('priority');
  const [page, setPage] = useState(1);
  const scored = useScoredCustomers(runId, {
    order,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const data = scored.data;

  return (
    <Card padding={0}>
      <Group justify="space-between" p="md" pb="xs">
        <Title order={2} size="h4">
          {t('bestCustomers.customers.title')}
        </Title>
        <Group gap="xs" align="flex-end">
          <Select
            aria-label={t('bestCustomers.customers.order')}
            data={[
              { value: 'priority', label: t('bestCustomers.customers.priority') },
              { value: 'likeness', label: t('bestCustomers.customers.likeness') },
            ]}
            value={order}
            onChange={(value) => {
              setOrder((value as ScoreOrder | null) ?? 'priority');
              setPage(1);
            }}
            w={280}
          />
          {Boolean(data?.total) && (
            <ExportButtons
              testId="best-customers-export"
              xlsx={scoredCustomersExportUrl(runId, order, 'xlsx')}
              csv={scoredCustomersExportUrl(runId, order, 'csv')}
            />
          )}
        </Group>
      </Group>
      {scored.isError && <QueryError error={scored.error} onRetry={() => void scored.refetch()} />}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="best-customers-scored">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bestCustomers.customers.customer')}</Table.Th>
              <Table.Th ta="right">{t('bestCustomers.customers.likeness')}</Table.Th>
              <Table.Th ta="right">{t('bestCustomers.customers.readiness')}</Table.Th>
              <Table.Th>{t('bestCustomers.customers.reasons')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.items ?? []).map((item) => (
              <Table.Tr key={item.customerId}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${item.customerId}`} size="sm" fw={600}>
                    {item.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{format.number(round2(item.likeness))}</Table.Td>
                <Table.Td ta="right">{format.percent(item.readiness)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {item.reasons.map((reason) => (
                      <Badge key={reason.feature} size="sm" variant="light">
                        {reasonText(reason, t)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {scored.isSuccess && data?.total === 0 && (
        <Stack p="md">
          <EmptyNote>{t('bestCustomers.customers.empty')}</EmptyNote>
        </Stack>
      )}
      {data && data.total > 0 && (
        <Group justify="space-between" p="md">
          <Text size="sm" c="dimmed">
            {t('bestCustomers.customers.total', { count: format.number(data.total) })}
          </Text>
          {data.total > pageSize && (
            <Pagination total={Math.ceil(data.total / pageSize)} value={page} onChange={setPage} />
          )}
        </Group>
      )}
    </Card>
  );
}

function ListCard({ runId, series }: { runId: string; series: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ScoredList | null>(null);
  const score = useScoreList();

  const onScore = async () => {
    if (!file) return;
    const csv = await file.text();
    score.mutate(
      { runId, csv },
      {
        onSuccess: setResult,
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  };

  const onExport = () => {
    if (!result) return;
    downloadCsv(
      `best-customers-list-${series}.csv`,
      ['line', 'externalId', 'name', 'phone', 'email', 'priority', 'likeness', 'readiness'],
      result.items.map((item) => [
        item.line,
        item.externalId,
        item.name,
        item.phone,
        item.email,
        round2(item.priority),
        round2(item.likeness),
        round2(item.readiness),
      ]),
    );
  };

  return (
    <Card>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('bestCustomers.list.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('bestCustomers.list.hint', { columns: listColumns })}
        </Text>
        <Group align="flex-end" gap="sm">
          <FileInput
            label={t('bestCustomers.list.file')}
            placeholder={t('bestCustomers.list.pick')}
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            clearable
            w={320}
          />
          <Button
            leftSection={<IconFileUpload size={16} />}
            disabled={!file}
            loading={score.isPending}
            onClick={() => void onScore()}
          >
            {t('bestCustomers.list.score')}
          </Button>
          {result && result.items.length > 0 && (
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={onExport}>
              {t('bestCustomers.list.export')}
            </Button>
          )}
        </Group>
        {result && (
          <>
            <Group gap="md">
              <Badge color="teal" variant="light">
                {t('bestCustomers.list.accepted', { count: format.number(result.accepted) })}
              </Badge>
              {result.rejected.length > 0 && (
                <Badge color="red" variant="light">
                  {t('bestCustomers.list.rejected', {
                    count: format.number(new Set(result.rejected.map((row) => row.line)).size),
                  })}
                </Badge>
              )}
            </Group>
            {result.rejected.length > 0 && (
              <Table verticalSpacing={4} data-testid="best-customers-rejected">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bestCustomers.list.line')}</Table.Th>
                    <Table.Th>{t('bestCustomers.list.field')}</Table.Th>
                    <Table.Th>{t('bestCustomers.list.problem')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.rejected.slice(0, 100).map((row) => (
                    <Table.Tr key={`${row.line}-${row.field}`}>
                      <Table.Td>{format.number(row.line)}</Table.Td>
                      <Table.Td>{row.field}</Table.Td>
                      <Table.Td>{row.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" data-testid="best-customers-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bestCustomers.list.line')}</Table.Th>
                    <Table.Th>{t('bestCustomers.list.person')}</Table.Th>
                    <Table.Th ta="right">{t('bestCustomers.customers.likeness')}</Table.Th>
                    <Table.Th ta="right">{t('bestCustomers.customers.readiness')}</Table.Th>
                    <Table.Th>{t('bestCustomers.customers.reasons')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.items.slice(0, 200).map((item) => (
                    <Table.Tr key={item.line}>
                      <Table.Td>{format.number(item.line)}</Table.Td>
                      <Table.Td>
                        {item.name ?? item.externalId ?? item.email ?? item.phone}
                      </Table.Td>
                      <Table.Td ta="right">{format.number(round2(item.likeness))}</Table.Td>
                      <Table.Td ta="right">{format.percent(item.readiness)}</Table.Td>
                      <Table.Td>
                        {item.reasons.map((reason) => reasonText(reason, t)).join(', ')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </Card>
  );
}
