import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useVehicleRecalls } from '../../api/service.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';

/** The car's recalls: open ones first, for the advisor to book the car in. */
export function VehicleRecallsCard({ vehicleId }: { vehicleId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const recalls = useVehicleRecalls(vehicleId);
  const items = recalls.data ?? [];
  const open = items.filter((recall) => recall.status === 'open').length;
  return (
    <SectionCard
      title={t('service.recalls.vehicleTitle')}
      icon={<IconAlertTriangle size={18} color={open ? 'var(--mantine-color-red-6)' : undefined} />}
      count={open}
      testId="vehicle-recalls"
    >
      {recalls.isError ? (
        <QueryError error={recalls.error} onRetry={() => void recalls.refetch()} />
      ) : items.length === 0 ? (
        <EmptyNote>{t('service.recalls.none')}</EmptyNote>
      ) : (
        <Stack gap="xs">
          {items.map((recall) => (
            <div key={recall.campaignId}>
              <Group gap="xs" wrap="nowrap">
                <Badge size="sm" color={recall.status === 'open' ? 'red' : 'teal'} variant="light">
                  {recall.status === 'open'
                    ? t('service.recalls.open')
                    : t('service.recalls.done', { date: format.date(recall.closedAt) })}
                </Badge>
                <Text size="sm" fw={600}>
                  {recall.code}
                </Text>
              </Group>
              <Text size="sm">{recall.title}</Text>
            </div>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
