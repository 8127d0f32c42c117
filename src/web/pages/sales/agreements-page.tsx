import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAgreements, type Agreement, type Tier } from '../../api/sales.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { AgreementModal } from './agreement-modal.tsx';

/** Company customers' annual agreements: tiers, the volume reached, new or existing customer. */
export function AgreementsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('sales.agreements.title'));
  const canManage = useCan('sales:manage');
  const agreements = useAgreements();
  const [editing, setEditing] = useState<Agreement | null | 'new'>(null);
  const tierText = (tier: Tier) =>
    t('sales.agreements.tier', {
      count: tier.minVehicles,
      discount: format.number(tier.discountBp / 100),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('sales.agreements.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sales.agreements.intro')}
          </Text>
        </div>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('sales.agreements.newAgreement')}
          </Button>
        )}
      </Group>
      {agreements.isError && (
        <QueryError error={agreements.error} onRetry={() => void agreements.refetch()} />
      )}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.agreements.company')}</Table.Th>
                <Table.Th>{t('sales.agreements.year')}</Table.Th>
                <Table.Th>{t('sales.agreements.tiers')}</Table.Th>
                <Table.Th ta="right">{t('sales.agreements.volume')}</Table.Th>
                <Table.Th>{t('sales.agreements.currentTier')}</Table.Th>
                <Table.Th title={t('sales.agreements.statusHint')}>
                  {t('sales.agreements.customerStatus')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(agreements.data ?? []).map((agreement) => (
                <Table.Tr
                  key={agreement.id}
                  style={canManage ? { cursor: 'pointer' } : undefined}
                  onClick={canManage ? () => setEditing(agreement) : undefined}
                >
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/customers/${agreement.company.id}`}
                      size="sm"
                      onClick={(event) => event.stopPropagation()}
                    >
                      {agreement.company.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{agreement.year}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{agreement.tiers.map(tierText).join('; ')}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{format.number(agreement.volume)}</Table.Td>
                  <Table.Td>
                    {agreement.currentTier
                      ? `${format.number(agreement.currentTier.discountBp / 100)}%`
                      : t('sales.agreements.noTier')}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={agreement.customerStatus === 'existing' ? 'teal' : 'blue'}
                    >
                      {agreement.customerStatus === 'existing'
                        ? t('sales.agreements.statusExisting')
                        : t('sales.agreements.statusNew')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {agreements.isSuccess && agreements.data.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('sales.agreements.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      <AgreementModal
        agreement={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}
