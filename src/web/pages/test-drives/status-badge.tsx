import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BookingStatus } from '../../../modules/test-drives/schema.ts';

const colors: Record<BookingStatus, MantineColor> = {
  booked: 'blue',
  cancelled: 'gray',
  came: 'teal',
  no_show: 'orange',
};

export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={colors[status]}>
      {t(`testDrives.status.${status}`)}
    </Badge>
  );
}
