import crypto from 'node:crypto';
import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { consentGranted } from '../customers/index.ts';
import { parseSmtpFailure, recordBounce } from './bounces.service.ts';
import { defaultOutboxConcurrency } from './outbox-concurrency.ts';
import type { MessageAttachment, MessageChannel } from './schema.ts';
import { sendLanes } from './send-lanes.ts';

/**
 * A file handed to the mailer. The outbox stores its attachments as text (JSON), but the
 * mailer itself takes bytes too, so staff mail such as the weekly pack's workbook goes
 * through the same SMTP code without being mangled into a string.
 */
export type MailAttachment = { filename: string; contentType: string; content: string | Buffer };

export type OutgoingMessage = {
  /** the row id (outbox, report mail); e-mails carry it in their Message-ID so a copy can be recognised */
  id: string;
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  attachments: MailAttachment[];
};

export type SendResult = { providerMessageId: string };

/** What actually talks to a provider, one function per channel that has one. */
export type OutboxTransport = {
  email?: (message: OutgoingMessage) => Promise<SendResult>;
  sms?: (message: OutgoingMessage) => Promise<SendResult>;
  close?: () => void;
};

export type DeliveryOptions = {
  /** rows claimed per query; each is still marked 'sending' on its own just before it goes */
  batchSize?: number;
  /**
   * How long a pass may hold a claim, and how long a message may stay 'sending': a claimed row
   * comes due again after this (its pass died before starting it), and a 'sending' row older
   * than this was interrupted (crash, kill) in the provider's hands.
   */
  leaseMs?: number;
  /**
   * messages with the provider at once (default 5, OUTBOX_CONCURRENCY for the worker); a
   * customer's own messages still go one after another
   */
  concurrency?: number;
};

export type DeliveryReport = {
  sent: number;
  /**
   * claimed by this pass but no longer queued under its claim when their turn came (blocked
   * by a hard bounce meanwhile, or taken over by another pass after the lease): not sent here
   */
  skipped: number;
  retrying: number;
  failed: number;
  blocked: number;
  interrupted: number;
};

/** An e-mail provider alone, as smtpTransport makes it: what a sender of staff mail needs. */
export type EmailTransport = {
  email: (message: OutgoingMessage) => Promise<SendResult>;
  close: () => void;
};

const job = systemActor('job');

/**
 * Rows left in 'sending' by a process that died while the provider had them: whether the
 * provider got them is unknown. At most once: they are failed with that reason rather than
 * sent a second time (a copy would carry the same Message-ID, <id@autocrm.outbox>, so a
 * receiver could drop it, but many do not, and an SMS gateway has no such header).
 */
async function failInterrupted(db: Db, leaseMs: number): Promise<number> {
  const rows = await withActor(db, job, (tx) =>
    tx
      .updateTable('outbox_messages')
      .set({
        status: 'failed',
        last_error: 'interrupted while sending; delivery unknown, not retried to avoid a duplicate',
      })
      .where('status', '=', 'sending')
      .where('claimed_at', '<', sql<Date>`now() - ${`${leaseMs} milliseconds`}::interval`)
      .returning('id')
      .execute(),
  );
  return rows.length;
}

/**
 * Claims due rows of one channel for this pass. Consent is read again here, because it may
 * have been withdrawn between queueing and sending; such rows become 'blocked'. A claim is a
 * lease, not a send: the rows stay 'queued' with this pass's token and become due again when
 * the lease ends, so a pass that dies leaves them to the next one instead of losing them.
 */
