import { CompositeChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { ReportCell } from '../../api/analytics.ts';
import { useFormat } from '../../i18n/format.ts';

/**
 * Seed 004's repeat purchases per month: the share as bars, the absolute count as a line on
 * its own axis (a share can rise while fewer cars go to returning buyers, and the reverse).
 * Rows are the quality dashboard's: month, purchases, repeat purchases, repeat share.
 */
export function RepeatPurchasesChart({ rows }: { rows: ReportCell[][] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = rows.map((row) => ({
    month: String(row[0]),
    share: row[3] === null ? 0 : Math.round(Number(row[3]) * 1000) / 10,
    count: Number(row[2] ?? 0),
  }));
  return (
    <CompositeChart
      h={260}
      data={data}
      dataKey="month"
      data-testid="repeat-purchases-chart"
      withLegend
      withRightYAxis
      // the share's axis in per cent, the count's in whole cars
      yAxisProps={{ unit: ' %' }}
      rightYAxisProps={{ allowDecimals: false }}
      valueFormatter={(value) => format.number(value)}
      series={[
        {
          name: 'share',
          type: 'bar',
          label: t('analytics.dashboards.columns.repeatPurchaseShare'),
          color: 'blue.6',
        },
        {
          name: 'count',
          type: 'line',
          yAxisId: 'right',
          label: t('analytics.dashboards.columns.repeatPurchases'),
          color: 'orange.6',
        },
      ]}
    />
  );
}
