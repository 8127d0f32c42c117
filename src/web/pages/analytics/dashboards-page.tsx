import {
  Alert,
  Card,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { BarChart } from '@mantine/charts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  dashboardExportUrl,
  useDashboard,
  type DashboardFilters,
  type DashboardName,
  type Report,
  type ReportCell,
} from '../../api/analytics.ts';
import { useLeadSources } from '../../api/leads.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { toMinor } from '../sales/money.ts';
import { DashboardFiltersBar } from './dashboard-filters-bar.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { RepeatPurchasesChart } from './repeat-purchases-chart.tsx';
import { reportPeriodSpan } from './default-period.ts';
import { PeriodNote } from './period-note.tsx';
import { useReportFilters } from './use-report-filters.ts';

const names: DashboardName[] = [
  'prospects',
  'channels',
  'funnel',
  'response',
  'aftersales',
  'quality',
  'usage',
  'comparison',
];
/** Tables drawn as bars as well: the first column names the bar, this column is its length. */
const charted: Record<string, number> = {
  perChannel: 1,
  perSeries: 1,
  competitors: 1,
  channels: 1,
  funnel: 1,
  retentionByYear: 3,
  responseBuckets: 6,
  repeatContactsByMonth: 3,
  byBrand: 1,
  byRegion: 1,
  byDealer: 1,
  bySeries: 1,
};

/** The filters besides the period, each kept in the URL under its query name. */
const filterKeys = [
  'brandCode',
  'regionCode',
  'dealerCode',
  'consultantId',
  'channel',
  'series',
] as const;

const isDashboard = (value: string | null): value is DashboardName =>
  names.includes(value as DashboardName);

