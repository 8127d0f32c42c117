import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconCash, IconKey, IconTool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VehicleView } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

export function OwnersCard({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const rows = [...view.ownerships].sort((a, b) =>
    (b.fromDate ?? '').localeCompare(a.fromDate ?? ''),
  );
  return (
    <SectionCard title={t('vehicle.owners')} icon={<IconKey size={18} />} count={rows.length}>
      {rows.length === 0 ? (
        <EmptyNote>{t('vehicle.noOwners')}</EmptyNote>
      ) : (
        <Stack gap="sm">
          {rows.map((ownership, index) => (
            <div key={`${ownership.customerId ?? 'other'}:${ownership.fromDate}:${index}`}>
              <Group gap={6} wrap="nowrap">
                {ownership.customerId ? (
                  <Anchor
                    component={Link}
                    to={`/customers/${ownership.customerId}`}
                    size="sm"
                    fw={600}
                  >
                    {ownership.displayName}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed" fs="italic">
                    {t('vehicle.otherOwner')}
                  </Text>
                )}
                <Badge size="xs" variant={ownership.toDate ? 'default' : 'light'}>
                  {label('ownershipRole', ownership.role)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" className="num">
                {format.date(ownership.fromDate)} –{' '}
                {ownership.toDate ? format.date(ownership.toDate) : t('vehicle.present')}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}

export function PurchasesCard({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  return (
    <SectionCard
      title={t('vehicle.purchases')}
      icon={<IconCash size={18} />}
      count={view.purchases.length}
    >
      {view.purchases.length === 0 ? (
        <EmptyNote>{t('vehicle.noPurchases')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vehicle.date')}</Table.Th>
                <Table.Th>{t('vehicle.dealer')}</Table.Th>
                <Table.Th>{t('vehicle.consultant')}</Table.Th>
                <Table.Th>{t('vehicle.condition')}</Table.Th>
                <Table.Th ta="right">{t('vehicle.price')}</Table.Th>
                <Table.Th ta="right">{t('vehicle.discount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.purchases.map((purchase, index) => (
                <Table.Tr key={`${purchase.date}:${index}`}>
                  <Table.Td className="num">{format.date(purchase.date)}</Table.Td>
                  <Table.Td>{purchase.dealerCode}</Table.Td>
                  <Table.Td>{purchase.consultant}</Table.Td>
                  <Table.Td>{label('condition', purchase.condition)}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.money(purchase.priceMinor, purchase.currency)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {purchase.discountMinor
                      ? format.money(purchase.discountMinor, purchase.currency)
                      : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  );
}

export function ServiceVisitsCard({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const visits = [...view.serviceVisits].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <SectionCard
      title={t('vehicle.serviceVisits')}
      icon={<IconTool size={18} />}
      count={visits.length}
    >
      {visits.length === 0 ? (
        <EmptyNote>{t('vehicle.noVisits')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing={6} fz="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vehicle.date')}</Table.Th>
                <Table.Th>{t('vehicle.dealer')}</Table.Th>
                <Table.Th>{t('vehicle.visitType')}</Table.Th>
                <Table.Th ta="right">{t('vehicle.mileage')}</Table.Th>
                <Table.Th ta="right">{t('vehicle.total')}</Table.Th>
                <Table.Th>{t('vehicle.description')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visits.map((visit) => (
                <Table.Tr key={visit.id}>
                  <Table.Td className="num">{format.date(visit.date)}</Table.Td>
                  <Table.Td>{visit.dealerCode}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{label('visitType', visit.type)}</Text>
                    {visit.paidBy !== 'customer' && (
                      <Badge size="xs" color="orange">
                        {label('payer', visit.paidBy)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.km(visit.mileageKm)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.money(visit.totalMinor, visit.currency)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {visit.description}
                    </Text>
                    {visit.advisor && (
                      <Text size="xs" c="dimmed">
                        {visit.advisor}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  );
}
