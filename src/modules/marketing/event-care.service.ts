import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import {
  queueMessages,
  recentMessageCount,
  wakeOutbox,
  type QueueMessageInput,
} from '../messaging/index.ts';
import { dealerZone, groupDefaultZone } from '../org/index.ts';
import {
  contactBlock,
  contactRules,
  releaseFor,
  suppressed,
  type ContactRule,
} from './contact-rules.service.ts';
import { careChannelOf, careContents, withOwnTexts } from './event-care-texts.ts';
import { ownCareTexts } from './event-texts.service.ts';
import { calendarSteps } from './guest-notices.ts';
import { eventCalendar, guestSequence } from './event-calendar.ts';
import { careTimes, feedbackCatchUpMs, startsLocal, type CareTimes } from './event-times.ts';
import {
  expiresIn,
  linkSignerFor,
  publicBaseUrl,
  unsubscribeDays,
  unsubscribeLink,
  type LinkSigner,
  eventPageLink,
} from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { CampaignChannel, EventMessageKind } from './schema.ts';
import { type CompiledTemplate, type TemplateContent, compiledPerLanguage } from './templates.ts';
import { textWithUnsubscribe, withUnsubscribeFooter } from './unsubscribe.ts';

/**
 * Event care (seed 001: reminders before the show, feedback after it), one pass of the
 * periodic job. Each pass looks at what is due *now*, so a pass after downtime catches up;
 * what was written is recorded per registration and kind (marketing_event_messages) in the
 * same transaction as the outbox message, whose idempotency key (campaign, person, kind) is the
 * second wall: a rerun, a restart or two servers never send twice. The people due are handled
 * in batches, a few set-based statements each (as a campaign's pages are); each message gets
 * a campaign's contact rules: consent for its channel and purpose (read by the outbox),
 * do-not-contact, the frequency cap and quiet hours in the person's zone.
 */
export type CareReport = Record<EventMessageKind, number>;

type CareEvent = {
  id: string;
  name: string;
  channel: CampaignChannel;
  dealer_id: string | null;
  event_venue: string | null;
  event_starts_at: Date;
  event_ends_at: Date | null;
  event_reminder_hours: number | null;
  event_morning_reminder: boolean;
  event_feedback: boolean;
  event_sequence: number;
  default_language: Language;
  time_zone: string;
};

/** the longest reminder lead the settings allow (0195's check), in hours */
const maxReminderHours = 720;

/** Events whose care may be due: not cancelled, starting soon or just over. */
async function eventsInCare(db: Db, now: Date): Promise<CareEvent[]> {
  const rows = await db
    .selectFrom('marketing_campaigns as m')
    .select([
      'm.id',
      'm.name',
      'm.channel',
      'm.dealer_id',
      'm.event_venue',
      'm.event_starts_at',
      'm.event_ends_at',
      'm.event_reminder_hours',
      'm.event_morning_reminder',
      'm.event_feedback',
      'm.event_sequence',
      'm.default_language',
    ])
    // a group or brand event has no showroom of its own: the group's zone
    .select((eb) => dealerZone(eb.ref('m.dealer_id')).as('time_zone'))
    .where('m.kind', '=', 'event')
    .where('m.status', '<>', 'cancelled')
    .where('m.event_starts_at', '>', new Date(now.getTime() - feedbackCatchUpMs - 2 * 86_400_000))
    .where('m.event_starts_at', '<', new Date(now.getTime() + maxReminderHours * 3_600_000))
    .execute();
  return rows as CareEvent[];
}

type Due = { kind: EventMessageKind; dueAt: Date };

/** What is due now for an event; a late pass sends only the latest reminder, not both. */
export function dueKinds(times: CareTimes, startsAt: Date, now: Date): Due[] {
  const due: Due[] = [];
  const beforeStart = now < startsAt;
  if (beforeStart && times.morning && times.morning <= now) {
    due.push({ kind: 'morning', dueAt: times.morning });
  } else if (beforeStart && times.reminder && times.reminder <= now) {
    due.push({ kind: 'reminder', dueAt: times.reminder });
  }
  if (
    times.feedback &&
    times.feedback <= now &&
    now.getTime() < times.feedback.getTime() + feedbackCatchUpMs
  ) {
    due.push({ kind: 'feedback', dueAt: times.feedback });
  }
  return due;
}

