import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isValidEmail } from '../../lib/email.ts';
import { ValidationError } from '../../lib/errors.ts';
import { assertCustomerVisible, type ConsentPurpose } from '../customers/index.ts';
import type { MessageAttachment, MessageChannel, MessageStatus } from './schema.ts';

export type QueueMessageInput = {
  customerId: string;
  dealerId?: string | null;
  channel: MessageChannel;
  /** the consent purpose the message serves; invitations and offers are marketing */
  purpose?: ConsentPurpose;
  recipient: string | null;
  subject?: string | null;
  body: string;
  attachments?: MessageAttachment[];
  source?: { kind: string; id: string };
  createdBy?: string | null;
  /** an HTML alternative of an e-mail's body */
  html?: string | null;
  /** the same key twice is the same message: the second write does nothing */
  idempotencyKey?: string | null;
  /** not before this time (quiet hours, a schedule) */
  notBefore?: Date | null;
  /** a rule of the caller forbids this message (e.g. do-not-contact): kept as 'blocked' */
  blockedBy?: string | null;
  /**
   * news about something the person asked for (his event registration changed or was
   * cancelled): sent under the purpose's consent, but frequency caps do not count it
   */
  notice?: boolean;
};

export type BlockReason = 'no_consent' | 'no_recipient' | 'invalid_recipient' | (string & {});

export type QueuedMessage =
  { id: string; status: 'queued' } | { id: string; status: 'blocked'; reason: BlockReason };

const e164 = /^\+[1-9][0-9]{6,14}$/;

function recipientProblem(channel: MessageChannel, recipient: string | null): BlockReason | null {
  if (!recipient) return 'no_recipient';
  if (channel === 'email' && !isValidEmail(recipient)) return 'invalid_recipient';
  if (channel === 'sms' && !e164.test(recipient)) return 'invalid_recipient';
  return null;
}

/**
 * Records a message in the outbox, in the caller's transaction, so that the message exists
 * exactly when the business change that caused it commits. Consent for the channel is read
 * in the same transaction: without it the row is kept as 'blocked' with the reason (so the
 * attempt is on record) and nothing will ever send it.
 */
export async function queueMessage(tx: Tx, input: QueueMessageInput): Promise<QueuedMessage> {
  const [queued] = await queueMessages(tx, [input]);
  const { duplicate: _duplicate, ...message } = queued!;
  return message;
}

export type MessageView = {
  id: string;
  channel: MessageChannel;
  purpose: ConsentPurpose;
  recipient: string;
  subject: string | null;
  status: MessageStatus;
  /** why a message is not (yet) out: blocked reason, last error, or a missing provider */
  reason: string | null;
  attempts: number;
  attachments: string[];
  providerMessageId: string | null;
  source: { kind: string; id: string } | null;
  createdAt: string;
  sentAt: string | null;
};

export type MessageFilter = {
  customerId?: string;
  sourceId?: string;
  limit: number;
  offset: number;
};

/** Channels a provider is configured for in this process; others wait in the queue. */
const configuredChannels = new Set<MessageChannel>();
export function markChannelConfigured(channel: MessageChannel, configured: boolean): void {
  if (configured) configuredChannels.add(channel);
  else configuredChannels.delete(channel);
}

/** Messages of customers the actor sees, newest first. */
export async function listMessages(
  db: Db,
  actor: Actor,
  filter: MessageFilter,
): Promise<{ items: MessageView[]; total: number }> {
  if (!filter.customerId && !filter.sourceId) {
    throw new ValidationError([
      { path: 'customerId', message: 'customerId or sourceId is required' },
    ]);
  }
  if (filter.customerId) await assertCustomerVisible(db, actor, filter.customerId);
  let query = db
    .selectFrom('outbox_messages as m')
    .where((eb) => customerVisible(actor, eb.ref('m.customer_id')));
  if (filter.customerId) query = query.where('m.customer_id', '=', filter.customerId);
  if (filter.sourceId) query = query.where('m.source_id', '=', filter.sourceId);
  const [rows, count] = await Promise.all([
    query
      .selectAll('m')
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.total,
    items: rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      purpose: row.purpose,
      recipient: row.recipient,
      subject: row.subject,
      status: row.status,
      reason:
        row.blocked_reason ??
        row.last_error ??
        (row.status === 'queued' && !configuredChannels.has(row.channel)
          ? `no ${row.channel === 'sms' ? 'SMS' : 'e-mail'} provider configured`
          : null),
      attempts: row.attempts,
      attachments: (row.attachments as MessageAttachment[]).map((file) => file.filename),
      providerMessageId: row.provider_message_id,
      source:
        row.source_kind && row.source_id ? { kind: row.source_kind, id: row.source_id } : null,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
    })),
  };
}

/**
 * Queues many messages in one statement (a campaign's page of recipients). Consent is read
 * for all of them in one query; a message whose idempotency key is already in the outbox is
 * not written again, and the answer gives the existing row's id with `duplicate: true`.
 */
