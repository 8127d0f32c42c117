import type { Actor, Tx } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isValidEmail } from '../../lib/email.ts';
import { ValidationError } from '../../lib/errors.ts';
import { assertCustomerVisible, hasConsent, type ConsentPurpose } from '../customers/index.ts';
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
};

export type BlockReason = 'no_consent' | 'no_recipient' | 'invalid_recipient';

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
  const purpose = input.purpose ?? 'marketing';
  const recipientIssue = recipientProblem(input.channel, input.recipient);
  const consented = await hasConsent(tx, input.customerId, input.channel, purpose);
  const reason: BlockReason | null = recipientIssue ?? (consented ? null : 'no_consent');
  const row = await tx
    .insertInto('outbox_messages')
    .values({
      customer_id: input.customerId,
      dealer_id: input.dealerId ?? null,
      channel: input.channel,
      purpose,
      recipient: input.recipient ?? '',
      subject: input.subject ?? null,
      body: input.body,
      attachments: JSON.stringify(input.attachments ?? []),
      status: reason ? 'blocked' : 'queued',
      blocked_reason: reason,
      source_kind: input.source?.kind ?? null,
      source_id: input.source?.id ?? null,
      created_by: input.createdBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return reason ? { id: row.id, status: 'blocked', reason } : { id: row.id, status: 'queued' };
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
