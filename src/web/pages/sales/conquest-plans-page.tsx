import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConquestPlans } from '../../api/sales.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { ConquestPlanModal } from './conquest-plan-modal.tsx';

/** The dealers' monthly and quarterly sales targets, latest first. */
export function ConquestPlansPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('sales.plans.title'));
  const canManage = useCan('sales:manage');
  const plans = useConquestPlans();
  const [open, setOpen] = useState(false);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('sales.plans.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t('sales.plans.intro')}
          </Text>
        </div>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen(true)}>
            {t('sales.plans.newPlan')}
          </Button>
        )}
      </Group>
      {plans.isError && <QueryError error={plans.error} onRetry={() => void plans.refetch()} />}
      <Card padding={0}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="conquest-plans-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sales.plans.dealer')}</Table.Th>
              <Table.Th>{t('sales.plans.period')}</Table.Th>
              <Table.Th ta="right">{t('sales.plans.targetUnits')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(plans.data ?? []).map((plan) => (
              <Table.Tr key={plan.id}>
                <Table.Td>{plan.dealerCode}</Table.Td>
                <Table.Td>
                  {t(`sales.plans.kind.${plan.periodKind}`)}: {format.date(plan.periodStart)} –{' '}
                  {format.date(plan.periodEnd)}
                </Table.Td>
                <Table.Td ta="right">{format.number(plan.targetUnits)}</Table.Td>
                <Table.Td ta="right">
                  <Anchor component={Link} to={`/conquest-plans/${plan.id}`} size="sm">
                    {t('sales.plans.open')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {plans.isSuccess && plans.data.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('sales.plans.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      <ConquestPlanModal opened={open} onClose={() => setOpen(false)} />
    </Stack>
  );
}
