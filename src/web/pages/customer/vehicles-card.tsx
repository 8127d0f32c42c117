import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconCar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerVehicle } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

export function vehicleTitle(vehicle: {
  makeName: string | null;
  modelName: string | null;
  modelYear: number | null;
}): string {
  return [vehicle.makeName, vehicle.modelName, vehicle.modelYear].filter(Boolean).join(' ') || '—';
}

export function VehiclesCard({ vehicles }: { vehicles: CustomerVehicle[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();

  return (
    <SectionCard
      title={t('customer.vehicles')}
      icon={<IconCar size={18} />}
      count={vehicles.length}
      testId="vehicles-card"
    >
      {vehicles.length === 0 && <EmptyNote>{t('customer.noVehicles')}</EmptyNote>}
      <Stack gap="sm">
        {vehicles.map((vehicle, index) => (
          <Group
            key={vehicle.id}
            justify="space-between"
            align="flex-start"
            wrap="nowrap"
            gap="sm"
            pt={index > 0 ? 'sm' : 0}
            style={index > 0 ? { borderTop: '1px solid var(--mantine-color-gray-2)' } : undefined}
          >
            <div style={{ minWidth: 0 }}>
              <Group gap={8}>
                <Anchor component={Link} to={`/vehicles/${vehicle.id}`} fw={600} size="sm">
                  {vehicleTitle(vehicle)}
                </Anchor>
                {vehicle.role !== 'owner' && (
                  <Badge size="xs" variant="default">
                    {label('ownershipRole', vehicle.role)}
                  </Badge>
                )}
              </Group>
              <Text size="xs" className="mono" c="dimmed">
                {vehicle.vin ?? ''}
              </Text>
              <Text size="xs" c="dimmed">
                {[
                  vehicle.colour,
                  vehicle.fromDate &&
                    t('customer.ownedSince', { date: format.date(vehicle.fromDate) }),
                  vehicle.lastVisitDate &&
                    t('customer.lastVisit', { date: format.date(vehicle.lastVisitDate) }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </div>
            <Stack gap={4} align="flex-end">
              {vehicle.plate && (
                <Badge variant="outline" color="dark" radius="sm" className="mono" size="md">
                  {vehicle.plate}
                </Badge>
              )}
              {vehicle.odometerKm != null && (
                <Text size="xs" c="dimmed" className="num">
                  {format.km(vehicle.odometerKm)}
                </Text>
              )}
            </Stack>
          </Group>
        ))}
      </Stack>
    </SectionCard>
  );
}
