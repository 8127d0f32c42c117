import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useUpcomingCareEvents } from '../../api/aftersales.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { careEventText } from './care-event-text.ts';

const shown = 8;

/** What the care programme will do next for this customer (the coming year), on the 360 page. */
export function CareEventsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const events = useUpcomingCareEvents(customerId);
  const items = events.data ?? [];
  return (
    <SectionCard
      title={t('aftersales.care.upcoming')}
      icon={<IconHeartHandshake size={18} />}
      count={items.length}
      testId="care-events-card"
    >
      {events.isError && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
      {events.isSuccess && items.length === 0 && (
        <EmptyNote>{t('aftersales.care.upcomingEmpty')}</EmptyNote>
      )}
      <Stack gap={6}>
        {items.slice(0, shown).map((event) => (
          <Group
            key={`${event.type}:${event.vehicleId ?? ''}:${event.dueDate}`}
            justify="space-between"
            wrap="nowrap"
          >
            <div>
              <Text size="sm">{careEventText(event.type, event.payload, t)}</Text>
              {event.vehicleName && (
                <Text size="xs" c="dimmed">
                  {event.vehicleName}
                </Text>
              )}
            </div>
            <Group gap={6} wrap="nowrap">
              {event.planned && (
                <Badge size="xs" variant="light">
                  {t('aftersales.care.pending')}
                </Badge>
              )}
              <Text size="sm" className="num" c="dimmed">
                {format.date(event.dueDate)}
              </Text>
            </Group>
          </Group>
        ))}
      </Stack>
    </SectionCard>
  );
}
