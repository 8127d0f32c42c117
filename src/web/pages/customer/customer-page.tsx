import { Anchor, Breadcrumbs, Button, Grid, Skeleton, Stack, Text } from '@mantine/core';
import { EmptyState } from '@mantine/core';
import { IconUserQuestion } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useCustomer } from '../../api/customers.ts';
import { QueryError } from '../../components/query-error.tsx';
import { AddTaskModal } from './add-task-modal.tsx';
import { ConsentsCard } from './consents-card.tsx';
import { ContactsCard } from './contacts-card.tsx';
import { CustomerHeader } from './customer-header.tsx';
import { EditProfileModal } from './edit-profile-modal.tsx';
import { HouseholdCard } from './household-card.tsx';
import { LogActivityModal } from './log-activity-modal.tsx';
import { OpenTasksCard } from './open-tasks-card.tsx';
import { ProfileCard } from './profile-card.tsx';
import { TimelineCard } from './timeline-card.tsx';
import { VehiclesCard } from './vehicles-card.tsx';
import { VerificationCard } from './verification-card.tsx';
import { CustomerClubCard } from '../club/customer-club-card.tsx';
import { CustomerValueCard } from '../analytics/customer-value-card.tsx';
import { CustomerMergeCard } from '../quality/customer-merge-card.tsx';
import { CustomerOrdersCard } from '../sales/customer-orders-card.tsx';
import { CustomerComplaintsCard } from '../complaints/customer-complaints-card.tsx';
import { CustomerTestDrivesCard } from '../test-drives/customer-test-drives-card.tsx';
import { CareEventsCard } from '../service/care-events-card.tsx';
import { ServiceCallsCard } from '../service/service-calls-card.tsx';
import { usePageTitle } from '../../components/page-title.ts';

type Dialog = 'activity' | 'task' | 'profile' | null;

/** The 360° view: who the customer is, how to reach them, what they own and every contact. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  usePageTitle(customer.data?.profile.displayName);

  if (customer.isPending) return <CustomerSkeleton />;
  if (customer.isError) {
    if (
      isApiError(customer.error) &&
      (customer.error.status === 404 || customer.error.status === 400)
    ) {
      return (
        <EmptyState
          mt={80}
          icon={<IconUserQuestion size={32} stroke={1.5} />}
          withIndicatorBackground
          title={t('customer.notFoundTitle')}
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
    return <QueryError error={customer.error} onRetry={() => void customer.refetch()} />;
  }

  const data = customer.data;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/customers" size="sm">
          {t('customer.backToList')}
        </Anchor>
        <Text size="sm" c="dimmed" truncate maw={400}>
          {data.profile.displayName}
        </Text>
      </Breadcrumbs>
      <CustomerHeader
        customer={data}
        onLogActivity={() => setDialog('activity')}
        onAddTask={() => setDialog('task')}
        onEditProfile={() => setDialog('profile')}
      />
      {/* Two columns only from lg: between md and lg the navigation takes 248 px, and a
          side column of 300 px broke e-mails and clipped the buttons (a 1024 px tablet). */}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 5, xl: 4 }}>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 6, lg: 12 }}>
              <Stack gap="md">
                <ContactsCard customer={data} />
                <ProfileCard customer={data} />
                <VerificationCard customer={data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, lg: 12 }}>
              <Stack gap="md">
                <ConsentsCard customer={data} />
                <HouseholdCard customer={data} />
                <CustomerMergeCard customer={data} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7, xl: 8 }}>
          <Stack gap="md">
            <OpenTasksCard tasks={data.openTasks} onAddTask={() => setDialog('task')} />
            <VehiclesCard vehicles={data.vehicles} />
            <CustomerValueCard customerId={id} />
            <CustomerOrdersCard customer={data} />
            <CustomerClubCard customer={data} />
            <CustomerComplaintsCard customer={data} />
            <ServiceCallsCard customer={data} />
            <CareEventsCard customerId={id} />
            <CustomerTestDrivesCard customer={data} />
            <TimelineCard key={id} customerId={id} firstPage={data.timeline} />
          </Stack>
        </Grid.Col>
      </Grid>

      <LogActivityModal
        customerId={id}
        opened={dialog === 'activity'}
        onClose={() => setDialog(null)}
      />
      <AddTaskModal customer={data} opened={dialog === 'task'} onClose={() => setDialog(null)} />
      {dialog === 'profile' && <EditProfileModal customer={data} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function CustomerSkeleton() {
  return (
    <Stack gap="md">
      <Skeleton height={14} width={200} />
      <Skeleton height={120} radius="md" />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5, xl: 4 }}>
          <Stack gap="md">
            <Skeleton height={180} radius="md" />
            <Skeleton height={240} radius="md" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7, xl: 8 }}>
          <Stack gap="md">
            <Skeleton height={120} radius="md" />
            <Skeleton height={360} radius="md" />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