/** Prospect KPIs, channel analysis and the funnel (seed 002), each exportable. */
export function DashboardsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('analytics.dashboards.title'));
  const [search, setSearch] = useSearchParams();
  const shown = search.get('dashboard');
  const name: DashboardName = isDashboard(shown) ? shown : 'prospects';
  const span = reportPeriodSpan[name];
  const { filters, setFilters, periodPicked, resetPeriod } = useReportFilters<DashboardFilters>(
    span,
    filterKeys,
  );
  const setName = (next: DashboardName) =>
    setSearch((previous) => {
      const params = new URLSearchParams(previous);
      params.set('dashboard', next);
      return params;
    });
  const report = useDashboard(name, filters);
  const sources = useLeadSources();
  const sourceName = new Map(
    (sources.data?.items ?? []).map((source) => [source.key, source.names[format.locale]]),
  );
  const labelOf = (tableKey: string, value: ReportCell, columnKey?: string) => {
    if (columnKey === 'lastLogin') return value ? format.dateTime(String(value)) : '—';
    if (columnKey === 'role') return t(`roles.${value as 'analyst'}`);
    if (typeof value !== 'string') return value ?? '—';
    if (columnKey === 'costNote') return costNoteText(value, t);
    if (tableKey === 'perChannel' || tableKey === 'channels') return sourceName.get(value) ?? value;
    if (tableKey === 'funnel') return t(`leads.stage.${value as 'new'}`);
    if (tableKey === 'responseBuckets') {
      return t(`analytics.dashboards.responseBuckets.${value as 'within15m'}`);
    }
    return value;
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('analytics.dashboards.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('analytics.dashboards.intro')}
          </Text>
        </div>
        <ExportButtons xlsx={dashboardExportUrl(name, filters, 'xlsx')} testId="dashboard-export" />
      </Group>
      {/* nine names in Russian are wider than a laptop's page: they scroll, the page does not */}
      <ScrollArea type="auto" scrollbars="x" offsetScrollbars>
        <SegmentedControl
          value={name}
          onChange={(value) => setName(value as DashboardName)}
          data={names.map((value) => ({ value, label: t(`analytics.dashboards.names.${value}`) }))}
          w="fit-content"
        />
      </ScrollArea>
      <DashboardFiltersBar value={filters} onChange={setFilters} />
      <PeriodNote span={span} picked={periodPicked} onReset={resetPeriod} />
      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          <Text size="xs" c="dimmed">
            {report.data.asOf
              ? t('analytics.dashboards.asOf', { time: format.dateTime(report.data.asOf) })
              : t('analytics.dashboards.notComputed')}
          </Text>
          {report.data.unappliedFilters?.length ? (
            <Alert color="yellow" variant="light" data-testid="unapplied-filters">
              {t('analytics.dashboards.unapplied', {
                filters: report.data.unappliedFilters
                  .map((key) => t(`analytics.dashboards.filters.${filterLabelKey(key)}`))
                  .join(', '),
              })}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
            {report.data.kpis.map((kpi) => (
              <Paper key={kpi.key} withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t(`analytics.dashboards.kpis.${kpi.key as 'total'}`)}
                </Text>
                <Text size="xl" fw={700} data-testid={`kpi-${kpi.key}`}>
                  {cellText(kpi.value, kpi.kind, format)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {report.data.tables.map((table) => (
            <ReportTableCard
              key={table.key}
              table={table}
              exportHref={dashboardExportUrl(name, filters, 'csv', table.key)}
              labelOf={(value, columnKey) => labelOf(table.key, value, columnKey)}
              t={t}
              format={format}
            />
          ))}
        </>
      )}
    </Stack>
  );
}

/** A query filter's label key: brandCode -> brand, consultantId -> consultant. */
function filterLabelKey(key: string): 'brand' {
  return key.replace(/(Code|Id)$/, '') as 'brand';
}

function cellText(
  value: ReportCell,
  kind: string,
  format: Formatters,
  currency?: ReportCell,
): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (kind === 'ratio') return `${format.number(Math.round(value * 1000) / 10)} %`;
  // reports give money in the currency's major unit (toMajor); with the row's currency, say it
  if (kind === 'money' && typeof currency === 'string') {
    return format.money(toMinor(value, currency), currency);
  }
  return format.number(value);
}

/** Why a channel's cost figures are empty (channel-costs.ts CostNote), in words. */
function costNoteText(note: string, t: TFunction): string {
  const [key, currencies] = note.split(':');
  if (key === 'severalCurrencies') {
    return t('analytics.dashboards.costNotes.severalCurrencies', {
      currencies: (currencies ?? '').split(',').join(', '),
    });
  }
  if (key === 'notPerConsultant' || key === 'notPerSeries') {
    return t(`analytics.dashboards.costNotes.${key}`);
  }
  return note;
}

function ReportTableCard(props: {
  table: Report['tables'][number];
  exportHref: string;
  labelOf: (value: ReportCell, columnKey?: string) => ReportCell;
  t: TFunction;
  format: Formatters;
}) {
  const { table, t, format } = props;
  const valueColumn = charted[table.key];
  const currencyColumn = table.columns.findIndex((column) => column.key === 'currency');
  const chartData =
    valueColumn === undefined
      ? []
      : table.rows.map((row) => ({
          label: String(props.labelOf(row[0] ?? null)),
          value: row[valueColumn],
        }));
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t(`analytics.dashboards.tables.${table.key as 'perChannel'}`)}
          </Title>
          <ExportButtons csv={props.exportHref} size="xs" />
        </Group>
        {table.rows.length === 0 ? (
          <EmptyNote>{t('analytics.dashboards.empty')}</EmptyNote>
        ) : (
          <>
            {table.key === 'repeatPurchasesByMonth' && <RepeatPurchasesChart rows={table.rows} />}
            {chartData.length > 0 && (
              <BarChart
                h={Math.max(120, chartData.length * 32)}
                data={chartData}
                dataKey="label"
                orientation="vertical"
                yAxisProps={{ width: 140 }}
                series={[
                  {
                    name: 'value',
                    label: t(
                      `analytics.dashboards.columns.${table.columns[valueColumn ?? 1]!.key as 'share'}`,
                    ),
                    color: 'blue.6',
                  },
                ]}
              />
            )}
            <Table.ScrollContainer minWidth={Math.max(560, table.columns.length * 96)}>
              <Table verticalSpacing="xs" data-testid={`report-table-${table.key}`}>
                <Table.Thead>
                  <Table.Tr>
                    {table.columns.map((column) => (
                      <Table.Th key={column.key} ta={column.kind === 'text' ? 'left' : 'right'}>
                        {t(`analytics.dashboards.columns.${column.key as 'share'}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {table.rows.map((row, index) => (
                    <Table.Tr key={index}>
                      {row.map((value, column) => {
                        const kind = table.columns[column]!.kind;
                        return (
                          <Table.Td key={column} ta={kind === 'text' ? 'left' : 'right'}>
                            {kind === 'text'
                              ? String(props.labelOf(value, table.columns[column]!.key) ?? '—')
                              : cellText(
                                  value,
                                  kind,
                                  format,
                                  currencyColumn >= 0 ? row[currencyColumn] : undefined,
                                )}
                          </Table.Td>
                        );
                      })}
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
