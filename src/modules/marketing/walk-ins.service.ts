import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import {
  assertCustomerVisible,
  createCustomer,
  possibleDuplicatesOf,
  type Language,
  type PossibleDuplicate,
} from '../customers/index.ts';
import { loadRow } from './campaigns.service.ts';
import { assertMayMark, eventAttendanceRule } from './event-attendance.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * Walk-ins (seed 001's show: people come who never registered): staff at the door mark an
 * existing customer, or capture a new person through the customers module (so its phone and
 * e-mail normalisation and duplicate check apply). The person is recorded as came, with
 * walk_in set: he never held a place, so capacity and the waitlist are unchanged, and the room
 * may be overfull (the registrations list shows by how much). Someone who had registered is
 * simply marked as came. Open from the event's day, as marking attendance is
 * (event-attendance.ts). One transaction: a new customer exists only with his walk-in.
 */
export type WalkInInput =
  | { customerId: string }
  | {
      newCustomer: {
        firstName: string;
        lastName: string | null;
        phone: string | null;
        email: string | null;
        preferredLanguage: Language | null;
        /** asked at the door: he agrees to be asked for feedback on the contacts he gave */
        surveyConsent: boolean;
      };
    };

export type WalkInResult = {
  customerId: string;
  /** false: he had registered, and is now marked as came */
  walkIn: boolean;
  created: boolean;
  /** people (places and walk-ins) beyond the capacity */
  overCapacity: number;
  /** existing customers the new one may be (the customers module's check) */
  possibleDuplicates: PossibleDuplicate[];
};

export async function recordWalkIn(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: WalkInInput,
  now = new Date(),
): Promise<WalkInResult> {
  requireMarketing(actor, true);
  const campaign = await loadRow(db, actor, campaignId);
  if (campaign.kind !== 'event') throw new NotFoundError('Event');
  if ('customerId' in input) await assertCustomerVisible(db, actor, input.customerId);
  else if (!input.newCustomer.phone && !input.newCustomer.email) {
    // someone we cannot reach again is no customer record
    throw new ValidationError([
      { path: 'newCustomer.phone', message: 'give a phone or an e-mail', code: 'phone_or_email' },
    ]);
  }
  // a walk-in is marked as came: the same day rule as the attendance route
  assertMayMark(await eventAttendanceRule(db, actor, campaign, now));
  const dealerCode = campaign.dealer_id
    ? (
        await db
          .selectFrom('dealers')
          .select('code')
          .where('id', '=', campaign.dealer_id)
          .executeTakeFirstOrThrow()
      ).code
    : undefined;

  const result = await withActor(db, actor, async (tx) => {
    let customerId: string;
    if ('customerId' in input) customerId = input.customerId;
    else {
      const person = input.newCustomer;
      ({ id: customerId } = await createCustomer(tx, actor, {
        kind: 'person',
        firstName: person.firstName,
        lastName: person.lastName,
        preferredLanguage: person.preferredLanguage,
        phones: person.phone ? [{ number: person.phone }] : [],
        emails: person.email ? [{ address: person.email }] : [],
        source: 'event_walk_in',
        consents: person.surveyConsent ? surveyConsents(person, campaign.name) : [],
        // a dealer's event: the person becomes the dealer's prospect
        ...(dealerCode ? { dealerCode } : {}),
      }).catch(renameFields));
    }
    // the campaign row's lock orders this with registrations and cancellations
    await tx
      .selectFrom('marketing_campaigns')
      .select('id')
      .where('id', '=', campaignId)
      .forUpdate()
      .execute();
    const before = await tx
      .selectFrom('marketing_event_registrations')
      .select(['status', 'walk_in', 'attended_at'])
      .where('campaign_id', '=', campaignId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    const hadPlace = before?.status === 'registered';
    if (hadPlace) {
      await tx
        .updateTable('marketing_event_registrations')
        .set({ attended_at: before.attended_at ?? now, attendance_by: actor.userId })
        .where('campaign_id', '=', campaignId)
        .where('customer_id', '=', customerId)
        .execute();
    } else {
      // waiting or cancelled: he is here now, outside the queue
      await tx
        .insertInto('marketing_event_registrations')
        .values({
          campaign_id: campaignId,
          customer_id: customerId,
          status: 'registered',
          registered_at: now,
          attended_at: now,
          attendance_by: actor.userId,
          walk_in: true,
        })
        .onConflict((oc) =>
          oc.columns(['campaign_id', 'customer_id']).doUpdateSet({
            status: 'registered',
            registered_at: now,
            cancelled_at: null,
            cancelled_by: null,
            cancel_reason: null,
            attended_at: now,
            attendance_by: actor.userId,
            walk_in: true,
          }),
        )
        .execute();
    }
    const taken = await tx
      .selectFrom('marketing_event_registrations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    return {
      customerId,
      walkIn: before?.walk_in === true || !hadPlace,
      created: !('customerId' in input),
      overCapacity: Math.max(0, taken.n - (campaign.event_capacity ?? 0)),
    };
  });
  const possibleDuplicates = result.created
    ? await possibleDuplicatesOf(db, actor, result.customerId)
    : [];
  return { ...result, possibleDuplicates };
}

/** Feedback requests go by e-mail or SMS: consent for each contact he gave. */
function surveyConsents(person: { phone: string | null; email: string | null }, event: string) {
  const channels: ('email' | 'sms')[] = [];
  if (person.email) channels.push('email');
  if (person.phone) channels.push('sms');
  return channels.map((channel) => ({
    channel,
    status: 'granted' as const,
    purpose: 'surveys' as const,
    method: 'verbal' as const,
    evidence: `walk-in at ${event}`.slice(0, 500),
  }));
}

/** the customers module's field names, as the walk-in form calls them */
const formFields: Record<string, string> = {
  'phones.0.number': 'newCustomer.phone',
  'emails.0.address': 'newCustomer.email',
  firstName: 'newCustomer.firstName',
  lastName: 'newCustomer.lastName',
};

function renameFields(error: unknown): never {
  if (!(error instanceof ValidationError)) throw error;
  throw new ValidationError(
    error.fields.map((field) => ({ ...field, path: formFields[field.path] ?? field.path })),
  );
}