/** people per batch: one transaction and a handful of statements each */
const defaultBatchSize = 500;

/**
 * Who gets a kind now: reminders go to people holding a place (registered, not walk-ins, not
 * yet there) who registered before it fell due (a later registration has just seen the
 * confirmation); the feedback request to everybody who came, walk-ins included.
 */
function dueRegistrations(db: Db, event: CareEvent, due: Due) {
  const query = db
    .selectFrom('marketing_event_registrations as r')
    .select('r.customer_id')
    .where('r.campaign_id', '=', event.id)
    .where('r.status', '=', 'registered')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('marketing_event_messages as x')
            .select(sql`1`.as('one'))
            .whereRef('x.campaign_id', '=', 'r.campaign_id')
            .whereRef('x.customer_id', '=', 'r.customer_id')
            // after the morning one, the earlier reminder is pointless
            .where('x.kind', 'in', due.kind === 'reminder' ? ['reminder', 'morning'] : [due.kind]),
        ),
      ),
    );
  return due.kind === 'feedback'
    ? query.where('r.attended_at', 'is not', null)
    : query
        .where('r.walk_in', '=', false)
        .where('r.attended_at', 'is', null)
        .where('r.registered_at', '<', due.dueAt);
}

type CareRow = RecipientRow & {
  suppressed: boolean;
  recent: number;
  /** his own SEQUENCE steps (0238): cancelled and registered again */
  calendar_steps: number | null;
};

/** What a pass reads once, however many events and people it serves. */
type Pass = {
  signer: LinkSigner;
  base: string;
  rules: Record<'email' | 'sms', ContactRule>;
  groupZone: string;
};

type Batch = {
  event: CareEvent;
  due: Due;
  channel: 'email' | 'sms';
  rule: ContactRule;
  contents: Partial<Record<Language, TemplateContent>>;
  template: (language: Language) => Promise<CompiledTemplate>;
};

/** One person's message: texts, links and rules. */
function careMessage(
  pass: Pass,
  batch: Batch,
  row: CareRow,
  language: Language,
  template: CompiledTemplate,
  at: Date,
): QueueMessageInput {
  const { event, due, channel, rule } = batch;
  const feedback = due.kind === 'feedback';
  const feedbackLink = () =>
    pass.signer.sign({ k: 'feedback', c: event.id, p: row.id, e: expiresIn(unsubscribeDays) });
  const unsubscribe = unsubscribeLink(pass.signer, pass.base, { customerId: row.id, channel });
  const plain = messageContext(row, language, unsubscribe);
  const context = {
    ...plain,
    links: {
      ...plain.links,
      register: eventPageLink(pass.signer, pass.base, event.id, row.id),
      ...(feedback ? { feedback: `${pass.base}/m/f?t=${feedbackLink()}` } : {}),
    },
    event: {
      name: event.name,
      venue: event.event_venue,
      // with an end, the range ("18:00–20:00")
      startsLocal: startsLocal(
        event.event_starts_at,
        event.time_zone,
        language,
        event.event_ends_at,
      ),
    },
  };
  const text = template.text(context);
  const email = channel === 'email';
  const notBefore = releaseFor(at, rule, row, pass.groupZone);
  return {
    customerId: row.id,
    dealerId: event.dealer_id,
    channel,
    // a feedback request is a survey, not advertising: its own consent, and no cap
    purpose: feedback ? 'surveys' : 'marketing',
    recipient: email ? row.email : row.phone,
    subject: email ? template.subject(context) : null,
    body: email ? textWithUnsubscribe(text, unsubscribe) : text,
    // no open or click tracking: those are attributed to a campaign's send, and this is none
    html: email ? withUnsubscribeFooter(template.html(context), unsubscribe) : null,
    // a reminder by e-mail carries the guest's calendar entry (event-calendar.ts)
    ...(email && !feedback
      ? {
          attachments: [
            eventCalendar(
              {
                id: event.id,
                name: event.name,
                venue: event.event_venue,
                startsAt: event.event_starts_at,
                endsAt: event.event_ends_at,
                sequence: guestSequence(event.event_sequence, row.calendar_steps),
              },
              row.id,
              context.links.register,
            ),
          ],
        }
      : {}),
    // after a change of time (0228) the reminder for the new time is another message
    idempotencyKey: `event:${event.id}:${row.id}:${due.kind}${event.event_sequence > 0 ? `:${event.event_sequence}` : ''}`,
    source: { kind: 'event_care', id: event.id },
    notBefore,
    blockedBy:
      contactBlock(row, rule, !feedback) ??
      // a reminder that quiet hours would hold past the start is pointless
      (!feedback && notBefore >= event.event_starts_at ? 'too_late' : null),
  };
}

