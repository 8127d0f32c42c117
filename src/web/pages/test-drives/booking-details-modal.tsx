import {
  Anchor,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  Rating,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buyingIntents, type BuyingIntent } from '../../../modules/test-drives/schema.ts';
import {
  useCancelTestDrive,
  useInviteToTestDrive,
  useRecordAttendance,
  useRecordFeedback,
  useRescheduleTestDrive,
  type TestDriveBooking,
} from '../../api/test-drives.ts';
import { isApiError } from '../../api/client.ts';
import {
  DateTimeField,
  localDateTime,
  toIso,
  type LocalDateTime,
} from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { BookingStatusBadge } from './status-badge.tsx';

type Props = { booking: TestDriveBooking | null; onClose: () => void };

/** One test drive: invite, record attendance, take feedback, or cancel. */
export function BookingDetailsModal({ booking, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={booking !== null}
      onClose={onClose}
      title={t('testDrives.details.title')}
      size="lg"
    >
      {booking && <BookingDetails booking={booking} onClose={onClose} />}
    </Modal>
  );
}

function BookingDetails({ booking, onClose }: { booking: TestDriveBooking; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canWork = useCan('activities:write') && booking.customer !== null;
  const row = (label: string, value: ReactNode) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={130}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {value}
      </Text>
    </Group>
  );
  return (
    <Stack gap="sm" data-testid="test-drive-details">
      <Group justify="space-between">
        <Text fw={600}>
          {booking.vehicle.model}
          {booking.vehicle.plate ? ` · ${booking.vehicle.plate}` : ''}
        </Text>
        <BookingStatusBadge status={booking.status} />
      </Group>
      {row(
        t('testDrives.details.customer'),
        booking.customer ? (
          <Anchor component={Link} to={`/customers/${booking.customer.id}`} onClick={onClose}>
            {booking.customer.displayName}
          </Anchor>
        ) : (
          t('testDrives.details.hiddenCustomer')
        ),
      )}
      {row(
        t('testDrives.details.when'),
        `${format.dateTime(booking.startsAt)} – ${format.time(booking.endsAt)}`,
      )}
      {row(t('testDrives.details.consultant'), booking.consultant.name)}
      {booking.licence &&
        row(
          t('testDrives.details.licence'),
          [
            booking.licence.number,
            booking.licence.category,
            booking.licence.expiresOn && format.date(booking.licence.expiresOn),
          ]
            .filter(Boolean)
            .join(' · '),
        )}
      {booking.note && row(t('testDrives.booking.note'), booking.note)}
      {booking.cancelReason && row(t('testDrives.details.cancelReason'), booking.cancelReason)}
      {canWork && booking.status === 'booked' && (
        <>
          <Divider />
          <InviteSection booking={booking} />
          <Divider />
          <AttendanceSection booking={booking} />
          <Divider />
          <RescheduleSection booking={booking} />
          <Divider />
          <CancelSection booking={booking} onDone={onClose} />
        </>
      )}
      {canWork && booking.status === 'came' && (
        <>
          <Divider />
          <FeedbackSection booking={booking} />
        </>
      )}
    </Stack>
  );
}

function InviteSection({ booking }: { booking: TestDriveBooking }) {
  const { t } = useTranslation();
  const invite = useInviteToTestDrive();
  const [email, setEmail] = useState(true);
  const [sms, setSms] = useState(false);
  const channels = [email && 'email', sms && 'sms'].filter((value): value is 'email' | 'sms' =>
    Boolean(value),
  );
  const channelName = (channel: 'email' | 'sms') =>
    channel === 'email' ? t('testDrives.details.inviteEmail') : t('testDrives.details.inviteSms');
  const send = () =>
    invite.mutate(
      { id: booking.id, channels },
      {
        onSuccess: ({ items }) => {
          const queued = items.filter((item) => item.status === 'queued');
          if (queued.length) {
            notifications.show({
              color: 'teal',
              message: t('testDrives.details.invited', {
                channels: queued.map((item) => channelName(item.channel)).join(', '),
              }),
            });
          }
          for (const item of items.filter((entry) => entry.status === 'blocked')) {
            notifications.show({
              color: 'orange',
              autoClose: false,
              message: t('testDrives.details.blocked', {
                channel: channelName(item.channel),
                reason: item.reason ? t(`testDrives.details.reasons.${item.reason}`) : '',
              }),
            });
          }
        },
      },
    );
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('testDrives.details.invite')}
      </Text>
      <FormError error={invite.error} />
      <Group gap="md">
        <Checkbox
          label={t('testDrives.details.inviteEmail')}
          checked={email}
          onChange={(event) => setEmail(event.currentTarget.checked)}
        />
        <Checkbox
          label={t('testDrives.details.inviteSms')}
          checked={sms}
          onChange={(event) => setSms(event.currentTarget.checked)}
        />
        <Button
          size="xs"
          variant="light"
          disabled={!channels.length}
          loading={invite.isPending}
          onClick={send}
        >
          {t('testDrives.details.invite')}
        </Button>
      </Group>
    </Stack>
  );
}

