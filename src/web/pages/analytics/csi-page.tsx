import { Anchor, Card, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  csiExportUrl,
  useCsiDashboard,
  type CsiFilters,
  type Report,
  type ReportCell,
} from '../../api/analytics.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { intlLocales } from '../../i18n/i18n.ts';
import { CsiFiltersBar } from './csi-filters-bar.tsx';
import { reportPeriodSpan } from './default-period.ts';
import { PeriodNote } from './period-note.tsx';
import { useReportFilters } from './use-report-filters.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';

type Table = Report['tables'][number];
type ColumnKey = 'dealer';

/** The filters besides the period, each kept in the URL under its query name. */
const filterKeys = ['brandCode', 'regionCode', 'dealerCode', 'advisorId'] as const;

/** Customer satisfaction from the after-visit calls: per dealer, month and score, worst visits. */
export function CsiPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('analytics.csi.title'));
  const { filters, setFilters, periodPicked, resetPeriod } = useReportFilters<CsiFilters>(
    reportPeriodSpan.csi,
    filterKeys,
  );
  const report = useCsiDashboard(filters);
  const table = (key: string) => report.data?.tables.find((candidate) => candidate.key === key);
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(intlLocales[format.locale], {
      year: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${month}-01T00:00:00Z`));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('analytics.csi.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('analytics.csi.intro')}
          </Text>
        </div>
        <ExportButtons xlsx={csiExportUrl(filters, 'xlsx')} testId="csi-export" />
      </Group>
      <CsiFiltersBar value={filters} onChange={setFilters} />
      <PeriodNote span={reportPeriodSpan.csi} picked={periodPicked} onReset={resetPeriod} />
      {report.isError && <QueryError error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          <Text size="xs" c="dimmed">
            {t('analytics.csi.asOf', { time: format.dateTime(report.data.asOf) })}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
            {report.data.kpis.map((kpi) => (
              <Paper key={kpi.key} withBorder p="sm" radius="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t(`analytics.csi.kpis.${kpi.key as 'answers'}`)}
                </Text>
                <Text size="xl" fw={700} data-testid={`csi-kpi-${kpi.key}`}>
                  {cellText(kpi.value, kpi.kind, format)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ChartCard
              title={t('analytics.csi.tables.csiDistribution')}
              table={table('csiDistribution')}
              valueColumn={1}
              label={(value) => String(value)}
              seriesLabel={t('analytics.csi.columns.answers')}
              color="blue.6"
              testId="csi-histogram"
              yAxis={{ allowDecimals: false }}
            />
            <ChartCard
              title={t('analytics.csi.monthAverage')}
              table={table('csiByMonth')}
              valueColumn={2}
              label={(value) => monthName(String(value))}
              seriesLabel={t('analytics.csi.columns.averageCsi')}
              color="teal.6"
              testId="csi-months-chart"
              yAxis={{ domain: [0, 10], ticks: [0, 2, 4, 6, 8, 10] }}
            />
          </SimpleGrid>
          {(['csiByDealer', 'csiByMonth'] as const).map((key) => (
            <FiguresTable
              key={key}
              table={table(key)}
              title={t(`analytics.csi.tables.${key}`)}
              exportHref={csiExportUrl(filters, 'csv', key)}
              firstColumn={(value) => (key === 'csiByMonth' ? monthName(String(value)) : value)}
            />
          ))}
          <LowestVisits
            table={table('lowestCsi')}
            exportHref={csiExportUrl(filters, 'csv', 'lowestCsi')}
          />
        </>
      )}
    </Stack>
  );
}

function cellText(value: ReportCell, kind: string, format: Formatters): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (kind === 'ratio') return format.percent(value);
  return format.number(value);
}

function ChartCard(props: {
  title: string;
  table: Table | undefined;
  valueColumn: number;
  label: (value: ReportCell) => string;
  seriesLabel: string;
  color: string;
  testId: string;
  /** counts are whole; a mean score lies between 0 and 10 */
  yAxis: { allowDecimals?: boolean; domain?: [number, number]; ticks?: number[] };
}) {
  const { t } = useTranslation();
  const rows = props.table?.rows ?? [];
  const data = rows.map((row) => ({
    label: props.label(row[0] ?? null),
    value: row[props.valueColumn] ?? 0,
  }));
  return (
    <Card data-testid={props.testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {props.title}
        </Title>
        {data.length === 0 ? (
          <EmptyNote>{t('analytics.csi.empty')}</EmptyNote>
        ) : (
          <BarChart
            h={220}
            data={data}
            dataKey="label"
            yAxisProps={props.yAxis}
            series={[{ name: 'value', label: props.seriesLabel, color: props.color }]}
          />
        )}
      </Stack>
    </Card>
  );
}

function FiguresTable(props: {
  table: Table | undefined;
  title: string;
  exportHref: string;
  firstColumn: (value: ReportCell) => ReportCell;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { table } = props;
  if (!table) return null;
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {props.title}
          </Title>
          <ExportButtons csv={props.exportHref} size="xs" />
        </Group>
        {table.rows.length === 0 ? (
          <EmptyNote>{t('analytics.csi.empty')}</EmptyNote>
        ) : (
          <Table verticalSpacing="xs" data-testid={`csi-table-${table.key}`}>
            <Table.Thead>
              <Table.Tr>
                {table.columns.map((column) => (
                  <Table.Th key={column.key} ta={column.kind === 'text' ? 'left' : 'right'}>
                    {t(`analytics.csi.columns.${column.key as ColumnKey}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row, index) => (
                <Table.Tr key={index}>
                  {row.map((value, column) => (
                    <Table.Td key={column} ta={column === 0 ? 'left' : 'right'}>
                      {column === 0
                        ? String(props.firstColumn(value) ?? '—')
                        : cellText(value, table.columns[column]!.kind, format)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

/** The worst answers with the owner's comment, each linked to the owner and to the car's visits. */
function LowestVisits(props: { table: Table | undefined; exportHref: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { table } = props;
  if (!table) return null;
  const at = (key: string) => table.columns.findIndex((column) => column.key === key);
  const [answered, dealer, customer, visitDate, advisor, score, comment, customerId, vehicleId] = [
    'answeredAt',
    'dealer',
    'customer',
    'visitDate',
    'advisor',
    'score',
    'comment',
    'customerId',
    'vehicleId',
  ].map(at) as [number, number, number, number, number, number, number, number, number];
  const shown = ['answeredAt', 'dealer', 'customer', 'visitDate', 'advisor', 'score', 'comment'];
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('analytics.csi.tables.lowestCsi')}
          </Title>
          <ExportButtons csv={props.exportHref} size="xs" />
        </Group>
        {table.rows.length === 0 ? (
          <EmptyNote>{t('analytics.csi.empty')}</EmptyNote>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" data-testid="csi-table-lowestCsi">
              <Table.Thead>
                <Table.Tr>
                  {shown.map((key) => (
                    <Table.Th key={key} ta={key === 'score' ? 'right' : 'left'}>
                      {t(`analytics.csi.columns.${key as ColumnKey}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rows.map((row) => (
                  <Table.Tr key={String(row[at('visitId')])}>
                    <Table.Td>{format.dateTime(String(row[answered]))}</Table.Td>
                    <Table.Td>{row[dealer]}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${String(row[customerId])}`}>
                        {row[customer]}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/vehicles/${String(row[vehicleId])}`}
                        title={t('analytics.csi.openVisit')}
                      >
                        {format.date(String(row[visitDate]))}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{row[advisor] ?? '—'}</Table.Td>
                    <Table.Td ta="right" fw={700} c={Number(row[score]) <= 6 ? 'red' : undefined}>
                      {row[score]}
                    </Table.Td>
                    <Table.Td>{row[comment] ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
