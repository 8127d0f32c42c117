import {
  Alert,
  Anchor,
  Breadcrumbs,
  Card,
  Group,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { conquestPlanExportUrl } from '../../api/analytics.ts';
import { useChannelNames, useConquestPlan, type ConquestPlan } from '../../api/sales.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { useSession } from '../../session/session-context.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { ExportButtons } from '../../components/export-buttons.tsx';

/** Plan vs actual of one period: deliveries by series and prospects by channel. */
export function ConquestPlanPage() {
  const { id = '' } = useParams();
  const plan = useConquestPlan(id);
  if (plan.isPending) return <Skeleton height={320} radius="md" />;
  if (plan.isError) return <QueryError error={plan.error} onRetry={() => void plan.refetch()} />;
  return <PlanView plan={plan.data} />;
}

/** Green when the actual keeps pace with the plan to date, orange when behind. */
const pace = (actual: number, due: number | null) =>
  due === null || actual >= due ? 'teal' : 'orange';

function PlanView({ plan }: { plan: ConquestPlan }) {
  const { t } = useTranslation();
  const format = useFormat();
  const channels = useChannelNames();
  // the server counts a brand-level user's brand only: say so, the dealer's figures differ
  const brandLevel = useSession().scope === 'brand';
  const channelName = (key: string) => channels.data?.get(key)?.[format.locale] ?? key;
  const title = `${plan.dealerCode} · ${t(`sales.plans.kind.${plan.periodKind}`)} ${format.date(plan.periodStart)} – ${format.date(plan.periodEnd)}`;
  usePageTitle(title);
  const percent = (value: number | null) =>
    value === null ? '—' : `${format.number(Math.round(value * 1000) / 10)}%`;

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/conquest-plans" size="sm">
          {t('sales.plans.title')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {plan.dealerCode}
        </Text>
      </Breadcrumbs>
      <Card padding="lg">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} size="h3">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {t('sales.plans.history', {
                from: format.date(plan.historyFrom),
                to: format.date(plan.historyTo),
              })}
            </Text>
          </div>
          <Stack gap={4} w={260} align="stretch">
            <Group justify="flex-end">
              <ExportButtons
                xlsx={conquestPlanExportUrl(plan.id, 'xlsx')}
                csv={conquestPlanExportUrl(plan.id, 'csv')}
                testId="plan-export"
              />
            </Group>
            <Text size="sm" ta="right">
              {t('sales.plans.elapsed', { elapsed: plan.daysElapsed, days: plan.daysInPeriod })}
            </Text>
            <Progress value={(100 * plan.daysElapsed) / plan.daysInPeriod} />
          </Stack>
        </Group>
      </Card>
      {brandLevel && (
        <Alert color="blue" data-testid="plan-brand-part">
          {t('sales.plans.brandPart')}
        </Alert>
      )}
      {plan.noHistory && <Alert color="yellow">{t('sales.plans.noHistory')}</Alert>}
      <SectionCard title={t('sales.plans.seriesTable')}>
        <Table data-testid="plan-series-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sales.plans.series')}</Table.Th>
              <Table.Th ta="right">{t('sales.plans.targetUnits')}</Table.Th>
              <Table.Th ta="right">{t('sales.plans.dueToDate')}</Table.Th>
              <Table.Th ta="right">{t('sales.plans.actual')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.series.map((row) => (
              <Table.Tr key={row.series}>
                <Table.Td>{row.series}</Table.Td>
                <Table.Td ta="right">{format.number(row.targetUnits)}</Table.Td>
                <Table.Td ta="right">{format.number(row.unitsDueToDate)}</Table.Td>
                <Table.Td ta="right" c={pace(row.actualUnits, row.unitsDueToDate)} fw={600}>
                  {format.number(row.actualUnits)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{t('sales.plans.total')}</Table.Th>
              <Table.Th ta="right">{format.number(plan.totals.targetUnits)}</Table.Th>
              <Table.Th />
              <Table.Th ta="right">{format.number(plan.totals.actualUnits)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </SectionCard>
      <SectionCard title={t('sales.plans.channelsTable')}>
        <Table.ScrollContainer minWidth={820}>
          <Table data-testid="plan-channels-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.plans.channel')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.historyLeads')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.historyDelivered')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.conversion')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.expectedUnits')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.needed')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.dueToDate')}</Table.Th>
                <Table.Th ta="right">{t('sales.plans.actual')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.channels.map((row) => (
                <Table.Tr key={row.source}>
                  <Table.Td>{channelName(row.source)}</Table.Td>
                  <Table.Td ta="right">{format.number(row.historicalLeads)}</Table.Td>
                  <Table.Td ta="right">{format.number(row.historicalDelivered)}</Table.Td>
                  <Table.Td ta="right">{percent(row.conversionRate)}</Table.Td>
                  <Table.Td ta="right">
                    {format.number(Math.round(row.expectedUnits * 10) / 10)}
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {row.prospectsNeeded === null
                      ? t('sales.plans.noChannelHistory')
                      : format.number(row.prospectsNeeded)}
                  </Table.Td>
                  <Table.Td ta="right">{format.number(row.prospectsDueToDate)}</Table.Td>
                  <Table.Td
                    ta="right"
                    c={pace(row.actualProspects, row.prospectsDueToDate)}
                    fw={600}
                  >
                    {format.number(row.actualProspects)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('sales.plans.total')}</Table.Th>
                <Table.Th />
                <Table.Th />
                <Table.Th />
                <Table.Th />
                <Table.Th ta="right">{format.number(plan.totals.prospectsNeeded)}</Table.Th>
                <Table.Th />
                <Table.Th ta="right">{format.number(plan.totals.actualProspects)}</Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      </SectionCard>
    </Stack>
  );
}