/**
 * One batch in one transaction: the people due with their data, do-not-contact and cap state
 * (one query), their messages to the outbox (which reads consent for all of them at once and
 * skips keys it holds) and the event's record of them. Answers the people read, how many
 * records are new and how many messages were queued.
 */
async function sendBatch(
  db: Db,
  pass: Pass,
  batch: Batch,
  after: string,
  size: number,
): Promise<{ ids: string[]; recorded: number; queued: number }> {
  return withActor(db, systemActor('job'), async (tx) => {
    const rows = (await selectRecipientData(tx.selectFrom('customers as c'), batch.event.dealer_id)
      .select((eb) => [
        suppressed(eb.ref('c.id'), batch.channel).as('suppressed'),
        recentMessageCount(eb.ref('c.id'), batch.channel, batch.rule.periodDays).as('recent'),
        calendarSteps(batch.event.id).as('calendar_steps'),
      ])
      .where('c.id', 'in', dueRegistrations(tx, batch.event, batch.due))
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(size)
      .execute()) as CareRow[];
    if (rows.length === 0) return { ids: [], recorded: 0, queued: 0 };
    const at = new Date();
    const messages: QueueMessageInput[] = [];
    for (const row of rows) {
      const language =
        row.preferred_language && batch.contents[row.preferred_language]
          ? row.preferred_language
          : batch.event.default_language;
      messages.push(careMessage(pass, batch, row, language, await batch.template(language), at));
    }
    const results = await queueMessages(tx, messages);
    const recorded = await tx
      .insertInto('marketing_event_messages')
      .values(
        rows.map((row, index) => {
          const message = results[index]!;
          return {
            campaign_id: batch.event.id,
            customer_id: row.id,
            kind: batch.due.kind,
            message_id: message.id,
            status: message.status,
            blocked_reason: message.status === 'blocked' ? message.reason : null,
          };
        }),
      )
      .onConflict((oc) => oc.columns(['campaign_id', 'customer_id', 'kind']).doNothing())
      .returning('kind')
      .execute();
    return {
      ids: rows.map((row) => row.id),
      recorded: recorded.length,
      queued: results.filter((message) => message.status === 'queued').length,
    };
  });
}

export async function runEventCare(
  db: Db,
  now = new Date(),
  options: { batchSize?: number } = {},
): Promise<CareReport> {
  const size = options.batchSize ?? defaultBatchSize;
  const report: CareReport = { reminder: 0, morning: 0, feedback: 0 };
  const events = await eventsInCare(db, now);
  if (events.length === 0) return report;
  const pass: Pass = {
    signer: await linkSignerFor(db),
    base: publicBaseUrl(),
    rules: await contactRules(db),
    groupZone: await groupDefaultZone(db),
  };
  for (const event of events) {
    const times = careTimes(
      {
        startsAt: event.event_starts_at,
        reminderHours: event.event_reminder_hours,
        morningReminder: event.event_morning_reminder,
        feedback: event.event_feedback,
      },
      event.time_zone,
    );
    const channel = careChannelOf(event.channel);
    const dueNow = dueKinds(times, event.event_starts_at, now);
    // the campaign's own texts, read only when something is due
    const own = dueNow.length > 0 ? await ownCareTexts(db, event.id, channel) : {};
    for (const due of dueNow) {
      const contents = withOwnTexts(careContents(due.kind, channel), own[due.kind]);
      const batch: Batch = {
        event,
        due,
        channel,
        rule: pass.rules[channel],
        contents,
        // compiled once per language for the whole kind
        template: compiledPerLanguage(channel, contents),
      };
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const { ids, recorded, queued } = await sendBatch(db, pass, batch, after, size);
        report[due.kind] += recorded;
        // a reminder due now leaves now, not at the outbox's next tick (the batch is committed)
        if (queued > 0) wakeOutbox(db);
        if (ids.length < size) break;
        after = ids[ids.length - 1]!;
      }
    }
  }
  return report;
}
