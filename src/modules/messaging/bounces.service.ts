import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { BounceKind, MessageChannel } from './schema.ts';

/**
 * Bounces: an SMTP server's refusal at send time, or a provider's report afterwards (webhook).
 * Each is recorded against the message and the person; a hard bounce (and the third soft one
 * within 30 days) is passed to the listeners (the marketing module marks the address
 * do-not-contact "bounced"), in the same transaction as the record.
 */
export type Bounce = {
  customerId: string;
  messageId: string | null;
  channel: MessageChannel;
  recipient: string;
  kind: BounceKind;
  statusCode: string | null;
  diagnostic: string | null;
  source: 'smtp' | 'webhook';
  occurredAt?: Date;
};

export type HardBounceListener = (tx: Tx, bounce: Bounce) => Promise<void>;
const listeners = new Set<HardBounceListener>();

/** Called by a module that must react to undeliverable addresses (once per process). */
export function onHardBounce(listener: HardBounceListener): void {
  listeners.add(listener);
}

const softLimit = 3;

/** Records one bounce; returns whether it counted as hard (given, or soft ones adding up). */
export async function recordBounce(tx: Tx, bounce: Bounce): Promise<boolean> {
  await tx
    .insertInto('outbox_bounces')
    .values({
      customer_id: bounce.customerId,
      message_id: bounce.messageId,
      channel: bounce.channel,
      recipient: bounce.recipient,
      kind: bounce.kind,
      status_code: bounce.statusCode,
      diagnostic: bounce.diagnostic?.slice(0, 2000) ?? null,
      source: bounce.source,
      occurred_at: bounce.occurredAt ?? new Date(),
    })
    .execute();
  let hard = bounce.kind === 'hard';
  if (!hard) {
    const soft = await tx
      .selectFrom('outbox_bounces')
      .select(sql<string>`count(*)`.as('n'))
      .where('customer_id', '=', bounce.customerId)
      .where('recipient', '=', bounce.recipient)
      .where('kind', '=', 'soft')
      .where('occurred_at', '>', sql<Date>`now() - interval '30 days'`)
      .executeTakeFirstOrThrow();
    hard = Number(soft.n) >= softLimit;
  }
  if (hard) for (const listener of listeners) await listener(tx, bounce);
  return hard;
}

export type SmtpFailure = { permanent: boolean; statusCode: string | null; diagnostic: string };

/**
 * What an SMTP server's refusal means (nodemailer puts the reply code in `responseCode` and
 * the text in `response`): a 5xx reply, or an enhanced status of class 5 (RFC 3463: 5.1.1 no
 * such user, 5.1.10 null MX ...), is permanent — retrying cannot help; 4xx is transient.
 * Errors without a reply (connection refused, timeout) are transient.
 */
export function parseSmtpFailure(error: unknown): SmtpFailure {
  const detail = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  const text = String(detail?.response ?? detail?.message ?? error);
  const code = typeof detail?.responseCode === 'number' ? detail.responseCode : null;
  const enhanced = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  const permanent = enhanced ? enhanced[1] === '5' : code !== null && code >= 500 && code < 600;
  return {
    permanent: code !== null ? permanent : false,
    statusCode: enhanced ? enhanced[0] : code !== null ? String(code) : null,
    diagnostic: text.slice(0, 2000),
  };
}

/** A provider's bounce event, as the webhook accepts it. */
export type BounceEvent = {
  /** our outbox id, our Message-ID (<id@autocrm.outbox>), or the provider's message id */
  messageId?: string | undefined;
  recipient: string;
  type: BounceKind;
  status?: string | undefined;
  diagnostic?: string | undefined;
  at?: string | undefined;
};

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Records a provider's bounce events. The message is found by our id (bare or inside our
 * Message-ID), else by the provider's id; without one, the newest e-mail to the address.
 * Events about addresses we never wrote to are reported back as unmatched, not stored.
 */
export async function recordBounceEvents(
  db: Db,
  events: BounceEvent[],
): Promise<{ recorded: number; hard: number; unmatched: number }> {
  const result = { recorded: 0, hard: 0, unmatched: 0 };
  await withActor(db, systemActor('api'), async (tx) => {
    for (const event of events) {
      const recipient = event.recipient.trim().toLowerCase();
      const ours = event.messageId ? uuid.exec(event.messageId)?.[0] : undefined;
      let query = tx
        .selectFrom('outbox_messages')
        .select(['id', 'customer_id', 'channel', 'recipient'])
        .where(sql<boolean>`lower(recipient) = ${recipient}`)
        .orderBy('created_at', 'desc')
        .limit(1);
      if (event.messageId) {
        query = query.where((eb) =>
          eb.or([
            ...(ours ? [eb('id', '=', ours)] : []),
            eb('provider_message_id', '=', event.messageId!),
          ]),
        );
      } else {
        query = query.where('channel', '=', 'email');
      }
      const message = await query.executeTakeFirst();
      if (!message) {
        result.unmatched += 1;
        continue;
      }
      const hard = await recordBounce(tx, {
        customerId: message.customer_id,
        messageId: message.id,
        channel: message.channel,
        recipient: message.recipient,
        kind: event.type,
        statusCode: event.status ?? null,
        diagnostic: event.diagnostic ?? null,
        source: 'webhook',
        ...(event.at ? { occurredAt: new Date(event.at) } : {}),
      });
      result.recorded += 1;
      if (hard) result.hard += 1;
    }
  });
  return result;
}
