import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDealers } from '../../api/org.ts';
import {
  useTestDriveCalendar,
  useTestDriveReport,
  type TestDriveBooking,
} from '../../api/test-drives.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { intlLocales, isLocale } from '../../i18n/i18n.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { AddFleetVehicleModal } from './add-fleet-vehicle-modal.tsx';
import { BookingDetailsModal } from './booking-details-modal.tsx';
import { BookingStatusBadge } from './status-badge.tsx';

/** Monday 00:00 local time of the week `offset` weeks from this one. */
function weekStart(offset: number): dayjs.Dayjs {
  const today = dayjs().startOf('day');
  const sinceMonday = (today.day() + 6) % 7;
  return today.subtract(sinceMonday, 'day').add(offset, 'week');
}

/** A dealer's week of test drives: one row per demo car, one column per day. */
export function TestDriveCalendarPage() {
  const { t } = useTranslation();
  usePageTitle(t('testDrives.calendar.title'));
  const format = useFormat();
  const { i18n } = useTranslation();
  const weekday = new Intl.DateTimeFormat(
    intlLocales[isLocale(i18n.language) ? i18n.language : 'en'],
    {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
    },
  );
  const me = useSession();
  const canAddCar = useCan('vehicles:write');
  const canAnalyse = useCan('analytics:read');
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [week, setWeek] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [addingCar, setAddingCar] = useState(false);
  const dealer =
    dealerCode ??
    dealers.data?.find((item) => item.id === me.dealerId)?.code ??
    dealers.data?.[0]?.code ??
    null;
  const start = weekStart(week);
  const days = Array.from({ length: 7 }, (_, index) => start.add(index, 'day'));
  const calendar = useTestDriveCalendar(
    dealer,
    start.format('YYYY-MM-DDTHH:mm:ssZ'),
    start.add(7, 'day').format('YYYY-MM-DDTHH:mm:ssZ'),
  );
  const report = useTestDriveReport(
    dealer,
    dayjs().subtract(30, 'day').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
    canAnalyse,
  );
  const bookings = calendar.data?.bookings ?? [];
  const open: TestDriveBooking | null = bookings.find((item) => item.id === openId) ?? null;
  const cell = (vehicleId: string, day: dayjs.Dayjs) =>
    bookings.filter(
      (item) =>
        item.vehicle.id === vehicleId &&
        item.status !== 'cancelled' &&
        dayjs(item.startsAt).isSame(day, 'day'),
    );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('testDrives.calendar.title')}</Title>
        {canAddCar && dealer && (
          <Button variant="light" onClick={() => setAddingCar(true)}>
            {t('testDrives.calendar.addCar')}
          </Button>
        )}
      </Group>
      <Group gap="sm">
        <Select
          aria-label={t('testDrives.calendar.dealer')}
          data={(dealers.data ?? []).map((item) => ({
            value: item.code,
            label: `${item.code} · ${item.name}`,
          }))}
          value={dealer}
          onChange={setDealerCode}
          searchable
          w={260}
        />
        <Tooltip label={t('testDrives.calendar.previousWeek')}>
          <ActionIcon
            variant="default"
            onClick={() => setWeek(week - 1)}
            aria-label={t('testDrives.calendar.previousWeek')}
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
        </Tooltip>
        <Button variant="default" size="xs" onClick={() => setWeek(0)} disabled={week === 0}>
          {t('testDrives.calendar.thisWeek')}
        </Button>
        <Tooltip label={t('testDrives.calendar.nextWeek')}>
          <ActionIcon
            variant="default"
            onClick={() => setWeek(week + 1)}
            aria-label={t('testDrives.calendar.nextWeek')}
          >
            <IconChevronRight size={16} />
          </ActionIcon>
        </Tooltip>
        <Text size="sm" c="dimmed">
          {format.date(days[0]!.toDate())} – {format.date(days[6]!.toDate())}
        </Text>
      </Group>
      {report.data && (
        <Text size="sm" c="dimmed" data-testid="test-drive-report">
          {t('testDrives.calendar.report', {
            drivers: report.data.testDrivers,
            buyers: report.data.buyers,
            share: new Intl.NumberFormat(
              intlLocales[isLocale(i18n.language) ? i18n.language : 'en'],
              {
                style: 'percent',
              },
            ).format(report.data.share),
          })}
        </Text>
      )}
      {calendar.isError ? (
        <QueryError error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <Card p={0}>
          {calendar.data && calendar.data.vehicles.length === 0 ? (
            <Stack p="md">
              <EmptyNote>{t('testDrives.calendar.noFleet')}</EmptyNote>
            </Stack>
          ) : (
            <ScrollArea>
              <Table withColumnBorders miw={900} data-testid="test-drive-calendar">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={180}>{t('testDrives.calendar.car')}</Table.Th>
                    {days.map((day) => (
                      <Table.Th key={day.toISOString()}>
                        <Text
                          size="sm"
                          fw={600}
                          c={day.isSame(dayjs(), 'day') ? 'blue' : undefined}
                        >
                          {weekday.format(day.toDate())}
                        </Text>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(calendar.data?.vehicles ?? []).map((car) => (
                    <Table.Tr key={car.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {car.model}
                        </Text>
                        {car.plate && (
                          <Badge size="xs" variant="outline" radius="sm">
                            {car.plate}
                          </Badge>
                        )}
                      </Table.Td>
                      {days.map((day) => (
                        <Table.Td key={day.toISOString()} valign="top">
                          <Stack gap={4}>
                            {cell(car.id, day).map((item) => (
                              <UnstyledButton
                                key={item.id}
                                onClick={() => setOpenId(item.id)}
                                data-testid="calendar-booking"
                              >
                                <Text size="xs" fw={600}>
                                  {format.time(item.startsAt)}–{format.time(item.endsAt)}
                                </Text>
                                <Text size="xs" truncate maw={140}>
                                  {item.customer?.displayName ?? t('testDrives.calendar.busy')}
                                </Text>
                                <BookingStatusBadge status={item.status} />
                              </UnstyledButton>
                            ))}
                          </Stack>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Card>
      )}
      <BookingDetailsModal booking={open} onClose={() => setOpenId(null)} />
      {dealer && (
        <AddFleetVehicleModal
          dealerCode={dealer}
          opened={addingCar}
          onClose={() => setAddingCar(false)}
        />
      )}
    </Stack>
  );
}
