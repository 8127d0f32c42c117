import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../../modules/sales/schema.ts';

const colours: Record<OrderStatus, MantineColor> = {
  draft: 'gray',
  confirmed: 'blue',
  delivered: 'teal',
  cancelled: 'red',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={colours[status]} variant="light" size="sm">
      {t(`sales.status.${status}`)}
    </Badge>
  );
}