export async function queueMessages(
  tx: Tx,
  inputs: QueueMessageInput[],
): Promise<(QueuedMessage & { duplicate: boolean })[]> {
  if (inputs.length === 0) return [];
  const consentRows = await tx
    .selectFrom(
      sql<{ customer_id: string; channel: string; purpose: string }>`(select * from unnest(
        ${inputs.map((input) => input.customerId)}::uuid[],
        ${inputs.map((input) => input.channel)}::text[],
        ${inputs.map((input) => input.purpose ?? 'marketing')}::text[]
      ) as t(customer_id, channel, purpose))`.as('w'),
    )
    .select(['w.customer_id', 'w.channel', 'w.purpose'])
    .select((eb) =>
      sql<boolean>`coalesce((select k.status = 'granted' from consents k
        where k.customer_id = ${eb.ref('w.customer_id')} and k.channel = ${eb.ref('w.channel')}
          and k.purpose = ${eb.ref('w.purpose')}
        order by k.effective_at desc, k.recorded_at desc limit 1), false)`.as('granted'),
    )
    .execute();
  const granted = new Set(
    consentRows
      .filter((row) => row.granted)
      .map((row) => `${row.customer_id}|${row.channel}|${row.purpose}`),
  );
  const rows = inputs.map((input) => {
    const purpose = input.purpose ?? 'marketing';
    const consented = granted.has(`${input.customerId}|${input.channel}|${purpose}`);
    const reason: BlockReason | null =
      recipientProblem(input.channel, input.recipient) ??
      (consented ? null : 'no_consent') ??
      input.blockedBy ??
      null;
    return { input, purpose, reason };
  });
  const written = await tx
    .insertInto('outbox_messages')
    .values(
      rows.map(({ input, purpose, reason }) => ({
        customer_id: input.customerId,
        dealer_id: input.dealerId ?? null,
        channel: input.channel,
        purpose,
        recipient: input.recipient ?? '',
        subject: input.subject ?? null,
        body: input.body,
        body_html: input.html ?? null,
        attachments: JSON.stringify(input.attachments ?? []),
        status: reason ? ('blocked' as const) : ('queued' as const),
        blocked_reason: reason,
        source_kind: input.source?.kind ?? null,
        source_id: input.source?.id ?? null,
        created_by: input.createdBy ?? null,
        idempotency_key: input.idempotencyKey ?? null,
        notice: input.notice ?? false,
        ...(input.notBefore ? { next_attempt_at: input.notBefore } : {}),
      })),
    )
    .onConflict((oc) =>
      oc.column('idempotency_key').where('idempotency_key', 'is not', null).doNothing(),
    )
    .returning(['id', 'idempotency_key'])
    .execute();
  const byKey = new Map(written.map((row) => [row.idempotency_key, row.id]));
  const missingKeys = rows
    .map(({ input }) => input.idempotencyKey)
    .filter((key): key is string => !!key && !byKey.has(key));
  const existing = missingKeys.length
    ? await tx
        .selectFrom('outbox_messages')
        .select(['id', 'idempotency_key', 'status', 'blocked_reason'])
        .where('idempotency_key', 'in', missingKeys)
        .execute()
    : [];
  const existingByKey = new Map(existing.map((row) => [row.idempotency_key, row]));
  let unkeyed = written.filter((row) => row.idempotency_key === null).map((row) => row.id);
  return rows.map(({ input, reason }) => {
    const key = input.idempotencyKey ?? null;
    const earlier = key ? existingByKey.get(key) : undefined;
    if (earlier) {
      return earlier.status === 'blocked'
        ? {
            id: earlier.id,
            status: 'blocked' as const,
            reason: earlier.blocked_reason ?? '',
            duplicate: true,
          }
        : { id: earlier.id, status: 'queued' as const, duplicate: true };
    }
    let id: string;
    if (key) id = byKey.get(key)!;
    else {
      id = unkeyed[0]!;
      unkeyed = unkeyed.slice(1);
    }
    return reason
      ? { id, status: 'blocked' as const, reason, duplicate: false }
      : { id, status: 'queued' as const, duplicate: false };
  });
}

/**
 * Takes back messages the caller's own transaction queued and then found it must not send (a
 * campaign page whose person turned out recorded already): deleted, as if never queued. Only
 * messages no sender has claimed are touched; uncommitted, none can have been.
 */
export async function unqueueMessages(tx: Tx, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await tx
    .deleteFrom('outbox_messages')
    .where('id', 'in', [...messageIds])
    .where('status', 'in', ['queued', 'blocked'])
    .execute();
}

/**
 * SQL: how many marketing messages went (or are going) to the customer on the channel in the
 * last `days` days: what frequency caps count. Notices (news about what he asked for) are not
 * counted.
 */
export function recentMessageCount(
  customerId: Expression<unknown>,
  channel: MessageChannel,
  days: number,
): RawBuilder<number> {
  return sql<number>`(select count(*)::int from outbox_messages m
    where m.customer_id = ${customerId} and m.channel = ${channel} and m.purpose = 'marketing'
      and not m.notice and m.status in ('queued', 'sending', 'sent')
      and m.created_at > now() - ${days}::int * interval '1 day')`;
}

/** SQL: the outbox status of a message (what a campaign's results report as sent or failed). */
export function messageStatus(messageId: Expression<unknown>): RawBuilder<MessageStatus | null> {
  return sql<MessageStatus | null>`(select m.status from outbox_messages m where m.id = ${messageId})`;
}

/**
 * Holds back messages still waiting to be sent because what they say no longer holds (the
 * event they remind of was cancelled): they stay on record as 'blocked' with the reason.
 * Messages already sent or in flight are left alone. Returns the ids held back.
 */
export async function holdBackQueuedMessages(
  tx: Tx,
  messageIds: readonly string[],
  reason: BlockReason,
): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const held = await tx
    .updateTable('outbox_messages')
    .set({ status: 'blocked', blocked_reason: reason })
    .where('status', '=', 'queued')
    .where('id', 'in', [...messageIds])
    .returning('id')
    .execute();
  return held.map((row) => row.id);
}

/** Holds back the marketing messages still waiting for one person on one channel (a dead address). */
export async function holdBackQueuedMarketing(
  tx: Tx,
  customerId: string,
  channel: MessageChannel,
  reason: BlockReason,
): Promise<void> {
  await tx
    .updateTable('outbox_messages')
    .set({ status: 'blocked', blocked_reason: reason })
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .where('purpose', '=', 'marketing')
    .where('status', '=', 'queued')
    .execute();
}
