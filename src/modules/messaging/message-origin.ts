import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { MessageChannel } from './schema.ts';

/** What an answer needs to know about the message it answers: whose, from where, about what. */
export type MessageOrigin = {
  id: string;
  customerId: string;
  dealerId: string | null;
  channel: MessageChannel;
  recipient: string;
  /** e.g. ('campaign', campaign id), ('journey', journey id) */
  source: { kind: string; id: string } | null;
  sentAt: Date | null;
};

const originColumns = [
  'id',
  'customer_id',
  'dealer_id',
  'channel',
  'recipient',
  'source_kind',
  'source_id',
  'sent_at',
] as const;

type OriginRow = {
  id: string;
  customer_id: string;
  dealer_id: string | null;
  channel: MessageChannel;
  recipient: string;
  source_kind: string | null;
  source_id: string | null;
  sent_at: Date | null;
};

const toOrigin = (row: OriginRow): MessageOrigin => ({
  id: row.id,
  customerId: row.customer_id,
  dealerId: row.dealer_id,
  channel: row.channel,
  recipient: row.recipient,
  source: row.source_kind && row.source_id ? { kind: row.source_kind, id: row.source_id } : null,
  sentAt: row.sent_at,
});

/** The outbox message a reply address names (reply-address.ts); undefined when it is gone. */
export async function messageOrigin(db: Db, messageId: string): Promise<MessageOrigin | undefined> {
  const row = await db
    .selectFrom('outbox_messages')
    .select(originColumns)
    .where('id', '=', messageId)
    .executeTakeFirst();
  return row ? toOrigin(row) : undefined;
}

/**
 * The last SMS that left for this number (E.164) within `withinDays`: an SMS answer names only
 * its sender's number, so it answers the latest message he got (index 0266).
 */
export async function lastSmsTo(
  db: Db,
  e164: string,
  withinDays: number,
  now: Date = new Date(),
): Promise<MessageOrigin | undefined> {
  const row = await db
    .selectFrom('outbox_messages')
    .select(originColumns)
    .where('channel', '=', 'sms')
    .where('status', '=', 'sent')
    .where('recipient', '=', e164)
    .where('sent_at', '>', sql<Date>`${now}::timestamptz - ${`${withinDays} days`}::interval`)
    .where('sent_at', '<=', now)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toOrigin(row) : undefined;
}
