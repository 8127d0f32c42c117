import ical, { ICalCalendarMethod } from 'ical-generator';
import type { MessageAttachment } from '../messaging/index.ts';

/**
 * A guest's calendar entry of an event, attached to his e-mail reminders and change notices.
 * The UID is the event's and the person's, so every file he gets updates the same entry; the
 * SEQUENCE is the event's change counter (0228), so a calendar takes a moved event's file as
 * newer. Times go in UTC. An event without an end (before 0226) has a start only.
 */
export type CalendarEvent = {
  id: string;
  name: string;
  venue: string | null;
  startsAt: Date;
  endsAt: Date | null;
  sequence: number;
};

export function eventCalendarUid(campaignId: string, customerId: string): string {
  return `event-${campaignId}-${customerId}@autocrm.marketing`;
}

export function eventCalendar(
  event: CalendarEvent,
  customerId: string,
  /** the person's own page: where he cancels */
  pageUrl: string,
): MessageAttachment {
  const calendar = ical({
    prodId: { company: 'AutoCRM', product: 'marketing-events' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: eventCalendarUid(event.id, customerId),
    sequence: event.sequence,
    start: event.startsAt,
    end: event.endsAt,
    summary: event.name,
    location: event.venue,
    url: pageUrl,
  });
  return {
    filename: 'event.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: calendar.toString(),
  };
}
