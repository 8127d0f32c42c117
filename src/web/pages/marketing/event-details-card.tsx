import { Alert, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMapPin } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import {
  useChangeEventDetails,
  useEventDetails,
  type EventChangeView,
  type EventChangesView,
} from '../../api/event-details.ts';
import type { Campaign } from '../../api/marketing.ts';
import { localDateTime, toIso } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { EventFields, type EventFieldValues } from './campaign-fields.tsx';
import { isEditable } from './campaign-settings-card.tsx';
import { EventCancelControl } from './event-cancel-control.tsx';
import { eventWhen } from './event-when.ts';

/**
 * A sent event's venue, start and places: the form that moves it (the guests are told) and
 * the history of such changes. Before sending, the campaign's own edit form changes them.
 */
export function EventDetailsCard({
  campaign,
  canWrite,
}: {
  campaign: Campaign;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const shown = campaign.kind === 'event' && !isEditable(campaign);
  const details = useEventDetails(campaign.id, shown);
  const [editing, setEditing] = useState(false);
  if (!shown || !details.data) return null;
  const data = details.data;
  // seeing an event (a dealer sees the group's) is not running it: the server says which
  const cancelled = campaign.status === 'cancelled';
  const mayEdit = canWrite && data.mayEdit && !cancelled;
  // the server refuses once the event has begun (409); the page does not offer it then
  const upcoming = dayjs(data.details.startsAt).isAfter(dayjs());
  return (
    <Card data-testid="event-details">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('eventDetails.title')}
          </Title>
          {mayEdit && !editing && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconMapPin size={16} />}
              onClick={() => setEditing(true)}
              data-testid="event-details-change"
            >
              {t('eventDetails.change')}
            </Button>
          )}
        </Group>
        {!cancelled && (
          <Text size="sm" c="dimmed">
            {t('eventDetails.intro')}
          </Text>
        )}
        {cancelled && (
          <Alert color="red" variant="light" data-testid="event-cancelled">
            {t('eventDetails.eventCancelled')}
          </Alert>
        )}
        {mayEdit && upcoming && !editing && <EventCancelControl campaignId={campaign.id} />}
        {!data.mayEdit && canWrite && (
          <Text size="sm" c="dimmed">
            {t('eventDetails.readOnly')}
          </Text>
        )}
        {editing && (
          <ChangeForm campaignId={campaign.id} data={data} onDone={() => setEditing(false)} />
        )}
        <ChangeHistory changes={data.changes} />
      </Stack>
    </Card>
  );
}

function ChangeForm({
  campaignId,
  data,
  onDone,
}: {
  campaignId: string;
  data: EventChangesView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const change = useChangeEventDetails(campaignId);
  const initialStart = localDateTime(dayjs(data.details.startsAt));
  const initialEnd = data.details.endsAt ? localDateTime(dayjs(data.details.endsAt)) : null;
  const [form, setForm] = useState<EventFieldValues>({
    venue: data.details.venue ?? '',
    startsAt: initialStart,
    endsAt: initialEnd,
    capacity: data.details.places,
  });
  const [notifyInvited, setNotifyInvited] = useState(false);
  const errors = fieldErrors(change.error);
  // "at least the N registered" in the user's language, with the number the server counted
  const below = isApiError(change.error)
    ? change.error.fields.find((f) => f.path === 'places' && f.code === 'below_registered')
    : undefined;
  const placesError = below
    ? t('eventDetails.belowRegistered', { registered: below.params?.registered ?? '' })
    : errors.places;
  const save = () =>
    change.mutate(
      {
        venue: form.venue.trim() || null,
        // the field holds minutes: an untouched start goes back exactly, or it would "move"
        startsAt:
          form.startsAt === initialStart
            ? data.details.startsAt
            : form.startsAt
              ? toIso(form.startsAt)
              : '',
        // an untouched end is left out: the server keeps the duration from the new start
        ...(form.endsAt === initialEnd ? {} : { endsAt: form.endsAt ? toIso(form.endsAt) : null }),
        places: form.capacity === '' ? 0 : form.capacity,
        notifyInvited,
      },
      {
        onSuccess: (answer) => {
          const latest = answer.changes[0];
          const told = latest ? latest.notices.queued + latest.notices.blocked : 0;
          notifications.show({
            color: 'green',
            message:
              latest && told > 0
                ? t('eventDetails.saved', {
                    queued: latest.notices.queued,
                    blocked: latest.notices.blocked,
                  })
                : t('eventDetails.savedQuiet'),
          });
          onDone();
        },
      },
    );
  return (
    <Stack gap="xs" data-testid="event-details-form">
      <EventFields
        value={form}
        onChange={(patch) => setForm({ ...form, ...patch })}
        errors={{
          eventVenue: errors.venue,
          eventStartsAt: errors.startsAt,
          eventEndsAt: errors.endsAt,
          eventCapacity: placesError,
        }}
      />
      <Checkbox
        label={t('eventDetails.notifyInvited')}
        checked={notifyInvited}
        onChange={(event) => setNotifyInvited(event.currentTarget.checked)}
      />
      <Alert color="blue" variant="light">
        {t('eventDetails.notifyNote')}
      </Alert>
      <FormError
        error={change.error}
        shownPaths={(path) => ['venue', 'startsAt', 'endsAt', 'places'].includes(path)}
      />
      <Group>
        <Button loading={change.isPending} onClick={save} data-testid="event-details-save">
          {t('eventDetails.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('eventDetails.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function ChangeHistory({ changes }: { changes: EventChangeView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('eventDetails.noChanges')}
      </Text>
    );
  }
  const venue = (value: string | null) => value ?? t('eventDetails.noVenue');
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {t('eventDetails.history')}
      </Text>
      <Table data-testid="event-changes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('eventDetails.when')}</Table.Th>
            <Table.Th>{t('eventDetails.by')}</Table.Th>
            <Table.Th>{t('eventDetails.what')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((change) => (
            <Table.Tr key={change.id}>
              <Table.Td>{format.dateTime(change.changedAt)}</Table.Td>
              <Table.Td>{change.changedBy?.name ?? t('eventDetails.system')}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  {change.kind === 'cancel' && (
                    <Text size="sm" fw={600} c="red" data-testid="event-change-cancel">
                      {t('eventDetails.historyCancelled')}
                    </Text>
                  )}
                  {change.reason && (
                    <Text size="sm">
                      {t('eventDetails.historyReason', { reason: change.reason })}
                    </Text>
                  )}
                  {change.old.venue !== change.new.venue && (
                    <Text size="sm">
                      {t('eventDetails.venue', {
                        old: venue(change.old.venue),
                        new: venue(change.new.venue),
                      })}
                    </Text>
                  )}
                  {(change.old.startsAt !== change.new.startsAt ||
                    change.old.endsAt !== change.new.endsAt) && (
                    <Text size="sm">
                      {t('eventDetails.startsAt', {
                        old: eventWhen(format, change.old.startsAt, change.old.endsAt),
                        new: eventWhen(format, change.new.startsAt, change.new.endsAt),
                      })}
                    </Text>
                  )}
                  {change.old.places !== change.new.places && (
                    <Text size="sm">
                      {t('eventDetails.places', {
                        old: format.number(change.old.places),
                        new: format.number(change.new.places),
                      })}
                    </Text>
                  )}
                  {change.promoted > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('eventDetails.promoted', { count: change.promoted })}
                    </Text>
                  )}
                  {change.notices.queued + change.notices.blocked > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('eventDetails.notices', {
                        queued: format.number(change.notices.queued),
                        blocked: format.number(change.notices.blocked),
                      })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
