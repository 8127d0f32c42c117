import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus, IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOrders } from '../../api/sales.ts';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { NewOrderModal } from './new-order-modal.tsx';
import { OrderStatusBadge } from './status-badge.tsx';

/** The customer's orders on the 360 page, and the way to start a new one. */
export function CustomerOrdersCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canOrder = useCan('orders:write');
  const [open, setOpen] = useState(false);
  const orders = useOrders({ customerId: customer.profile.id });
  const items = orders.data?.items ?? [];

  return (
    <SectionCard
      title={t('sales.orders.title')}
      icon={<IconReceipt size={18} />}
      count={orders.data?.total}
      testId="orders-card"
      actions={
        canOrder && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setOpen(true)}
          >
            {t('sales.orders.newOrder')}
          </Button>
        )
      }
    >
      {orders.isSuccess && items.length === 0 && <EmptyNote>{t('sales.orders.empty')}</EmptyNote>}
      <Stack gap="xs">
        {items.map((order) => (
          <Group key={order.id} justify="space-between" wrap="nowrap" gap="sm">
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/orders/${order.id}`} fw={600} size="sm">
                {[order.model.makeName, order.model.modelName, order.trim?.name]
                  .filter(Boolean)
                  .join(' ')}
              </Anchor>
              <Text size="xs" c="dimmed">
                {order.dealerCode} · {format.date(order.createdAt)}
              </Text>
            </div>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm">{format.money(order.price.finalMinor, order.price.currency)}</Text>
              <OrderStatusBadge status={order.status} />
            </Group>
          </Group>
        ))}
      </Stack>
      <NewOrderModal
        customer={{
          id: customer.profile.id,
          displayName: customer.profile.displayName,
          dealerCodes: customer.dealers.map((dealer) => dealer.code),
        }}
        opened={open}
        onClose={() => setOpen(false)}
      />
    </SectionCard>
  );
}
