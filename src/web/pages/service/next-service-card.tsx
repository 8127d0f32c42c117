import { Badge, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconCalendarDue } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useServiceDue } from '../../api/service.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';

/** When the car is next due, by km or time, and what the estimate rests on. */
export function NextServiceCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const due = useServiceDue(vehicleId);
  return (
    <SectionCard
      title={t('service.due.title')}
      icon={<IconCalendarDue size={18} />}
      testId="next-service"
    >
      {due.isPending ? (
        <Skeleton height={80} />
      ) : due.isError ? (
        <QueryError error={due.error} onRetry={() => void due.refetch()} />
      ) : !due.data ? (
        <EmptyNote>{t('service.due.noStart')}</EmptyNote>
      ) : (
        <Stack gap={6}>
          <Group gap="xs">
            <Text fw={700} size="lg" className="num">
              {t('service.due.dueOn', { date: format.date(due.data.dueDate) })}
            </Text>
            <Badge variant="light" color={due.data.overdue ? 'red' : 'blue'}>
              {due.data.overdue
                ? t('service.due.overdue')
                : due.data.dueBy === 'km'
                  ? t('service.due.byKm')
                  : t('service.due.byTime')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t('service.due.interval', {
              km: format.number(due.data.intervalKm),
              months: due.data.intervalMonths,
            })}
          </Text>
          <Text size="sm">
            {t('service.due.countedFrom')} {t(`service.due.base.${due.data.base.kind}`)}:{' '}
            <span className="num">
              {format.date(due.data.base.date)}
              {due.data.base.km !== null ? `, ${format.km(due.data.base.km)}` : ''}
            </span>
          </Text>
          <Text size="sm">
            {t('service.due.dailyKm', { km: format.number(due.data.dailyKm) })} ·{' '}
            <Text span c="dimmed" size="sm">
              {due.data.dailyKmSource === 'readings'
                ? t('service.due.measured')
                : t('service.due.assumed')}
            </Text>
          </Text>
          <Text size="sm" c="dimmed">
            {t('service.due.kmDate')}:{' '}
            {due.data.dueByKm ? format.date(due.data.dueByKm) : t('service.due.never')} ·{' '}
            {t('service.due.timeDate')}: {format.date(due.data.dueByTime)}
          </Text>
        </Stack>
      )}
    </SectionCard>
  );
}
