import { Anchor, Card, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { orderStatuses, type OrderStatus } from '../../../modules/sales/schema.ts';
import { useOrders } from '../../api/sales.ts';
import { ordersExportUrl } from '../../api/list-exports.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { OrderStatusBadge } from './status-badge.tsx';

const pageSize = 50;

/** Every order the user may see, newest first, by status. */
export function OrdersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('sales.orders.title'));
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [page, setPage] = useState(1);
  const orders = useOrders({ status: status ?? undefined, offset: (page - 1) * pageSize });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('sales.orders.title')}
        </Title>
        <Group>
          <ExportButtons
            xlsx={ordersExportUrl({ status: status ?? undefined }, 'xlsx')}
            csv={ordersExportUrl({ status: status ?? undefined }, 'csv')}
            testId="orders-export"
            requires="customers:export"
            hint={t('listExport.hint')}
          />
          <Select
            aria-label={t('sales.orders.status')}
            placeholder={t('sales.orders.allStatuses')}
            data={orderStatuses.map((value) => ({ value, label: t(`sales.status.${value}`) }))}
            value={status}
            onChange={(value) => {
              setStatus(value as OrderStatus | null);
              setPage(1);
            }}
            clearable
            w={200}
            data-testid="orders-status"
          />
        </Group>
      </Group>
      {orders.isError && <QueryError error={orders.error} onRetry={() => void orders.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="orders-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.orders.customer')}</Table.Th>
                <Table.Th>{t('sales.orders.vehicle')}</Table.Th>
                <Table.Th>{t('sales.orders.dealer')}</Table.Th>
                <Table.Th ta="right">{t('sales.orders.finalPrice')}</Table.Th>
                <Table.Th>{t('sales.orders.status')}</Table.Th>
                <Table.Th>{t('sales.orders.plannedDelivery')}</Table.Th>
                <Table.Th>{t('sales.orders.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(orders.data?.items ?? []).map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${order.customer.id}`} size="sm">
                      {order.customer.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${order.id}`} size="sm" fw={600}>
                      {[order.model.makeName, order.model.modelName, order.trim?.name]
                        .filter(Boolean)
                        .join(' ')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{order.dealerCode}</Table.Td>
                  <Table.Td ta="right">
                    {format.money(order.price.finalMinor, order.price.currency)}
                  </Table.Td>
                  <Table.Td>
                    <OrderStatusBadge status={order.status} />
                  </Table.Td>
                  <Table.Td>{format.date(order.plannedDeliveryDate)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.date(order.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {orders.isSuccess && orders.data.items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('sales.orders.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {orders.data && orders.data.total > pageSize && (
        <Pagination
          total={Math.ceil(orders.data.total / pageSize)}
          value={page}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}
