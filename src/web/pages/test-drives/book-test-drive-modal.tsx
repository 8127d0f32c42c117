import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useDealers, useDealerUsers } from '../../api/org.ts';
import { useBookTestDrive, useFleet } from '../../api/test-drives.ts';
import {
  DateField,
  DateTimeField,
  toIso,
  tomorrowAt,
  type LocalDateTime,
} from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';

/** Whom the drive is for: a customer, and the lead it serves when booked from a lead. */
export type BookingSubject = {
  customerId: string;
  displayName: string;
  dealerCode: string | null;
  leadId?: string | undefined;
};

type Props = { subject: BookingSubject; opened: boolean; onClose: () => void };

export function BookTestDriveModal({ subject, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('testDrives.booking.title')} size="lg">
      {opened && <BookingForm subject={subject} onClose={onClose} />}
    </Modal>
  );
}

const durations = [30, 45, 60, 90, 120];

function BookingForm({ subject, onClose }: { subject: BookingSubject; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const dealers = useDealers();
  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.code;
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  // a lead's drive is at the lead's dealer; a customer's at the booker's own dealer first
  const dealer =
    dealerCode ??
    (subject.leadId ? subject.dealerCode : null) ??
    ownDealer ??
    subject.dealerCode ??
    null;
  const fleet = useFleet(dealer, dealer !== null);
  const colleagues = useDealerUsers(dealer);
  const book = useBookTestDrive();
  const [vehicleId, setVehicleId] = useState<string | null>(null);
  const [consultant, setConsultant] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState<LocalDateTime | null>(tomorrowAt(11));
  const [minutes, setMinutes] = useState('60');
  const [licenceNumber, setLicenceNumber] = useState('');
  const [licenceCategory, setLicenceCategory] = useState('B');
  const [licenceExpires, setLicenceExpires] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const errors = fieldErrors(book.error);
  const conflict = isApiError(book.error) && book.error.status === 409 ? book.error.fields : null;
  const busy = (path: 'vehicleId' | 'consultantUserId') =>
    conflict?.some((field) => field.path === path)
      ? t(path === 'vehicleId' ? 'testDrives.booking.carBusy' : 'testDrives.booking.consultantBusy')
      : undefined;
  const error = (path: string) =>
    errors[path] ?? (missing.includes(path) ? t('errors.required') : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = [!vehicleId && 'vehicleId', !startsAt && 'startsAt'].filter(
      (value): value is string => Boolean(value),
    );
    setMissing(absent);
    if (absent.length || !vehicleId || !startsAt) return;
    const start = dayjs(startsAt);
    book.mutate(
      {
        customerId: subject.customerId,
        ...(subject.leadId ? { leadId: subject.leadId } : {}),
        vehicleId,
        ...(consultant ? { consultantUserId: consultant } : {}),
        startsAt: toIso(startsAt),
        endsAt: toIso(start.add(Number(minutes), 'minute').format('YYYY-MM-DD HH:mm:ss')),
        licence:
          licenceNumber.trim() && licenceExpires
            ? {
                number: licenceNumber.trim(),
                category: licenceCategory.trim(),
                expiresOn: licenceExpires,
              }
            : null,
        note: note.trim() || null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('testDrives.booking.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="book-test-drive-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {subject.displayName}
        </Text>
        {conflict && (
          <Alert color="orange" data-testid="booking-conflict">
            {t('testDrives.booking.conflict')}
          </Alert>
        )}
        {!conflict && <FormError error={book.error} shownPaths={(path) => path in errors} />}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('testDrives.booking.dealer')}
            data={(dealers.data ?? []).map((item) => ({
              value: item.code,
              label: `${item.code} · ${item.name}`,
            }))}
            value={dealer}
            onChange={(value) => {
              setDealerCode(value);
              setVehicleId(null);
              setConsultant(null);
            }}
            searchable
          />
          <Select
            label={t('testDrives.booking.vehicle')}
            required
            data={(fleet.data ?? []).map((car) => ({
              value: car.id,
              label: car.plate ? `${car.model} · ${car.plate}` : car.model,
            }))}
            value={vehicleId}
            onChange={setVehicleId}
            error={busy('vehicleId') ?? error('vehicleId')}
            nothingFoundMessage={t('testDrives.booking.noFleet')}
            data-testid="booking-vehicle"
          />
          <DateTimeField
            label={t('testDrives.booking.startsAt')}
            required
            value={startsAt}
            onChange={setStartsAt}
            error={error('startsAt') ?? errors.endsAt}
          />
          <Select
            label={t('testDrives.booking.duration')}
            data={durations.map((value) => ({
              value: String(value),
              label: t('testDrives.booking.minutes', { count: value }),
            }))}
            value={minutes}
            onChange={(value) => value && setMinutes(value)}
          />
          <Select
            label={t('testDrives.booking.consultant')}
            placeholder={t('testDrives.booking.consultantMe')}
            data={(colleagues.data ?? [])
              .filter((user) => user.id !== me.id)
              .map((user) => ({
                value: user.id,
                label: `${user.displayName} · ${t(`roles.${user.role}`)}`,
              }))}
            value={consultant}
            onChange={setConsultant}
            clearable
            searchable
            error={busy('consultantUserId') ?? errors.consultantUserId}
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('testDrives.booking.licence')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            label={t('testDrives.booking.licenceNumber')}
            value={licenceNumber}
            onChange={(event) => setLicenceNumber(event.currentTarget.value)}
            error={errors['licence.number']}
            maxLength={30}
          />
          <TextInput
            label={t('testDrives.booking.licenceCategory')}
            value={licenceCategory}
            onChange={(event) => setLicenceCategory(event.currentTarget.value)}
            error={errors['licence.category']}
            maxLength={10}
          />
          <DateField
            label={t('testDrives.booking.licenceExpires')}
            value={licenceExpires}
            onChange={setLicenceExpires}
            error={errors['licence.expiresOn']}
          />
        </SimpleGrid>
        <Textarea
          label={t('testDrives.booking.note')}
          autosize
          minRows={1}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={book.isPending}>
            {t('testDrives.booking.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
