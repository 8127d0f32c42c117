import { Button, Card, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRegions } from '../../api/analytics.ts';
import { useBrands } from '../../api/imports.ts';
import { roiExportUrl, useCampaignRoi, type RoiFilters, type RoiRow } from '../../api/marketing.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';

const channels = ['email', 'sms', 'call', 'mail'] as const;

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

/** Campaign ROI: every campaign that sent in the period, its funnel, conversions and money. */
export function RoiPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.roi.title'));
  const [filters, setFilters] = useState<RoiFilters>(lastQuarter);
  const roi = useCampaignRoi(filters);
  const brands = useBrands();
  const regions = useRegions();
  const dealers = useDealers();
  const set = (patch: Partial<RoiFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const money = (minor: number | null, currency: string) =>
    minor === null ? '—' : format.money(minor, currency);

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
        <Group gap="xs">
          <Button
            component="a"
            href={roiExportUrl(filters, 'xlsx')}
            variant="light"
            leftSection={<IconDownload size={16} />}
          >
            {t('marketing.roi.exportXlsx')}
          </Button>
          <Button
            component="a"
            href={roiExportUrl(filters, 'csv', 'campaigns')}
            variant="subtle"
            leftSection={<IconDownload size={16} />}
          >
            {t('marketing.roi.exportCsv')}
          </Button>
        </Group>
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
      </Group>
      {roi.isError && <QueryError error={roi.error} onRetry={() => void roi.refetch()} />}
      {roi.data && (
        <>
          <Card padding={0}>
            <Title order={2} size="h4" p="md">
              {t('marketing.roi.totals')}
            </Title>
            {roi.data.totals.length === 0 ? (
              <EmptyNote>{t('marketing.roi.empty')}</EmptyNote>
            ) : (
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
                  {roi.data.totals.map((total) => (
                    <Table.Tr key={total.currency}>
                      <Table.Td>{total.currency}</Table.Td>
                      <Table.Td ta="right">{format.number(total.campaigns)}</Table.Td>
                      <Table.Td ta="right">{money(total.costMinor, total.currency)}</Table.Td>
                      <Table.Td ta="right">{money(total.revenueMinor, total.currency)}</Table.Td>
                      <Table.Td ta="right">{format.number(total.leads)}</Table.Td>
                      <Table.Td ta="right">{format.number(total.sales)}</Table.Td>
                      <Table.Td ta="right">{roiText(total.roi, format)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          {roi.data.rows.length > 0 && (
            <Card padding={0}>
              <Title order={2} size="h4" p="md">
                {t('marketing.roi.campaigns')}
              </Title>
              <Table.ScrollContainer minWidth={1100}>
                <Table verticalSpacing="xs" data-testid="roi-campaigns">
                  <Table.Thead>
                    <Table.Tr>
                      {columns.map((column) => (
                        <Table.Th key={column} ta={column === 'campaign' ? undefined : 'right'}>
                          {t(`marketing.roi.columns.${column}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {roi.data.rows.map((row) => (
                      <RoiTableRow key={row.campaignId} row={row} format={format} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
          <Text size="xs" c="dimmed" maw={900}>
            {t('marketing.roi.rule')}
          </Text>
        </>
      )}
    </Stack>
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
  const money = (minor: number | null) =>
    minor === null ? '—' : format.money(minor, row.currency);
  return (
    <Table.Tr>
      <Table.Td>
        <Link to={`/campaigns/${row.campaignId}`}>{row.name}</Link>
        <Text size="xs" c="dimmed">
          {t(`marketing.roi.channels.${row.channel}`)} · {format.date(row.startedAt)}
        </Text>
      </Table.Td>
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
    </Table.Tr>
  );
}
