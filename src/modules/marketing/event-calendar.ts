import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MessageAttachment } from '../messaging/index.ts';

/**
 * A guest's calendar entry of an event, attached to his e-mail reminders and change notices,
 * and its removal, attached to the notice that his place or the event is cancelled. The UID
 * is the event's and the person's, so every file he gets updates the same entry; the SEQUENCE
 * is the event's change counter (0228) plus the guest's own steps (0238, `guestSequence`), so a
 * calendar takes a moved event's file, and a cancellation, as newer. Times go in UTC. An event
 * without an end (before 0226) has a start only.
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

/** The SEQUENCE of a guest's file: the event's counter and his own steps (0238). */
export function guestSequence(eventSequence: number, calendarSteps: number | null): number {
  return eventSequence + (calendarSteps ?? 0);
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

/** The sender's address for ORGANIZER: SMTP_FROM ("Name <address>" or the address alone). */
function organizerAddress(): string {
  const from = process.env.SMTP_FROM ?? '';
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return address.includes('@') ? address : 'no-reply@autocrm.local';
}

/**
 * The file that removes the guest's entry (RFC 5546 3.2.5): METHOD:CANCEL, the same UID,
 * STATUS:CANCELLED and a SEQUENCE above the last file's (the caller's `event.sequence`).
 * CANCEL requires ORGANIZER; ATTENDEE names whom it removes.
 */
export function eventCancellation(
  event: CalendarEvent,
  customerId: string,
  attendee: string,
): MessageAttachment {
  const calendar = ical({
    prodId: { company: 'AutoCRM', product: 'marketing-events' },
    method: ICalCalendarMethod.CANCEL,
  });
  calendar.createEvent({
    id: eventCalendarUid(event.id, customerId),
    sequence: event.sequence,
    status: ICalEventStatus.CANCELLED,
    start: event.startsAt,
    end: event.endsAt,
    summary: event.name,
    location: event.venue,
    organizer: { name: 'AutoCRM', email: organizerAddress() },
    attendees: [{ email: attendee }],
  });
  return {
    filename: 'event.ics',
    contentType: 'text/calendar; charset=utf-8; method=CANCEL',
    content: calendar.toString(),
  };
}
