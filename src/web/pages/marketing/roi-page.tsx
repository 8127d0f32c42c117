import {
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRegions } from '../../api/analytics.ts';
import { useBrands } from '../../api/imports.ts';
import {
  roiExportUrl,
  useRoiReport,
  type MoneyAmount,
  type RoiChannelRow,
  type RoiFilters,
  type RoiGrouping,
  type RoiReportAnswer,
  type RoiRow,
  type RoiSourceRow,
  type RoiTotal,
} from '../../api/marketing.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { compactMoney } from '../../i18n/compact-money.ts';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { useSourceName } from '../leads/source-name.ts';
import { RoiAsOf } from './roi-as-of.tsx';

const channels = ['email', 'sms', 'call', 'mail'] as const;
const groupings = ['campaign', 'channel', 'source'] as const satisfies readonly RoiGrouping[];
/** each grouping's own table of the export */
const tableOf = { campaign: 'campaigns', channel: 'channels', source: 'sources' } as const;

/** The last 90 days: campaigns need time to convert, a month is often too short. */
function lastQuarter(): RoiFilters {
  const today = new Date();
  const from = new Date(today.getTime() - 90 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/** "250 %" or "−40 %"; a dash without a cost. */
export function roiText(roi: number | null, format: Formatters): string {
  return roi === null ? '—' : format.percent(roi);
}

/**
 * Campaign ROI: every campaign that sent in the period, its funnel, conversions and money; or
 * the same summed per channel, or per lead source with what came without a campaign.
 */
export function RoiPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.roi.title'));
  const [filters, setFilters] = useState<RoiFilters>(lastQuarter);
  const [groupBy, setGroupBy] = useState<RoiGrouping>('campaign');
  const [includeCampaignCosts, setIncludeCampaignCosts] = useState(false);
  const roi = useRoiReport(filters, groupBy, includeCampaignCosts);
  const brands = useBrands();
  const regions = useRegions();
  const dealers = useDealers();
  const set = (patch: Partial<RoiFilters>) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('marketing.roi.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('marketing.roi.intro')}
          </Text>
        </div>
        <ExportButtons
          xlsx={roiExportUrl(filters, 'xlsx', undefined, groupBy, includeCampaignCosts)}
          csv={roiExportUrl(filters, 'csv', tableOf[groupBy], groupBy, includeCampaignCosts)}
          testId="roi-export"
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <DateField
          label={t('marketing.roi.from')}
          value={filters.from}
          onChange={(from) => from && set({ from })}
        />
        <DateField
          label={t('marketing.roi.to')}
          value={filters.to}
          onChange={(to) => to && set({ to })}
        />
        <Select
          label={t('marketing.roi.brand')}
          placeholder={t('common.all')}
          data={(brands.data ?? []).map((brand) => ({ value: brand.code, label: brand.name }))}
          value={filters.brandCode ?? null}
          onChange={(brandCode) => set({ brandCode: brandCode ?? undefined })}
          clearable
          w={150}
        />
        <Select
          label={t('marketing.roi.region')}
          placeholder={t('common.all')}
          data={(regions.data ?? []).map((region) => ({ value: region.code, label: region.name }))}
          value={filters.regionCode ?? null}
          onChange={(regionCode) => set({ regionCode: regionCode ?? undefined })}
          clearable
          w={170}
        />
        <Select
          label={t('marketing.roi.dealer')}
          placeholder={t('common.all')}
          data={dealerOptions(dealers.data)}
          value={filters.dealerCode ?? null}
          onChange={(dealerCode) => set({ dealerCode: dealerCode ?? undefined })}
          searchable
          clearable
          w={220}
        />
        <Select
          label={t('marketing.roi.channel')}
          placeholder={t('common.all')}
          data={channels.map((value) => ({
            value,
            label: t(`marketing.roi.channels.${value}`),
          }))}
          value={filters.channel ?? null}
          onChange={(channel) =>
            set({ channel: (channel as RoiFilters['channel'] | null) ?? undefined })
          }
          clearable
          w={150}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="roi-group-by">
            {t('marketing.roi.groupBy')}
          </Text>
          <SegmentedControl
            aria-labelledby="roi-group-by"
            data-testid="roi-group-by"
            data={groupings.map((value) => ({
              value,
              label: t(`marketing.roi.groupings.${value}`),
            }))}
            value={groupBy}
            onChange={(value) => setGroupBy(value as RoiGrouping)}
          />
        </Stack>
        {groupBy === 'source' && (
          <Tooltip label={t('marketing.roi.includeCampaignCostsHint')} multiline w={320}>
            <Switch
              data-testid="roi-include-campaign-costs"
              label={t('marketing.roi.includeCampaignCosts')}
              checked={includeCampaignCosts}
              onChange={(event) => setIncludeCampaignCosts(event.currentTarget.checked)}
              mb={8}
            />
          </Tooltip>
        )}
      </Group>
      {roi.isError && <QueryError error={roi.error} onRetry={() => void roi.refetch()} />}
      {roi.data && <RoiTables answer={roi.data} format={format} />}
    </Stack>
  );
}

/** The report's tables in the grouping it was answered in (the switch may be a step ahead). */
function RoiTables({ answer, format }: { answer: RoiReportAnswer; format: Formatters }) {
  const { t } = useTranslation();
  const empty = answer.rows.length === 0;
  return (
    <>
      <RoiAsOf asOf={answer.asOf} format={format} />
      <Card padding={0}>
        <Title order={2} size="h4" p="md">
          {answer.groupBy === 'source'
            ? t('marketing.roi.sourceTotals')
            : t('marketing.roi.totals')}
        </Title>
        {empty ? (
          <EmptyNote>{t('marketing.roi.empty')}</EmptyNote>
        ) : answer.groupBy === 'source' ? (
          <SourceTotals answer={answer} format={format} />
        ) : (
          <CampaignTotals totals={answer.totals} format={format} />
        )}
      </Card>
      {!empty && (
        <Card padding={0}>
          <Title order={2} size="h4" p="md">
            {answer.groupBy === 'campaign'
              ? t('marketing.roi.campaigns')
              : answer.groupBy === 'channel'
                ? t('marketing.roi.channelsTable')
                : t('marketing.roi.sourcesTable')}
          </Title>
          {answer.groupBy === 'campaign' && <CampaignTable rows={answer.rows} format={format} />}
          {answer.groupBy === 'channel' && <ChannelTable rows={answer.rows} format={format} />}
          {answer.groupBy === 'source' && <SourceTable rows={answer.rows} format={format} />}
        </Card>
      )}
      <Text size="xs" c="dimmed" maw={900}>
        {t('marketing.roi.rule')}
        {answer.groupBy === 'channel' && ` ${t('marketing.roi.channelRule')}`}
        {answer.groupBy === 'source' && ` ${t('marketing.roi.sourceRule')}`}
        {answer.groupBy === 'source' &&
          answer.includeCampaignCosts &&
          ` ${t('marketing.roi.campaignCostRule')}`}
        {answer.groupBy === 'source' &&
          answer.campaignCostNotShared.length > 0 &&
          ` ${t('marketing.roi.notShared', {
            amounts: answer.campaignCostNotShared
              .map((money) => format.money(money.amountMinor, money.currency))
              .join(', '),
          })}`}
      </Text>
    </>
  );
}

function CampaignTotals({ totals, format }: { totals: RoiTotal[]; format: Formatters }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="xs" data-testid="roi-totals">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('marketing.roi.columns.currency')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.campaigns')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.cost')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.revenue')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.leads')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.sales')}</Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.roi')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {totals.map((total) => (
          <Table.Tr key={total.currency}>
            <Table.Td>{total.currency}</Table.Td>
            <Table.Td ta="right">{format.number(total.campaigns)}</Table.Td>
            <Table.Td ta="right">{format.money(total.costMinor, total.currency)}</Table.Td>
            <Table.Td ta="right">{format.money(total.revenueMinor, total.currency)}</Table.Td>
            <Table.Td ta="right">{format.number(total.leads)}</Table.Td>
            <Table.Td ta="right">{format.number(total.sales)}</Table.Td>
            <Table.Td ta="right">{roiText(total.roi, format)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SourceTotals({
  answer,
  format,
}: {
  answer: Extract<RoiReportAnswer, { groupBy: 'source' }>;
  format: Formatters;
}) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="xs" data-testid="roi-totals">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('marketing.roi.columns.currency')}</Table.Th>
          <Table.Th ta="right">
            {t('marketing.roi.viaCampaigns')}: {t('marketing.roi.columns.sales')}
          </Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.revenue')}</Table.Th>
          <Table.Th ta="right">
            {t('marketing.roi.withoutCampaign')}: {t('marketing.roi.columns.sales')}
          </Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.revenue')}</Table.Th>
          <Table.Th ta="right">
            {t('marketing.roi.sourceCosts')}: {t('marketing.roi.columns.cost')}
          </Table.Th>
          <Table.Th ta="right">{t('marketing.roi.columns.roi')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {answer.totals.map((total) => (
          <Table.Tr key={total.currency}>
            <Table.Td>{total.currency}</Table.Td>
            <Table.Td ta="right">{format.number(total.sales)}</Table.Td>
            <Table.Td ta="right">{format.money(total.revenueMinor, total.currency)}</Table.Td>
            <Table.Td ta="right">{format.number(total.salesWithoutCampaign)}</Table.Td>
            <Table.Td ta="right">
              {format.money(total.revenueWithoutCampaignMinor, total.currency)}
            </Table.Td>
            <Table.Td ta="right">
              {total.costMinor === null ? '—' : format.money(total.costMinor, total.currency)}
            </Table.Td>
            <Table.Td ta="right">{roiText(total.roi, format)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function CampaignTable({ rows, format }: { rows: RoiRow[]; format: Formatters }) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing="xs" data-testid="roi-campaigns">
        <HeaderRow columns={columns} />
        <Table.Tbody>
          {rows.map((row) => (
            <RoiTableRow key={row.campaignId} row={row} format={format} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ChannelTable({ rows, format }: { rows: RoiChannelRow[]; format: Formatters }) {
  const { t } = useTranslation();
  const headers = ['channel', 'campaigns', ...columns.slice(1)] as const;
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing="xs" data-testid="roi-channels">
        <HeaderRow columns={headers} />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.channel} ${row.currency}`}>
              <Table.Td>
                {t(`marketing.roi.channels.${row.channel}`)}
                <Text size="xs" c="dimmed">
                  {row.currency}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{format.number(row.campaigns)}</Table.Td>
              <FunnelCells row={row} format={format} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Money in a narrow cell: compact ("₽8.7M"), the exact figure in a tooltip; several
 * currencies one per line, never added together.
 */
function CompactAmounts({ amounts, format }: { amounts: MoneyAmount[]; format: Formatters }) {
  if (amounts.length === 0) return <>—</>;
  return (
    <>
      {amounts.map((amount) => (
        <CompactMoney
          key={amount.currency}
          minor={amount.amountMinor}
          currency={amount.currency}
          format={format}
        />
      ))}
    </>
  );
}

function CompactMoney({
  minor,
  currency,
  format,
}: {
  minor: number | null;
  currency: string | null;
  format: Formatters;
}) {
  if (minor === null || currency === null) return <>—</>;
  return (
    <Tooltip label={format.money(minor, currency)}>
      <div style={{ whiteSpace: 'nowrap' }}>{compactMoney(format.locale, minor, currency)}</div>
    </Tooltip>
  );
}

/** The second header row of the source table: through campaigns, without, costs. */
const sourceHeads = [
  'funnel',
  'serviceShort',
  'revenue',
  'funnel',
  'revenue',
  'cost',
  'costPerLead',
  'costPerSale',
  'roi',
] as const;

/** Leads, test drives and sales of one part in one cell ("3 / 1 / 1"), read out in full. */
function FunnelCell({
  leads,
  testDrives,
  sales,
  format,
}: {
  leads: number;
  testDrives: number;
  sales: number;
  format: Formatters;
}) {
  const { t } = useTranslation();
  return (
    <Table.Td
      ta="right"
      style={{ whiteSpace: 'nowrap' }}
      aria-label={t('marketing.roi.funnelLabel', { leads, testDrives, sales })}
    >
      {format.number(leads)} / {format.number(testDrives)} / {format.number(sales)}
    </Table.Td>
  );
}

/**
 * Per lead source, fitted to a 1366 px laptop: each part's leads, test drives and sales share
 * one cell, and money is compact with the exact figure in a tooltip (the export has every
 * figure in its own column).
 */
function SourceTable({ rows, format }: { rows: RoiSourceRow[]; format: Formatters }) {
  const { t } = useTranslation();
  const sourceName = useSourceName();
  const column = (key: (typeof sourceHeads)[number] | 'source') =>
    t(`marketing.roi.columns.${key}`);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" horizontalSpacing="xs" data-testid="roi-sources">
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2}>{column('source')}</Table.Th>
            <Table.Th colSpan={3} ta="center">
              {t('marketing.roi.viaCampaigns')}
            </Table.Th>
            <Table.Th colSpan={2} ta="center">
              {t('marketing.roi.withoutCampaign')}
            </Table.Th>
            <Table.Th colSpan={4} ta="center">
              {t('marketing.roi.sourceCosts')}
            </Table.Th>
          </Table.Tr>
          <Table.Tr>
            {sourceHeads.map((key, index) => (
              <Table.Th key={`${key}${index}`} ta="right">
                {column(key)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.source ?? ''}>
              <Table.Td>
                {row.source === null ? (
                  <Text size="sm" c="dimmed">
                    {t('marketing.roi.noLead')}
                  </Text>
                ) : (
                  sourceName(row.source)
                )}
              </Table.Td>
              <FunnelCell
                leads={row.leads}
                testDrives={row.testDrives}
                sales={row.sales}
                format={format}
              />
              <Table.Td ta="right">{format.number(row.serviceVisits)}</Table.Td>
              <Table.Td ta="right">
                <CompactAmounts amounts={row.revenue} format={format} />
              </Table.Td>
              <FunnelCell
                leads={row.leadsWithoutCampaign}
                testDrives={row.testDrivesWithoutCampaign}
                sales={row.salesWithoutCampaign}
                format={format}
              />
              <Table.Td ta="right">
                <CompactAmounts amounts={row.revenueWithoutCampaign} format={format} />
              </Table.Td>
              <SourceCostCells row={row} format={format} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A funnel table's head: the first column names the row, the figures align right. */
function HeaderRow({
  columns: keys,
}: {
  columns: readonly ((typeof columns)[number] | 'channel' | 'campaigns')[];
}) {
  const { t } = useTranslation();
  return (
    <Table.Thead>
      <Table.Tr>
        {keys.map((column, index) => (
          <Table.Th key={column} ta={index === 0 ? undefined : 'right'}>
            {t(`marketing.roi.columns.${column}`)}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

const columns = [
  'campaign',
  'recipients',
  'delivered',
  'opened',
  'clicked',
  'leads',
  'testDrives',
  'sales',
  'serviceVisits',
  'cost',
  'revenue',
  'costPerLead',
  'costPerSale',
  'roi',
] as const;

function RoiTableRow({ row, format }: { row: RoiRow; format: Formatters }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <Link to={`/campaigns/${row.campaignId}`}>{row.name}</Link>
        <Text size="xs" c="dimmed">
          {t(`marketing.roi.channels.${row.channel}`)} · {format.date(row.startedAt)}
        </Text>
      </Table.Td>
      <FunnelCells row={row} format={format} />
    </Table.Tr>
  );
}

/** The funnel, conversions and money of a campaign row or a channel row, in its currency. */
function FunnelCells({ row, format }: { row: RoiRow | RoiChannelRow; format: Formatters }) {
  const { t } = useTranslation();
  const money = (minor: number | null) =>
    minor === null ? '—' : format.money(minor, row.currency);
  return (
    <>
      <Table.Td ta="right">{format.number(row.recipients)}</Table.Td>
      <Table.Td ta="right">{format.number(row.delivered)}</Table.Td>
      <Table.Td ta="right">{format.number(row.opened)}</Table.Td>
      <Table.Td ta="right">{format.number(row.clicked)}</Table.Td>
      <Table.Td ta="right">{format.number(row.leads)}</Table.Td>
      <Table.Td ta="right">{format.number(row.testDrives)}</Table.Td>
      <Table.Td ta="right">{format.number(row.sales)}</Table.Td>
      <Table.Td ta="right">{format.number(row.serviceVisits)}</Table.Td>
      <Table.Td ta="right">
        {row.costShared ? (
          <Tooltip label={t('marketing.roi.costShared')}>
            <span>{money(row.costMinor)}*</span>
          </Tooltip>
        ) : (
          money(row.costMinor)
        )}
      </Table.Td>
      <Table.Td ta="right">
        {money(row.revenueMinor)}
        {row.otherRevenue.map((other) => (
          <Text key={other.currency} size="xs" c="dimmed">
            + {format.money(other.amountMinor, other.currency)} ({t('marketing.roi.notInRoi')})
          </Text>
        ))}
      </Table.Td>
      <Table.Td ta="right">{money(row.costPerLeadMinor)}</Table.Td>
      <Table.Td ta="right">{money(row.costPerSaleMinor)}</Table.Td>
      <Table.Td ta="right" fw={600}>
        {roiText(row.roi, format)}
      </Table.Td>
    </>
  );
}

/**
 * A source's costs (with campaign costs shared: the campaigns' part on a second line); per
 * lead, per sale and ROI only when they are in one currency.
 */
function SourceCostCells({ row, format }: { row: RoiSourceRow; format: Formatters }) {
  const { t } = useTranslation();
  const currency = row.cost.length === 1 ? row.cost[0]!.currency : null;
  return (
    <>
      <Table.Td ta="right">
        <CompactAmounts amounts={row.cost} format={format} />
        {row.campaignCost.map((money) => (
          <Text key={money.currency} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {t('marketing.roi.ofCampaigns', {
              amount: compactMoney(format.locale, money.amountMinor, money.currency),
            })}
          </Text>
        ))}
      </Table.Td>
      <Table.Td ta="right">
        <CompactMoney minor={row.costPerLeadMinor} currency={currency} format={format} />
      </Table.Td>
      <Table.Td ta="right">
        <CompactMoney minor={row.costPerSaleMinor} currency={currency} format={format} />
      </Table.Td>
      <Table.Td ta="right" fw={600}>
        {roiText(row.roi, format)}
      </Table.Td>
    </>
  );
}
