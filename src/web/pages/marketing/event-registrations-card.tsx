import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconDoorEnter } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEventRegistrations, useMarkAttendance, type Campaign } from '../../api/marketing.ts';
import { useFormat } from '../../i18n/format.ts';
import {
  AttendanceCheckbox,
  AttendanceError,
  AttendanceNote,
} from './event-attendance-control.tsx';
import { eventWhen } from './event-when.ts';
import { CancelledNote, RegistrationCancelButton } from './registration-cancel-control.tsx';
import { WalkInModal } from './walk-in-modal.tsx';

/** An event campaign: where and when, places taken, the waitlist, and who came. */
export function EventRegistrationsCard({
  campaign,
  canWrite,
}: {
  campaign: Campaign;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useEventRegistrations(campaign.id, campaign.kind === 'event');
  const mark = useMarkAttendance(campaign.id);
  const [walkInOpen, setWalkInOpen] = useState(false);
  if (campaign.kind !== 'event') return null;
  const data = list.data;
  // staff cancel a guest before the start of an event still on (the server answers 409 then)
  const mayCancel =
    canWrite &&
    campaign.status !== 'cancelled' &&
    new Date(campaign.eventStartsAt ?? 0).getTime() > Date.now();
  return (
    <Card data-testid="event-registrations">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('marketing.events.title')}
          </Title>
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {eventWhen(format, campaign.eventStartsAt ?? '', campaign.eventEndsAt)}
              {campaign.eventVenue ? ` · ${campaign.eventVenue}` : ''}
            </Text>
            {canWrite && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconDoorEnter size={16} />}
                // a walk-in is marked as came: closed, as the boxes are, before the event's day
                disabled={data ? !data.attendance.mayMark : false}
                onClick={() => setWalkInOpen(true)}
              >
                {t('eventCare.walkIn')}
              </Button>
            )}
          </Group>
        </Group>
        <WalkInModal
          campaignId={campaign.id}
          opened={walkInOpen}
          onClose={() => setWalkInOpen(false)}
        />
        {data && (
          <Group gap="xl">
            <Text size="sm">
              {t('marketing.events.places', {
                taken: format.number(data.registered),
                capacity: format.number(data.capacity),
              })}
            </Text>
            <Text size="sm">
              {t('marketing.events.waitlisted')}: <b>{format.number(data.waitlisted)}</b>
            </Text>
            <Text size="sm">
              {t('marketing.events.attended')}: <b>{format.number(data.attended)}</b>
            </Text>
            <Text size="sm">
              {t('eventCare.walkIns')}: <b>{format.number(data.walkIns)}</b>
            </Text>
            {data.overCapacity > 0 && (
              <Badge color="orange" variant="light" data-testid="over-capacity">
                {t('eventCare.overCapacity', { count: data.overCapacity })}
              </Badge>
            )}
          </Group>
        )}
        {data && <AttendanceNote rule={data.attendance} />}
        <AttendanceError error={mark.error} />
        {data && data.items.length > 0 && (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('marketing.events.person')}</Table.Th>
                <Table.Th>{t('marketing.events.status')}</Table.Th>
                <Table.Th>{t('marketing.events.registeredAt')}</Table.Th>
                <Table.Th>{t('marketing.events.came')}</Table.Th>
                <Table.Th>{t('eventCare.rated')}</Table.Th>
                {mayCancel && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <Table.Tr key={item.customerId}>
                  <Table.Td>{item.displayName}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" size="sm">
                        {t(`marketing.events.statuses.${item.status}`)}
                      </Badge>
                      {item.walkIn && (
                        <Badge variant="light" color="grape" size="sm">
                          {t('eventCare.walkInBadge')}
                        </Badge>
                      )}
                    </Group>
                    {item.status === 'cancelled' && <CancelledNote guest={item} />}
                  </Table.Td>
                  <Table.Td>{format.dateTime(item.registeredAt)}</Table.Td>
                  <Table.Td>
                    {item.status === 'registered' && (
                      <AttendanceCheckbox
                        attended={item.attendedAt !== null}
                        rule={data.attendance}
                        pending={mark.isPending}
                        onChange={(attended) =>
                          mark.mutate({ customerIds: [item.customerId], attended })
                        }
                      />
                    )}
                  </Table.Td>
                  <Table.Td>{item.feedbackRating ?? ''}</Table.Td>
                  {mayCancel && (
                    <Table.Td>
                      {item.status !== 'cancelled' && (
                        <RegistrationCancelButton campaignId={campaign.id} guest={item} />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