function AttendanceSection({ booking }: { booking: TestDriveBooking }) {
  const { t } = useTranslation();
  const attendance = useRecordAttendance();
  const record = (status: 'came' | 'no_show') =>
    attendance.mutate(
      { id: booking.id, status },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', message: t('testDrives.details.attendanceSaved') }),
      },
    );
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('testDrives.details.attendance')}
      </Text>
      <FormError error={attendance.error} />
      {/* the server takes attendance from an hour before the start */}
      {Date.parse(booking.startsAt) > Date.now() + 3_600_000 ? (
        <Text size="sm" c="dimmed">
          {t('testDrives.details.notStarted')}
        </Text>
      ) : (
        <Group gap="xs">
          <Button
            size="xs"
            color="teal"
            loading={attendance.isPending}
            onClick={() => record('came')}
          >
            {t('testDrives.details.came')}
          </Button>
          <Button
            size="xs"
            color="orange"
            variant="light"
            loading={attendance.isPending}
            onClick={() => record('no_show')}
          >
            {t('testDrives.details.noShow')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Another start, the same length; the car and the consultant must be free then. */
function RescheduleSection({ booking }: { booking: TestDriveBooking }) {
  const { t } = useTranslation();
  const move = useRescheduleTestDrive();
  const [startsAt, setStartsAt] = useState<LocalDateTime | null>(
    localDateTime(dayjs(booking.startsAt)),
  );
  const errors = fieldErrors(move.error);
  const taken = isApiError(move.error) && move.error.status === 409;
  const minutes = dayjs(booking.endsAt).diff(dayjs(booking.startsAt), 'minute');
  const unchanged = !startsAt || dayjs(startsAt).isSame(dayjs(booking.startsAt), 'minute');
  return (
    <Group gap="xs" align="flex-end">
      <div style={{ flex: 1 }}>
        <DateTimeField
          label={t('testDrives.details.moveTo')}
          value={startsAt}
          onChange={setStartsAt}
          error={taken ? t('testDrives.booking.conflict') : (errors.startsAt ?? errors.endsAt)}
        />
      </div>
      <Button
        size="xs"
        variant="light"
        disabled={unchanged}
        loading={move.isPending}
        onClick={() =>
          startsAt &&
          move.mutate(
            {
              id: booking.id,
              startsAt: toIso(startsAt),
              endsAt: toIso(localDateTime(dayjs(startsAt).add(minutes, 'minute'))),
            },
            {
              onSuccess: () =>
                notifications.show({ color: 'teal', message: t('testDrives.details.moved') }),
            },
          )
        }
      >
        {t('testDrives.details.move')}
      </Button>
    </Group>
  );
}

function CancelSection({ booking, onDone }: { booking: TestDriveBooking; onDone: () => void }) {
  const { t } = useTranslation();
  const cancel = useCancelTestDrive();
  const [reason, setReason] = useState('');
  const errors = fieldErrors(cancel.error);
  return (
    <Group gap="xs" align="flex-end">
      <TextInput
        style={{ flex: 1 }}
        size="xs"
        label={t('testDrives.details.cancelReason')}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        error={errors.reason}
        maxLength={500}
      />
      <Button
        size="xs"
        color="red"
        variant="subtle"
        disabled={!reason.trim()}
        loading={cancel.isPending}
        onClick={() =>
          cancel.mutate(
            { id: booking.id, reason: reason.trim() },
            {
              onSuccess: () => {
                notifications.show({ color: 'gray', message: t('testDrives.details.cancelled') });
                onDone();
              },
            },
          )
        }
      >
        {t('testDrives.details.cancel')}
      </Button>
    </Group>
  );
}

function FeedbackSection({ booking }: { booking: TestDriveBooking }) {
  const { t } = useTranslation();
  const save = useRecordFeedback();
  const [rating, setRating] = useState(booking.feedback?.rating ?? 0);
  const [liked, setLiked] = useState(booking.feedback?.liked ?? '');
  const [concerns, setConcerns] = useState(booking.feedback?.concerns ?? '');
  const [intent, setIntent] = useState<BuyingIntent>(booking.feedback?.intentToBuy ?? 'maybe');
  const errors = fieldErrors(save.error);
  return (
    <Stack gap="xs" data-testid="test-drive-feedback">
      <Text size="sm" fw={500}>
        {t('testDrives.details.feedback')}
      </Text>
      <FormError error={save.error} shownPaths={(path) => path in errors} />
      <Group gap="xs">
        <Text size="sm">{t('testDrives.details.rating')}</Text>
        <Rating value={rating} onChange={setRating} aria-label={t('testDrives.details.rating')} />
      </Group>
      <Textarea
        label={t('testDrives.details.liked')}
        autosize
        minRows={1}
        value={liked}
        onChange={(event) => setLiked(event.currentTarget.value)}
        error={errors.liked}
      />
      <Textarea
        label={t('testDrives.details.concerns')}
        autosize
        minRows={1}
        value={concerns}
        onChange={(event) => setConcerns(event.currentTarget.value)}
        error={errors.concerns}
      />
      <div>
        <Text size="sm" fw={500} mb={4}>
          {t('testDrives.details.intentToBuy')}
        </Text>
        <SegmentedControl
          fullWidth
          value={intent}
          onChange={(value) => setIntent(value as BuyingIntent)}
          data={buyingIntents.map((value) => ({ value, label: t(`testDrives.intent.${value}`) }))}
        />
      </div>
      <Group justify="flex-end">
        <Button
          size="xs"
          disabled={rating < 1}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              {
                id: booking.id,
                rating,
                liked: liked.trim() || null,
                concerns: concerns.trim() || null,
                intentToBuy: intent,
              },
              {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    message: t('testDrives.details.feedbackSaved'),
                  }),
              },
            )
          }
        >
          {t('testDrives.details.saveFeedback')}
        </Button>
      </Group>
    </Stack>
  );
}
