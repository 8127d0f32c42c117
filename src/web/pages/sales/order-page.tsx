import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  EmptyState,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconReceiptOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useConfirmOrder, useOrder, type Order } from '../../api/sales.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { CancelModal, DeliverModal } from './order-actions.tsx';
import { OrderStatusBadge } from './status-badge.tsx';

const orderTitle = (order: Order) =>
  [order.model.makeName, order.model.modelName, order.trim?.name].filter(Boolean).join(' ');

/** One order: what was sold at what price, the trade-in, and the next step (confirm, deliver). */
export function OrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useOrder(id);
  usePageTitle(order.data ? orderTitle(order.data) : undefined);

  if (order.isPending) {
    return (
      <Stack gap="md">
        <Skeleton height={14} width={220} />
        <Skeleton height={110} radius="md" />
        <Skeleton height={260} radius="md" />
      </Stack>
    );
  }
  if (order.isError) {
    if (isApiError(order.error) && (order.error.status === 404 || order.error.status === 400)) {
      return (
        <EmptyState
          mt={80}
          icon={<IconReceiptOff size={32} stroke={1.5} />}
          withIndicatorBackground
          title={t('sales.order.notFound')}
          description={t('errors.not_found')}
        >
          <EmptyState.Actions>
            <Button component={Link} to="/orders" variant="default">
              {t('sales.order.back')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      );
    }
    return <QueryError error={order.error} onRetry={() => void order.refetch()} />;
  }
  return <OrderView order={order.data} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w="45%" fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function OrderView({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canWrite = useCan('orders:write');
  const confirm = useConfirmOrder();
  const [dialog, setDialog] = useState<'deliver' | 'cancel' | null>(null);
  const money = (minor: number | null) => format.money(minor, order.price.currency);
  const open = order.status === 'draft' || order.status === 'confirmed';

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/orders" size="sm">
          {t('sales.order.back')}
        </Anchor>
        <Anchor component={Link} to={`/customers/${order.customer.id}`} size="sm">
          {order.customer.displayName}
        </Anchor>
      </Breadcrumbs>
      <Card padding="lg">
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="sm">
              <Title order={2} size="h3">
                {orderTitle(order)}
              </Title>
              <OrderStatusBadge status={order.status} />
            </Group>
            <Text size="sm" c="dimmed">
              {[order.colour, order.dealerCode, order.consultant?.name].filter(Boolean).join(' · ')}
            </Text>
          </div>
          {canWrite && open && (
            <Group gap="xs">
              {order.status === 'draft' && (
                <Button
                  loading={confirm.isPending}
                  onClick={() =>
                    confirm.mutate(order.id, {
                      onSuccess: () =>
                        notifications.show({ color: 'teal', message: t('sales.order.confirmed') }),
                    })
                  }
                >
                  {t('sales.order.confirm')}
                </Button>
              )}
              {order.status === 'confirmed' && (
                <Button color="teal" onClick={() => setDialog('deliver')}>
                  {t('sales.order.deliver')}
                </Button>
              )}
              <Button variant="default" color="red" onClick={() => setDialog('cancel')}>
                {t('sales.order.cancel')}
              </Button>
            </Group>
          )}
        </Group>
        {confirm.error ? <FormError error={confirm.error} /> : null}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <SectionCard title={t('sales.order.price')}>
          <Table>
            <Table.Tbody>
              <Row label={t('sales.order.list')}>{money(order.price.listMinor)}</Row>
              {order.price.agreementDiscountMinor > 0 && (
                <Row label={t('sales.order.agreementDiscount')}>
                  −{money(order.price.agreementDiscountMinor)}
                </Row>
              )}
              <Row label={t('sales.order.extraDiscount')}>
                −{money(order.price.discountMinor - order.price.agreementDiscountMinor)}
              </Row>
              <Row label={t('sales.order.final')}>
                <Text fw={700}>{money(order.price.finalMinor)}</Text>
              </Row>
            </Table.Tbody>
          </Table>
        </SectionCard>
        <SectionCard title={t('sales.order.dates')}>
          <Table>
            <Table.Tbody>
              <Row label={t('sales.order.customer')}>
                <Anchor component={Link} to={`/customers/${order.customer.id}`} size="sm">
                  {order.customer.displayName}
                </Anchor>
              </Row>
              <Row label={t('sales.order.createdAt')}>{format.dateTime(order.createdAt)}</Row>
              {order.confirmedAt && (
                <Row label={t('sales.order.confirmedAt')}>{format.dateTime(order.confirmedAt)}</Row>
              )}
              <Row label={t('sales.order.plannedDelivery')}>
                {format.date(order.plannedDeliveryDate) || '—'}
              </Row>
              {order.deliveredOn && (
                <Row label={t('sales.order.deliveredOn')}>{format.date(order.deliveredOn)}</Row>
              )}
              {order.vehicleId && (
                <Row label={t('sales.order.vehicle')}>
                  <Anchor component={Link} to={`/vehicles/${order.vehicleId}`} size="sm">
                    {t('sales.order.openVehicle')}
                  </Anchor>
                </Row>
              )}
              {order.cancelledAt && (
                <Row label={t('sales.order.cancelledAt')}>{format.dateTime(order.cancelledAt)}</Row>
              )}
              {order.cancelReason && (
                <Row label={t('sales.order.cancelReason')}>{order.cancelReason}</Row>
              )}
            </Table.Tbody>
          </Table>
        </SectionCard>
        <SectionCard title={t('sales.order.tradeIn')}>
          {order.tradeIn ? (
            <Table>
              <Table.Tbody>
                <Row label={t('sales.order.vehicle')}>
                  {[order.tradeIn.make, order.tradeIn.model, order.tradeIn.year]
                    .filter(Boolean)
                    .join(' ')}
                </Row>
                {order.tradeIn.vin && (
                  <Row label="VIN">
                    {order.tradeIn.vehicleId ? (
                      <Anchor
                        component={Link}
                        to={`/vehicles/${order.tradeIn.vehicleId}`}
                        size="sm"
                        className="mono"
                      >
                        {order.tradeIn.vin}
                      </Anchor>
                    ) : (
                      <Text size="sm" className="mono">
                        {order.tradeIn.vin}
                      </Text>
                    )}
                  </Row>
                )}
                <Row label={t('sales.order.mileage')}>
                  {format.km(order.tradeIn.mileageKm) || '—'}
                </Row>
                <Row label={t('sales.order.appraisal')}>
                  {money(order.tradeIn.appraisalMinor) || '—'}
                </Row>
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              {t('sales.order.noTradeIn')}
            </Text>
          )}
        </SectionCard>
      </SimpleGrid>
      <DeliverModal
        orderId={order.id}
        opened={dialog === 'deliver'}
        onClose={() => setDialog(null)}
      />
      <CancelModal
        orderId={order.id}
        opened={dialog === 'cancel'}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}