async function claim(
  db: Db,
  channel: MessageChannel,
  batchSize: number,
  token: string,
  leaseMs: number,
) {
  return withActor(db, job, async (tx) => {
    const due = await tx
      .selectFrom('outbox_messages as m')
      .select([
        'm.id',
        'm.customer_id',
        'm.recipient',
        'm.subject',
        'm.body',
        'm.body_html',
        'm.attachments',
      ])
      .select((eb) =>
        sql<boolean>`case ${eb.ref('m.purpose')}
          when 'marketing' then ${consentGranted(eb.ref('m.customer_id'), channel, 'marketing')}
          when 'service' then ${consentGranted(eb.ref('m.customer_id'), channel, 'service')}
          when 'surveys' then ${consentGranted(eb.ref('m.customer_id'), channel, 'surveys')}
          else false end`.as('consented'),
      )
      .where('m.status', '=', 'queued')
      .where('m.channel', '=', channel)
      .where('m.next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('m.next_attempt_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    const withdrawn = due.filter((row) => !row.consented).map((row) => row.id);
    const sendable = due.filter((row) => row.consented);
    if (withdrawn.length) {
      await tx
        .updateTable('outbox_messages')
        .set({ status: 'blocked', blocked_reason: 'no_consent' })
        .where('id', 'in', withdrawn)
        .execute();
    }
    if (sendable.length) {
      // the lease rides on next_attempt_at: a claimed row leaves the due index until it ends
      await tx
        .updateTable('outbox_messages')
        .set({
          claim_token: token,
          claimed_at: sql<Date>`now()`,
          next_attempt_at: sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`,
        })
        .where(
          'id',
          'in',
          sendable.map((row) => row.id),
        )
        .execute();
    }
    return { withdrawn: withdrawn.length, sendable };
  });
}

type Claimed = Awaited<ReturnType<typeof claim>>['sendable'][number];

/**
 * Marks a lane's next claimed message 'sending', just before it goes to the provider, so the
 * only message a crash can leave in doubt is the one each lane is sending. The mark shares its
 * commit with the lane's previous outcome (one commit per message; measured in
 * bench/RESULTS.md). A row no longer queued under this pass's token (blocked in the meantime by
 * a hard bounce, or taken over by another pass after the lease ran out) is skipped, so two
 * passes never send the same row.
 */
async function startNext(
  tx: Tx,
  take: () => Claimed | undefined,
  token: string,
): Promise<{ row: Claimed | undefined; skipped: number }> {
  let skipped = 0;
  for (let row = take(); row; row = take()) {
    const started = await tx
      .updateTable('outbox_messages')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        claimed_at: sql<Date>`now()`,
      }))
      .where('id', '=', row.id)
      .where('status', '=', 'queued')
      .where('claim_token', '=', token)
      .returning('id')
      .executeTakeFirst();
    if (started) return { row, skipped };
    skipped += 1;
  }
  return { row: undefined, skipped };
}

type Outcome = { sent: true; providerMessageId: string } | { sent: false; error: unknown };

/** Writes what the provider said of a message; answers the row's new status. */
async function recordOutcome(
  tx: Tx,
  channel: MessageChannel,
  row: Claimed,
  outcome: Outcome,
): Promise<'sent' | 'queued' | 'failed'> {
  if (outcome.sent) {
    await tx
      .updateTable('outbox_messages')
      .set({
        status: 'sent',
        sent_at: sql<Date>`now()`,
        provider_message_id: outcome.providerMessageId,
        last_error: null,
      })
      .where('id', '=', row.id)
      .execute();
    return 'sent';
  }
  const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  const failure = parseSmtpFailure(outcome.error);
  if (failure.permanent) {
    // the server refused for good (no such mailbox ...): no retry, a hard bounce
    await recordBounce(tx, {
      customerId: row.customer_id,
      messageId: row.id,
      channel,
      recipient: row.recipient,
      kind: 'hard',
      statusCode: failure.statusCode,
      diagnostic: failure.diagnostic,
      source: 'smtp',
    });
  }
  const after = await tx
    .updateTable('outbox_messages')
    .set({ ...afterFailedAttempt(failure.permanent), last_error: message.slice(0, 2000) })
    .where('id', '=', row.id)
    .returning('status')
    .executeTakeFirstOrThrow();
  return after.status === 'failed' ? 'failed' : 'queued';
}

async function sendOne(
  send: (message: OutgoingMessage) => Promise<SendResult>,
  row: Claimed,
): Promise<Outcome> {
  try {
    const result = await send({
      id: row.id,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      html: row.body_html,
      attachments: row.attachments as MessageAttachment[],
    });
    return { sent: true, providerMessageId: result.providerMessageId };
  } catch (error) {
    return { sent: false, error };
  }
}

/** One lane of a pass: its rows one after another, each outcome and next mark in one commit. */
async function runLane(
  db: Db,
  channel: MessageChannel,
  send: (message: OutgoingMessage) => Promise<SendResult>,
  take: () => Claimed | undefined,
  token: string,
  report: DeliveryReport,
): Promise<void> {
  let next = await withActor(db, job, (tx) => startNext(tx, take, token));
  report.skipped += next.skipped;
  while (next.row) {
    const row = next.row;
    const outcome = await sendOne(send, row);
    const [status, following] = await withActor(db, job, async (tx) => {
      const recorded = await recordOutcome(tx, channel, row, outcome);
      return [recorded, await startNext(tx, take, token)] as const;
    });
    if (status === 'sent') report.sent += 1;
    else if (status === 'failed') report.failed += 1;
    else report.retrying += 1;
    report.skipped += following.skipped;
    next = following;
  }
}

/**
 * Sends what is due through the transport's channels, up to `concurrency` messages at once.
 * Channels without a provider are left alone: their rows stay 'queued' until one is configured.
 */
export async function deliverQueued(
  db: Db,
  transport: OutboxTransport,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const concurrency = options.concurrency ?? defaultOutboxConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  const report: DeliveryReport = {
    sent: 0,
    skipped: 0,
    retrying: 0,
    failed: 0,
    blocked: 0,
    interrupted: 0,
  };
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const token = crypto.randomUUID();
  report.interrupted = await failInterrupted(db, leaseMs);
  for (const channel of ['email', 'sms'] as const) {
    const send = transport[channel];
    if (!send) continue;
    const { withdrawn, sendable } = await claim(
      db,
      channel,
      options.batchSize ?? 50,
      token,
      leaseMs,
    );
    report.blocked += withdrawn;
    if (sendable.length === 0) continue;
    const { lanes, stop } = sendLanes(sendable, (row) => row.customer_id, concurrency);
    // a failing lane (the database) stops the others from starting more, and the pass waits
    // for what they have in flight to be recorded before it reports the failure
    const ended = await Promise.allSettled(
      lanes.map((take) =>
        runLane(db, channel, send, take, token, report).catch((error: unknown) => {
          stop();
          throw error;
        }),
      ),
    );
    const failure = ended.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
    if (failure) throw failure.reason;
  }
  return report;
}

/**
 * A failed send's next state, for a queue row with `attempts` (already counting this one) and
 * `max_attempts`: failed for a permanent answer or after the last attempt, else queued again
 * after 1, 4, 9, 16 ... minutes (at most 4 hours). The outbox and the weekly pack's mail share
 * the policy.
 */
export function afterFailedAttempt(permanent: boolean) {
  const attempts = sql.ref('attempts');
  return {
    status: permanent
      ? sql<'failed'>`'failed'`
      : sql<'queued' | 'failed'>`case when ${attempts} >= ${sql.ref('max_attempts')}
          then 'failed' else 'queued' end`,
    next_attempt_at: sql<Date>`now() + least(${attempts} * ${attempts}, 240) * interval '1 minute'`,
  };
}
