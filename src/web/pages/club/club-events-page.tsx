import {
  Badge,
  Button,
  Card,
  Checkbox,
  Drawer,
  Group,
  Modal,
  NumberInput,
  Pagination,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClubs } from '../../api/club.ts';
import {
  useCancelClubEvent,
  useClubEvent,
  useClubEvents,
  useCreateClubEvent,
  useRecordAttendance,
  type EventKind,
  type EventView,
} from '../../api/club-admin.ts';
import { errorMessage } from '../../api/error-message.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import {
  DateTimeField,
  toIso,
  tomorrowAt,
  type LocalDateTime,
} from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { aftersales } from '../../i18n/aftersales.ts';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';

const pageSize = 50;
// from the labels, which are typed against the server's list (no value import from modules)
const eventKinds = Object.keys(aftersales.en.club.eventKind) as EventKind[];

/** The owners club's events: plan them, see who registered, record who came. */
export function ClubEventsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('aftersales.club.events.title'));
  const canManage = useCan('club:manage');
  const clubs = useClubs();
  const [clubId, setClubId] = useState<string | null>(null);
  const [upcoming, setUpcoming] = useState(true);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const events = useClubEvents({
    clubId: clubId ?? undefined,
    upcoming: upcoming ? 'true' : undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const items = events.data?.items ?? [];
  const clubOptions = (clubs.data?.items ?? []).map((club) => ({
    value: club.id,
    label: club.name,
  }));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('aftersales.club.events.title')}
        </Title>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('aftersales.club.events.new')}
          </Button>
        )}
      </Group>
      <Group gap="sm" align="flex-end">
        <Select
          label={t('aftersales.club.club')}
          placeholder={t('common.all')}
          data={clubOptions}
          value={clubId}
          onChange={(value) => {
            setClubId(value);
            setPage(1);
          }}
          clearable
          w={240}
        />
        <Switch
          label={t('aftersales.club.events.upcomingOnly')}
          checked={upcoming}
          onChange={(event) => {
            setUpcoming(event.currentTarget.checked);
            setPage(1);
          }}
          mb={8}
        />
      </Group>
      {events.isError && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="club-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('aftersales.club.events.when')}</Table.Th>
                <Table.Th>{t('aftersales.club.events.event')}</Table.Th>
                <Table.Th>{t('aftersales.club.events.venue')}</Table.Th>
                <Table.Th>{t('aftersales.club.dealer')}</Table.Th>
                <Table.Th ta="right">{t('aftersales.club.events.seats')}</Table.Th>
                <Table.Th ta="right">{t('aftersales.club.events.attended')}</Table.Th>
                <Table.Th ta="right">{t('aftersales.club.events.points')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td className="num">{format.dateTime(event.startsAt)}</Table.Td>
                  <Table.Td>
                    <UnstyledButton onClick={() => setOpenId(event.id)}>
                      <Text size="sm" fw={600} c="blue">
                        {event.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`aftersales.club.eventKind.${event.kind}`)} · {event.clubCode}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>{event.venue}</Table.Td>
                  <Table.Td>{event.dealerCode ?? t('aftersales.club.wholeClub')}</Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(event.registered)} / {format.number(event.capacity)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(event.attended)}
                  </Table.Td>
                  <Table.Td ta="right" className="num">
                    {format.number(event.points)}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={event.status === 'cancelled' ? 'gray' : 'teal'}
                      size="sm"
                    >
                      {t(`aftersales.club.events.${event.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {events.isSuccess && items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('aftersales.club.events.none')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {(events.data?.total ?? 0) > pageSize && (
        <Pagination
          value={page}
          onChange={setPage}
          total={Math.ceil((events.data?.total ?? 0) / pageSize)}
        />
      )}
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('aftersales.club.events.new')}
        size="lg"
      >
        {creating && <NewEventForm clubOptions={clubOptions} onClose={() => setCreating(false)} />}
      </Modal>
      <Drawer
        opened={openId !== null}
        onClose={() => setOpenId(null)}
        position="right"
        size="lg"
        title={t('aftersales.club.events.registrations')}
      >
        {openId && <EventDetail eventId={openId} onClose={() => setOpenId(null)} />}
      </Drawer>
    </Stack>
  );
}

function NewEventForm({
  clubOptions,
  onClose,
}: {
  clubOptions: { value: string; label: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateClubEvent();
  const dealers = useDealers();
  const errors = fieldErrors(create.error);
  const [clubId, setClubId] = useState<string | null>(clubOptions[0]?.value ?? null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<EventKind>('other');
  const [venue, setVenue] = useState('');
  const [startsAt, setStartsAt] = useState<LocalDateTime | null>(tomorrowAt(10));
  const [endsAt, setEndsAt] = useState<LocalDateTime | null>(null);
  const [capacity, setCapacity] = useState<number | string>(20);
  const [points, setPoints] = useState<number | string>('');
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!clubId || !startsAt) return;
    create.mutate(
      {
        clubId,
        title: title.trim(),
        kind,
        venue: venue.trim(),
        startsAt: toIso(startsAt),
        capacity: Number(capacity),
        ...(endsAt ? { endsAt: toIso(endsAt) } : {}),
        ...(points !== '' ? { points: Number(points) } : {}),
        ...(dealerCode ? { dealerCode } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('aftersales.club.events.created') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={create.error} shownPaths={(path) => path in errors} />
        <Group grow>
          <Select
            label={t('aftersales.club.club')}
            data={clubOptions}
            value={clubId}
            onChange={setClubId}
            required
          />
          <Select
            label={t('aftersales.club.dealer')}
            placeholder={t('aftersales.club.wholeClub')}
            data={dealerOptions(dealers.data)}
            value={dealerCode}
            onChange={setDealerCode}
            clearable
            error={errors.dealerCode}
          />
        </Group>
        <TextInput
          label={t('aftersales.club.events.name')}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={200}
          error={errors.title}
        />
        <Group grow>
          <Select
            label={t('aftersales.club.events.kind')}
            data={eventKinds.map((value) => ({
              value,
              label: t(`aftersales.club.eventKind.${value}`),
            }))}
            value={kind}
            onChange={(value) => setKind((value as EventKind | null) ?? 'other')}
          />
          <TextInput
            label={t('aftersales.club.events.venue')}
            required
            value={venue}
            onChange={(event) => setVenue(event.currentTarget.value)}
            maxLength={300}
            error={errors.venue}
          />
        </Group>
        <Group grow>
          <DateTimeField
            label={t('aftersales.club.events.startsAt')}
            value={startsAt}
            onChange={setStartsAt}
            required
            error={errors.startsAt}
          />
          <DateTimeField
            label={t('aftersales.club.events.endsAt')}
            value={endsAt}
            onChange={setEndsAt}
            clearable
            error={errors.endsAt}
          />
        </Group>
        <Group grow>
          <NumberInput
            label={t('aftersales.club.events.capacity')}
            value={capacity}
            onChange={setCapacity}
            min={1}
            max={100_000}
            required
            error={errors.capacity}
          />
          <NumberInput
            label={t('aftersales.club.events.points')}
            description={t('aftersales.club.events.pointsHint')}
            value={points}
            onChange={setPoints}
            min={0}
            error={errors.points}
          />
        </Group>
        <Textarea
          label={t('aftersales.club.events.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!clubId || !title.trim() || !venue.trim() || !startsAt}
          >
            {t('aftersales.club.events.new')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EventDetail({ eventId, onClose }: { eventId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canWrite = useCan('club:write');
  const canManage = useCan('club:manage');
  const detail = useClubEvent(eventId);
  const attendance = useRecordAttendance();
  const cancel = useCancelClubEvent();
  const [came, setCame] = useState<Set<string>>(new Set());
  if (detail.isError)
    return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return null;
  const { event, registrations } = detail.data;
  const open = registrations.filter((row) => row.status === 'registered');
  const fail = (error: unknown) =>
    notifications.show({ color: 'red', message: errorMessage(error) });
  const record = () =>
    attendance.mutate(
      { eventId, memberIds: [...came] },
      {
        onSuccess: () => {
          setCame(new Set());
          notifications.show({
            color: 'teal',
            message: t('aftersales.club.events.attendanceSaved'),
          });
        },
        onError: fail,
      },
    );
  return (
    <Stack gap="sm" data-testid="club-event-detail">
      <EventHeader event={event} />
      <Text size="sm" c="dimmed">
        {format.dateTime(event.startsAt)} · {event.venue}
      </Text>
      {event.description && <Text size="sm">{event.description}</Text>}
      {open.length === 0 ? (
        <EmptyNote>{t('aftersales.club.events.noRegistrations')}</EmptyNote>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('aftersales.club.events.member')}</Table.Th>
              <Table.Th>{t('aftersales.club.events.tier')}</Table.Th>
              <Table.Th>{t('aftersales.club.events.came')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {open.map((row) => (
              <Table.Tr key={row.memberId}>
                <Table.Td>
                  <Text size="sm">{row.displayName}</Text>
                  <Text size="xs" c="dimmed">
                    {row.memberNumber}
                  </Text>
                </Table.Td>
                <Table.Td>{row.tierCode}</Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${t('aftersales.club.events.came')}: ${row.displayName}`}
                    checked={row.attended || came.has(row.memberId)}
                    disabled={row.attended || !canWrite || event.status === 'cancelled'}
                    onChange={() =>
                      setCame((current) => {
                        const next = new Set(current);
                        if (next.has(row.memberId)) next.delete(row.memberId);
                        else next.add(row.memberId);
                        return next;
                      })
                    }
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between">
        {canManage && event.status === 'planned' && event.attended === 0 ? (
          <Button
            variant="subtle"
            color="red"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(eventId, {
                onSuccess: () => {
                  notifications.show({
                    color: 'teal',
                    message: t('aftersales.club.events.cancelDone'),
                  });
                  onClose();
                },
                onError: fail,
              })
            }
          >
            {t('aftersales.club.events.cancel')}
          </Button>
        ) : (
          <span />
        )}
        {canWrite && (
          <Button disabled={came.size === 0} loading={attendance.isPending} onClick={record}>
            {t('aftersales.club.events.recordAttendance', { count: came.size })}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function EventHeader({ event }: { event: EventView }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between">
      <Text fw={600}>{event.title}</Text>
      <Badge variant="light" color={event.status === 'cancelled' ? 'gray' : 'teal'}>
        {t(`aftersales.club.events.${event.status}`)}
      </Badge>
    </Group>
  );
}
