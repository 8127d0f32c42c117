import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  CopyButton,
  Group,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconCircleCheck,
  IconCopy,
  IconUser,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VehicleView } from '../../api/types.ts';
import { vehicleTitle } from '../customer/vehicles-card.tsx';

export function VehicleHeader({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const { vehicle, vinCheck, owner } = view;

  return (
    <Card padding="lg">
      <Stack gap={8}>
        <Title order={2} data-testid="vehicle-title">
          {vehicleTitle(vehicle)}
          {vehicle.trimName && (
            <Text span c="dimmed" fw={400} size="lg">
              {' '}
              {vehicle.trimName}
            </Text>
          )}
        </Title>
        <Group gap="sm">
          {vehicle.vin && (
            <Group gap={4} wrap="nowrap">
              <Text className="mono" fw={600} size="lg" data-testid="vehicle-vin">
                {vehicle.vin}
              </Text>
              <CopyButton value={vehicle.vin}>
                {({ copied, copy }) => (
                  <Tooltip label={t('vehicle.vin')}>
                    <ActionIcon
                      variant="subtle"
                      color={copied ? 'teal' : 'gray'}
                      onClick={copy}
                      aria-label={t('vehicle.vin')}
                    >
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          )}
          {vinCheck &&
            (vinCheck.valid ? (
              <Badge color="teal" leftSection={<IconCircleCheck size={12} />}>
                {t('vehicle.vinValid')}
              </Badge>
            ) : (
              <Badge color="orange" leftSection={<IconAlertTriangle size={12} />}>
                {t('vehicle.vinInvalid')}
              </Badge>
            ))}
          {vehicle.plate && (
            <Badge variant="outline" color="dark" radius="sm" size="lg" className="mono">
              {vehicle.plate}
            </Badge>
          )}
        </Group>
        {(vinCheck?.warning || vinCheck?.error) && (
          <Text size="sm" c="orange.8">
            {vinCheck.warning ?? vinCheck.error}
          </Text>
        )}
        <Group gap={6}>
          <IconUser size={16} color="var(--mantine-color-gray-6)" />
          {owner ? (
            <Text size="sm">
              {t('vehicle.currentOwner')}:{' '}
              <Anchor component={Link} to={`/customers/${owner.id}`} fw={600}>
                {owner.displayName}
              </Anchor>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('vehicle.noOwner')}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
