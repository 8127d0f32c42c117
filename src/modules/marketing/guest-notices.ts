import { sql, type SelectQueryBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Schema } from '../../db/schema.ts';
import type { Language } from '../customers/index.ts';
import {
  queueMessages,
  type MessageAttachment,
  type QueueMessageInput,
} from '../messaging/index.ts';
import { groupDefaultZone } from '../org/index.ts';
import { contactBlock, contactRules, releaseFor, suppressed } from './contact-rules.service.ts';
import { guestSequence } from './event-calendar.ts';
import { eventPageLink, linkSignerFor, publicBaseUrl, unsubscribeLink } from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import { compiledPerLanguage, type MessageContext, type TemplateContent } from './templates.ts';
import { textWithUnsubscribe, withUnsubscribeFooter } from './unsubscribe.ts';

/**
 * The notices an event's guests get about their own registration (the change notice, the
 * cancellation notices): page by page over the audience, in each person's language, on the
 * reminders' channel, through the outbox under marketing consent and do-not-contact, marked a
 * `notice` (0237: the frequency cap neither stops nor counts it), with the unsubscribe link,
 * the guest's own page and, for the e-mail of one holding a place, a calendar file. What
 * varies (the audience, the texts, the event's part of the context, the file, the key) is
 * passed in.
 */
export type GuestRow = RecipientRow & {
  suppressed: boolean;
  /** holds a place (a `registered` registration) */
  registered: boolean;
  calendar_steps: number | null;
};

export type GuestNotice = {
  /** the notice's own part of the template context */
  context: Pick<MessageContext, 'event' | 'change' | 'cancel'>;
  /** e-mail only: the calendar file */
  attachment: MessageAttachment | null;
  idempotencyKey: string;
};

export type GuestNotices = {
  event: { id: string; dealerId: string | null; defaultLanguage: Language; sequence: number };
  channel: 'email' | 'sms';
  contents: Partial<Record<Language, TemplateContent>>;
  /** the customer ids told */
  audience: SelectQueryBuilder<
    Schema & { r: Schema['marketing_event_registrations'] },
    'r',
    { customer_id: string }
  >;
  /** everyone in the audience holds a place (no need to ask) */
  allRegistered?: boolean;
  /** false: sent at once, quiet hours do not hold it */
  quietHours: boolean;
  /** held by quiet hours up to this moment, it is pointless (`too_late`) */
  startsAt: Date;
  source: { kind: string; id: string };
  notice: (
    row: GuestRow,
    language: Language,
    /** the guest's own page */
    page: string,
    /** his calendar file's SEQUENCE (guestSequence) */
    sequence: number,
  ) => GuestNotice;
};

const pageSize = 500;

/** A guest's own SEQUENCE steps (0238) for a query over `customers as c`. */
export const calendarSteps = (campaignId: string) =>
  sql<number | null>`(select h.calendar_steps from marketing_event_registrations h
    where h.campaign_id = ${campaignId} and h.customer_id = c.id)`;

export async function queueGuestNotices(
  tx: Tx,
  spec: GuestNotices,
): Promise<{ queued: number; blocked: number }> {
  const { event, channel } = spec;
  const rule = (await contactRules(tx))[channel];
  const groupZone = await groupDefaultZone(tx);
  const signer = await linkSignerFor(tx);
  const base = publicBaseUrl();
  const template = compiledPerLanguage(channel, spec.contents);
  const email = channel === 'email';
  const counts = { queued: 0, blocked: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await selectRecipientData(tx.selectFrom('customers as c'), event.dealerId)
      .select((eb) => [
        suppressed(eb.ref('c.id'), channel).as('suppressed'),
        (spec.allRegistered
          ? sql<boolean>`true`
          : sql<boolean>`exists (select 1 from marketing_event_registrations h
              where h.campaign_id = ${event.id} and h.customer_id = c.id
                and h.status = 'registered')`
        ).as('registered'),
        calendarSteps(event.id).as('calendar_steps'),
      ])
      .where('c.id', 'in', spec.audience)
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(pageSize)
      .execute()) as GuestRow[];
    if (rows.length === 0) break;
    const at = new Date();
    const messages: QueueMessageInput[] = [];
    for (const row of rows) {
      const language = row.preferred_language ?? event.defaultLanguage;
      const unsubscribe = unsubscribeLink(signer, base, { customerId: row.id, channel });
      const plain = messageContext(row, language, unsubscribe);
      const page = eventPageLink(signer, base, event.id, row.id);
      const own = spec.notice(
        row,
        language,
        page,
        guestSequence(event.sequence, row.calendar_steps),
      );
      const context = { ...plain, links: { ...plain.links, register: page }, ...own.context };
      const compiledTemplate = await template(language);
      const text = compiledTemplate.text(context);
      const notBefore = spec.quietHours ? releaseFor(at, rule, row, groupZone) : at;
      messages.push({
        customerId: row.id,
        dealerId: event.dealerId,
        channel,
        purpose: 'marketing',
        notice: true,
        recipient: email ? row.email : row.phone,
        subject: email ? compiledTemplate.subject(context) : null,
        body: email ? textWithUnsubscribe(text, unsubscribe) : text,
        html: email ? withUnsubscribeFooter(compiledTemplate.html(context), unsubscribe) : null,
        ...(email && own.attachment ? { attachments: [own.attachment] } : {}),
        idempotencyKey: own.idempotencyKey,
        source: spec.source,
        notBefore,
        blockedBy:
          contactBlock({ suppressed: row.suppressed, recent: 0 }, rule, false) ??
          (notBefore >= spec.startsAt ? 'too_late' : null),
      });
    }
    for (const result of await queueMessages(tx, messages)) counts[result.status] += 1;
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return counts;
}
