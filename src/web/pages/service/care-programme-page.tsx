import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useLifecycleEvents,
  useLifecycleRules,
  useRunLifecycle,
  type LifecycleEvent,
  type LifecycleEventType,
} from '../../api/aftersales.ts';
import { errorMessage } from '../../api/error-message.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { aftersales } from '../../i18n/aftersales.ts';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { careEventText } from './care-event-text.ts';

const pageSize = 50;
// the event types, from their labels (typed against the server's list): web code takes no
// values from the server modules
const lifecycleEventTypes = Object.keys(aftersales.en.care.eventType) as LifecycleEventType[];

/** The care programme (seed 002's Basic 11): its events with their state, and its task rules. */
export function CareProgrammePage() {
  const { t } = useTranslation();
  usePageTitle(t('aftersales.care.title'));
  const canRun = useCan('service:manage');
  const run = useRunLifecycle();
  const onRun = () =>
    run.mutate(undefined, {
      onSuccess: (result) =>
        notifications.show({ color: 'teal', message: t('aftersales.care.runDone', result) }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('aftersales.care.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('aftersales.care.intro')}
          </Text>
        </div>
        {canRun && (
          <Button
            variant="light"
            leftSection={<IconPlayerPlay size={16} />}
            loading={run.isPending}
            onClick={onRun}
          >
            {t('aftersales.care.run')}
          </Button>
        )}
      </Group>
      <Tabs defaultValue="events" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="events">{t('aftersales.care.events')}</Tabs.Tab>
          <Tabs.Tab value="rules">{t('aftersales.care.rules')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="events" pt="md">
          <EventsTable />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function EventsTable() {
  const { t } = useTranslation();
  const format = useFormat();
  const [type, setType] = useState<LifecycleEventType | null>(null);
  const [page, setPage] = useState(1);
  const events = useLifecycleEvents({
    type: type ?? undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const items = events.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Select
        label={t('aftersales.care.type')}
        placeholder={t('aftersales.care.allTypes')}
        data={lifecycleEventTypes.map((value) => ({
          value,
          label: t(`aftersales.care.eventType.${value}`),
        }))}
        value={type}
        onChange={(value) => {
          setType(value as LifecycleEventType | null);
          setPage(1);
        }}
        clearable
        w={300}
      />
      {events.isError && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="care-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('aftersales.care.due')}</Table.Th>
                <Table.Th>{t('aftersales.care.type')}</Table.Th>
                <Table.Th>{t('aftersales.care.customer')}</Table.Th>
                <Table.Th>{t('aftersales.care.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td className="num">{format.date(event.dueDate)}</Table.Td>
                  <Table.Td>{careEventText(event.type, event.payload, t)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${event.customerId}`} size="sm">
                      {event.customerName ?? t('common.unknown')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <EventState event={event} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {events.isSuccess && items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('aftersales.care.none')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {(page > 1 || items.length === pageSize) && (
        <Pagination
          value={page}
          onChange={setPage}
          total={items.length === pageSize ? page + 1 : page}
        />
      )}
    </Stack>
  );
}

function EventState({ event }: { event: LifecycleEvent }) {
  const { t } = useTranslation();
  if (!event.emittedAt)
    return (
      <Badge variant="light" color="blue">
        {t('aftersales.care.pending')}
      </Badge>
    );
  if (event.skippedReason) {
    const known = [
      'open_recall',
      'open_complaint',
      'warranty_only',
      'no_assignee',
      'task_refused',
    ] as const;
    const reason = known.find((value) => value === event.skippedReason);
    return (
      <Badge variant="light" color="gray">
        {t('aftersales.care.skipped', {
          reason: reason ? t(`aftersales.care.skippedReason.${reason}`) : event.skippedReason,
        })}
      </Badge>
    );
  }
  return (
    <Badge variant="light" color="teal">
      {t('aftersales.care.emitted')}
    </Badge>
  );
}

function RulesTable() {
  const { t } = useTranslation();
  const rules = useLifecycleRules();
  const roleLabel = (role: string) => {
    const key = `roles.${role}` as const;
    return t(key as 'roles.call_center', { defaultValue: role });
  };
  return (
    <Card padding={0}>
      {rules.isError && <QueryError error={rules.error} onRetry={() => void rules.refetch()} />}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" data-testid="care-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('aftersales.care.type')}</Table.Th>
              <Table.Th>{t('aftersales.care.enabled')}</Table.Th>
              <Table.Th>{t('aftersales.care.assigneeRole')}</Table.Th>
              <Table.Th>{t('aftersales.care.priority')}</Table.Th>
              <Table.Th>{t('aftersales.care.taskTitle')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data ?? []).map((rule) => (
              <Table.Tr key={rule.eventType}>
                <Table.Td fw={600}>{t(`aftersales.care.eventType.${rule.eventType}`)}</Table.Td>
                <Table.Td>{rule.enabled ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td>{roleLabel(rule.assigneeRole)}</Table.Td>
                <Table.Td>
                  {t(`priority.${rule.priority}` as 'priority.normal', {
                    defaultValue: rule.priority,
                  })}
                </Table.Td>
                <Table.Td>{rule.title}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
