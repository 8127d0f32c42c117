import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { personZone } from '../org/index.ts';
import type { SuppressionReason } from './schema.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * Contact rules (issue 5): a marketing message needs consent for its channel (read by the
 * outbox, messaging module), no active do-not-contact record, room under the channel's
 * frequency cap, and is held back during the person's quiet hours.
 */
export type ContactRule = {
  channel: 'email' | 'sms';
  maxMessages: number;
  periodDays: number;
  quietStart: number;
  quietEnd: number;
};

export async function contactRules(db: Db | Tx): Promise<Record<'email' | 'sms', ContactRule>> {
  const rows = await db.selectFrom('marketing_contact_rules').selectAll().execute();
  const rules = Object.fromEntries(
    rows.map((row) => [
      row.channel,
      {
        channel: row.channel,
        maxMessages: row.max_messages,
        periodDays: row.period_days,
        quietStart: row.quiet_start,
        quietEnd: row.quiet_end,
      },
    ]),
  ) as Record<'email' | 'sms', ContactRule>;
  return rules;
}

export async function listContactRules(db: Db, actor: Actor): Promise<ContactRule[]> {
  requireMarketing(actor);
  return Object.values(await contactRules(db));
}

/** Group-wide rules: only a group-level marketer may change them. */
export async function saveContactRule(
  db: Db,
  actor: Actor,
  rule: ContactRule,
): Promise<ContactRule> {
  requireMarketing(actor, true);
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError('Contact rules are set for the whole group').because(
      'group_level_only',
    );
  }
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('marketing_contact_rules')
      .values({
        channel: rule.channel,
        max_messages: rule.maxMessages,
        period_days: rule.periodDays,
        quiet_start: rule.quietStart,
        quiet_end: rule.quietEnd,
      })
      .onConflict((oc) =>
        oc.column('channel').doUpdateSet({
          max_messages: rule.maxMessages,
          period_days: rule.periodDays,
          quiet_start: rule.quietStart,
          quiet_end: rule.quietEnd,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute(),
  );
  return rule;
}

/**
 * SQL: the customer has an active do-not-contact record for the channel (or for all);
 * `otherThan` leaves records of one reason out (the preferences page: held by someone else).
 */
export function suppressed(
  customerId: Expression<unknown>,
  channel: string,
  otherThan?: SuppressionReason,
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from marketing_suppressions s
    where s.customer_id = ${customerId} and s.lifted_at is null
      and (s.channel is null or s.channel = ${channel})
      ${otherThan ? sql`and s.reason <> ${otherThan}` : sql``})`;
}

export type SuppressionView = {
  id: string;
  channel: string | null;
  reason: SuppressionReason;
  note: string | null;
  createdAt: string;
  liftedAt: string | null;
};

export async function recordSuppression(
  tx: Tx,
  input: {
    customerId: string;
    channel: string | null;
    reason: SuppressionReason;
    note?: string | null;
    campaignId?: string | null;
    by: string | null;
  },
): Promise<string> {
  const row = await tx
    .insertInto('marketing_suppressions')
    .values({
      customer_id: input.customerId,
      channel: input.channel,
      reason: input.reason,
      note: input.note ?? null,
      campaign_id: input.campaignId ?? null,
      created_by: input.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A manual do-not-contact record (e.g. the person asked on the phone, or mail bounced). */
export async function addSuppression(
  db: Db,
  actor: Actor,
  customerId: string,
  input: { channel: string | null; reason: SuppressionReason; note?: string | null },
): Promise<SuppressionView> {
  requireMarketing(actor, true);
  await assertCustomerVisible(db, actor, customerId);
  const id = await withActor(db, actor, (tx) =>
    recordSuppression(tx, { ...input, customerId, by: actor.userId }),
  );
  return (await listSuppressions(db, actor, customerId)).find((s) => s.id === id)!;
}

export async function liftSuppression(
  db: Db,
  actor: Actor,
  customerId: string,
  id: string,
): Promise<void> {
  requireMarketing(actor, true);
  await assertCustomerVisible(db, actor, customerId);
  const lifted = await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_suppressions')
      .set({ lifted_at: new Date(), lifted_by: actor.userId })
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .where('lifted_at', 'is', null)
      .returning('id')
      .execute(),
  );
  if (lifted.length === 0) throw new NotFoundError('Do-not-contact record');
}

export async function listSuppressions(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<SuppressionView[]> {
  requireMarketing(actor);
  await assertCustomerVisible(db, actor, customerId);
  const rows = await db
    .selectFrom('marketing_suppressions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    reason: row.reason,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    liftedAt: row.lifted_at?.toISOString() ?? null,
  }));
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function localTime(timeZone: string, at: Date): { hour: number; minute: number } | undefined {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // a free-text time zone that is not a real one: fall back to the default
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  if (!formatter) return undefined;
  const parts = formatter.formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { hour: value('hour'), minute: value('minute') };
}

/**
 * When a message may go out, given quiet hours in the person's time zone: `at` itself when it
 * is outside them, else the end of the quiet hours (local `quietEnd`:00). Quiet hours may
 * span midnight (21 → 9). Start = end means no quiet hours.
 */
export function quietHoursRelease(
  at: Date,
  rule: Pick<ContactRule, 'quietStart' | 'quietEnd'>,
  timeZone: string,
  fallbackZone: string,
): Date {
  const { quietStart: start, quietEnd: end } = rule;
  if (start === end) return at;
  const local = localTime(timeZone, at) ?? localTime(fallbackZone, at);
  if (!local) return at;
  const { hour, minute } = local;
  const quiet = start < end ? hour >= start && hour < end : hour >= start || hour < end;
  if (!quiet) return at;
  const hoursToEnd = (end - hour + 24) % 24;
  const release = new Date(at.getTime() + (hoursToEnd * 60 - minute) * 60_000);
  release.setUTCSeconds(0, 0);
  return release;
}

/**
 * quietHoursRelease in a recipient's own zone, else his dealer's, else the group's
 * (`groupZone`, from org's groupDefaultZone, read once per pass).
 */
export function releaseFor(
  at: Date,
  rule: Pick<ContactRule, 'quietStart' | 'quietEnd'>,
  recipient: { timezone: string | null; dealer: { timezone: string } | null },
  groupZone: string,
): Date {
  const zone = personZone(recipient.timezone, recipient.dealer?.timezone, groupZone);
  return quietHoursRelease(at, rule, zone, groupZone);
}

/**
 * The contact rule a message to this person breaks, or null. Do-not-contact stops every
 * message of a purpose he may refuse; the frequency cap counts only where `capped` (marketing:
 * a service reminder or a survey is not advertising). Consent is the outbox's to check.
 */
export function contactBlock(
  state: { suppressed: boolean; recent: number },
  rule: Pick<ContactRule, 'maxMessages'>,
  capped: boolean,
): 'do_not_contact' | 'frequency_cap' | null {
  if (state.suppressed) return 'do_not_contact';
  return capped && state.recent >= rule.maxMessages ? 'frequency_cap' : null;
}
