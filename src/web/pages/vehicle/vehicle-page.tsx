import {
  Anchor,
  Breadcrumbs,
  Button,
  EmptyState,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconCarOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useVehicle } from '../../api/vehicles.ts';
import { QueryError } from '../../components/query-error.tsx';
import { vehicleTitle } from '../customer/vehicles-card.tsx';
import { VehicleDetailsCard, VinDecodeCard } from './vehicle-details-card.tsx';
import { VehicleHeader } from './vehicle-header.tsx';
import { OwnersCard, PurchasesCard, ServiceVisitsCard } from './vehicle-history.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { NextServiceCard } from '../service/next-service-card.tsx';
import { RepairOrdersCard } from '../service/repair-orders-card.tsx';
import { VehicleRecallsCard } from '../service/vehicle-recalls-card.tsx';

/** One car: what it is (from the VIN and the catalogue), who owned it, sales and service. */
export function VehiclePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const vehicle = useVehicle(id);
  usePageTitle(vehicle.data ? vehicleTitle(vehicle.data.vehicle) : undefined);

  if (vehicle.isPending) {
    return (
      <Stack gap="md">
        <Skeleton height={14} width={220} />
        <Skeleton height={110} radius="md" />
        <Skeleton height={300} radius="md" />
      </Stack>
    );
  }
  if (vehicle.isError) {
    if (
      isApiError(vehicle.error) &&
      (vehicle.error.status === 404 || vehicle.error.status === 400)
    ) {
      return (
        <EmptyState
          mt={80}
          icon={<IconCarOff size={32} stroke={1.5} />}
          withIndicatorBackground
          title={t('vehicle.notFoundTitle')}
          description={t('errors.not_found')}
        >
          <EmptyState.Actions>
            <Button component={Link} to="/customers" variant="default">
              {t('customer.backToList')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      );
    }
    return <QueryError error={vehicle.error} onRetry={() => void vehicle.refetch()} />;
  }

  const view = vehicle.data;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/customers" size="sm">
          {t('customer.backToList')}
        </Anchor>
        {view.owner && (
          <Anchor component={Link} to={`/customers/${view.owner.id}`} size="sm">
            {view.owner.displayName}
          </Anchor>
        )}
        <Text size="sm" c="dimmed">
          {vehicleTitle(view.vehicle)}
        </Text>
      </Breadcrumbs>
      <VehicleHeader view={view} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <VehicleDetailsCard view={view} />
        <VinDecodeCard view={view} />
        <OwnersCard view={view} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <NextServiceCard vehicleId={view.vehicle.id} />
        <VehicleRecallsCard vehicleId={view.vehicle.id} />
      </SimpleGrid>
      <RepairOrdersCard vehicleId={view.vehicle.id} title={vehicleTitle(view.vehicle)} />
      <PurchasesCard view={view} />
      <ServiceVisitsCard view={view} />
    </Stack>
  );
}
