import { Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconSteeringWheel } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerTestDrives, type TestDriveBooking } from '../../api/test-drives.ts';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { BookTestDriveModal, type BookingSubject } from './book-test-drive-modal.tsx';
import { BookingDetailsModal } from './booking-details-modal.tsx';
import { BookingStatusBadge } from './status-badge.tsx';

/** The customer's test drives on his 360 page, with booking, attendance and feedback. */
export function CustomerTestDrivesCard({ customer }: { customer: Customer360 }) {
  return (
    <TestDrivesCard
      subject={{
        customerId: customer.profile.id,
        displayName: customer.profile.displayName,
        dealerCode: customer.dealers[0]?.code ?? null,
      }}
    />
  );
}

/**
 * Test drives of a customer, or of one of his leads when the subject names it: booked from here
 * they serve that lead, and attendance moves it to the "test drive" stage.
 */
export function TestDrivesCard({ subject }: { subject: BookingSubject }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canBook = useCan('activities:write');
  const drives = useCustomerTestDrives(subject.customerId);
  const [booking, setBooking] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = (drives.data ?? []).filter(
    (item) => !subject.leadId || item.leadId === subject.leadId,
  );
  const open: TestDriveBooking | null = items.find((item) => item.id === openId) ?? null;
  return (
    <SectionCard
      title={t('testDrives.card.title')}
      icon={<IconSteeringWheel size={18} stroke={1.7} />}
      count={items.length}
      testId="customer-test-drives"
      actions={
        canBook && (
          <Button size="xs" variant="light" onClick={() => setBooking(true)}>
            {t('testDrives.card.book')}
          </Button>
        )
      }
    >
      {items.length === 0 ? (
        <EmptyNote>{t('testDrives.card.empty')}</EmptyNote>
      ) : (
        <Stack gap={6}>
          {items.map((item) => (
            <UnstyledButton
              key={item.id}
              onClick={() => setOpenId(item.id)}
              aria-label={t('testDrives.card.open')}
            >
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text size="sm" fw={500}>
                    {item.vehicle.model} · {item.dealerCode}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {format.dateTime(item.startsAt)} · {item.consultant.name}
                  </Text>
                </div>
                <BookingStatusBadge status={item.status} />
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      )}
      <BookTestDriveModal subject={subject} opened={booking} onClose={() => setBooking(false)} />
      <BookingDetailsModal booking={open} onClose={() => setOpenId(null)} />
    </SectionCard>
  );
}
