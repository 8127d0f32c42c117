import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { consentGranted } from '../customers/index.ts';
import { parseSmtpFailure, recordBounce } from './bounces.service.ts';
import type { MessageAttachment, MessageChannel } from './schema.ts';

export type OutgoingMessage = {
  /** the outbox row id; e-mails carry it in their Message-ID so a copy can be recognised */
  id: string;
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  attachments: MessageAttachment[];
};

export type SendResult = { providerMessageId: string };

/** What actually talks to a provider, one function per channel that has one. */
export type OutboxTransport = {
  email?: (message: OutgoingMessage) => Promise<SendResult>;
  sms?: (message: OutgoingMessage) => Promise<SendResult>;
  close?: () => void;
};

export type DeliveryOptions = {
  batchSize?: number;
  /** a row left in 'sending' longer than this was interrupted (crash, kill) */
  leaseMs?: number;
};

export type DeliveryReport = {
  sent: number;
  retrying: number;
  failed: number;
  blocked: number;
  interrupted: number;
};

/** E-mail through an SMTP server, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@host:465. */
export function smtpTransport(url: string, from: string): OutboxTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    email: async (message) => {
      const info = await transporter.sendMail({
        from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${message.id}@autocrm.outbox>`,
        attachments: message.attachments.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: file.content,
        })),
      });
      return { providerMessageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

const job = systemActor('job');

/**
 * Rows left in 'sending' by a process that died mid-send: whether the provider got them is
 * unknown, so they are failed with that reason rather than sent a second time.
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
 * Claims due rows of one channel. Consent is read again here, because it may have been
 * withdrawn between queueing and sending; such rows become 'blocked'. The claim commits
 * before anything is sent, so the 'sending' mark survives a crash.
 */
async function claim(db: Db, channel: MessageChannel, batchSize: number) {
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
      await tx
        .updateTable('outbox_messages')
        .set((eb) => ({
          status: 'sending',
          attempts: eb('attempts', '+', 1),
          claimed_at: sql<Date>`now()`,
        }))
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

/**
 * Sends what is due through the transport's channels. Channels without a provider are left
 * alone: their rows stay 'queued' until one is configured.
 */
export async function deliverQueued(
  db: Db,
  transport: OutboxTransport,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, blocked: 0, interrupted: 0 };
  report.interrupted = await failInterrupted(db, options.leaseMs ?? 10 * 60_000);
  for (const channel of ['email', 'sms'] as const) {
    const send = transport[channel];
    if (!send) continue;
    const { withdrawn, sendable } = await claim(db, channel, options.batchSize ?? 50);
    report.blocked += withdrawn;
    for (const row of sendable) {
      try {
        const result = await send({
          id: row.id,
          recipient: row.recipient,
          subject: row.subject,
          body: row.body,
          html: row.body_html,
          attachments: row.attachments as MessageAttachment[],
        });
        await withActor(db, job, (tx) =>
          tx
            .updateTable('outbox_messages')
            .set({
              status: 'sent',
              sent_at: sql<Date>`now()`,
              provider_message_id: result.providerMessageId,
              last_error: null,
            })
            .where('id', '=', row.id)
            .execute(),
        );
        report.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failure = parseSmtpFailure(error);
        const after = await withActor(db, job, async (tx) => {
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
          return tx
            .updateTable('outbox_messages')
            .set((eb) => ({
              status: failure.permanent
                ? sql<'failed'>`'failed'`
                : sql<
                    'queued' | 'failed'
                  >`case when ${eb.ref('attempts')} >= ${eb.ref('max_attempts')} then 'failed' else 'queued' end`,
              last_error: message.slice(0, 2000),
              // wait 1, 4, 9, 16 ... minutes (at most 4 hours) before the next attempt
              next_attempt_at: sql<Date>`now() + least(${eb.ref('attempts')} * ${eb.ref('attempts')}, 240) * interval '1 minute'`,
            }))
            .where('id', '=', row.id)
            .returning('status')
            .executeTakeFirstOrThrow();
        });
        if (after.status === 'failed') report.failed += 1;
        else report.retrying += 1;
      }
    }
  }
  return report;
}
