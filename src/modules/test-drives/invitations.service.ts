import ical from 'ical-generator';
import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ValidationError } from '../../lib/errors.ts';
import { emailsJson, phonesJson, type Language } from '../customers/index.ts';
import { queueMessage, type BlockReason } from '../messaging/index.ts';
import { loadBooking, requireFieldWork } from './bookings.service.ts';
import { formatWhen, invitationTexts, type InvitationFacts } from './invitation-texts.ts';

export type InvitationResult = {
  channel: 'email' | 'sms';
  messageId: string;
  status: 'queued' | 'blocked';
  reason: BlockReason | null;
};

type ContactRow = { address?: string; e164?: string; kind?: string; primary: boolean };

/** The iCalendar file of a booking; its UID is the booking's, so a re-sent one updates it. */
export function bookingCalendar(
  booking: { id: string; starts_at: Date; ends_at: Date },
  facts: InvitationFacts,
  language: Language,
): string {
  const calendar = ical({
    prodId: { company: 'AutoCRM', product: 'test-drives', language: language.toUpperCase() },
  });
  calendar.createEvent({
    id: `${booking.id}@autocrm.test-drives`,
    start: booking.starts_at,
    end: booking.ends_at,
    summary: invitationTexts[language].calendarTitle(facts),
    location: [facts.dealerName, facts.address].filter(Boolean).join(', '),
    description: facts.plate ? `${facts.model} (${facts.plate})` : facts.model,
  });
  return calendar.toString();
}

/**
 * Invites the customer to his booked drive by e-mail (with the .ics) and/or SMS. Each goes
 * through the outbox, which checks consent for its channel; a refused one is reported.
 */
export async function inviteToTestDrive(
  db: Db,
  actor: Actor,
  bookingId: string,
  channels: readonly ('email' | 'sms')[],
): Promise<InvitationResult[]> {
  requireFieldWork(actor);
  return withActor(db, actor, async (tx) => {
    const booking = await loadBooking(tx, actor, bookingId);
    if (booking.status !== 'booked') {
      throw new ValidationError([
        { path: 'status', message: `the test drive is ${booking.status}` },
      ]);
    }
    const info = await tx
      .selectFrom('test_drive_vehicles as v')
      .innerJoin('dealers as d', 'd.id', 'v.dealer_id')
      .innerJoin('customers as c', (join) => join.on('c.id', '=', booking.customer_id))
      .select((eb) => [
        'v.model',
        'v.plate',
        'd.name as dealer_name',
        'd.city',
        'd.address',
        'd.phone as dealer_phone',
        'd.timezone',
        'c.display_name',
        'c.preferred_language',
        emailsJson(eb.ref('c.id')).as('emails'),
        phonesJson(eb.ref('c.id')).as('phones'),
      ])
      .where('v.id', '=', booking.vehicle_id)
      .executeTakeFirstOrThrow();
    const language: Language = info.preferred_language ?? 'ru';
    const facts: InvitationFacts = {
      customerName: info.display_name,
      model: info.model,
      plate: info.plate,
      dealerName: info.dealer_name,
      address: [info.city, info.address].filter(Boolean).join(', ') || null,
      dealerPhone: info.dealer_phone,
      when: formatWhen(booking.starts_at, language, info.timezone),
    };
    const texts = invitationTexts[language];
    const emails = info.emails as ContactRow[];
    // an SMS needs a mobile; the list comes primary first
    const mobile = (info.phones as ContactRow[]).find((phone) => phone.kind === 'mobile');
    const common = {
      customerId: booking.customer_id,
      dealerId: booking.dealer_id,
      purpose: 'marketing' as const,
      source: { kind: 'test_drive_booking', id: booking.id },
      createdBy: actor.userId,
    };
    const results: InvitationResult[] = [];
    for (const channel of [...new Set(channels)]) {
      const queued =
        channel === 'email'
          ? await queueMessage(tx, {
              ...common,
              channel,
              recipient: emails[0]?.address ?? null,
              subject: texts.subject(facts),
              body: texts.email(facts),
              attachments: [
                {
                  filename: 'test-drive.ics',
                  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
                  content: bookingCalendar(booking, facts, language),
                },
              ],
            })
          : await queueMessage(tx, {
              ...common,
              channel,
              recipient: mobile?.e164 ?? null,
              body: texts.sms(facts),
            });
      results.push({
        channel,
        messageId: queued.id,
        status: queued.status,
        reason: queued.status === 'blocked' ? queued.reason : null,
      });
    }
    return results;
  });
}
