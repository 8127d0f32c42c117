import { sql } from 'kysely';
import { auditEvent, systemActor, withActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import {
  afterFailedAttempt,
  parseSmtpFailure,
  smtpTransport,
  type EmailTransport,
} from '../../messaging/index.ts';
import { packRecipients } from './pack-recipients.ts';
import { xlsxType } from './pack-render.ts';

/**
 * The messaging module's SMTP mailer, with the pack's Message-ID, `<report_mail id@autocrm.reports>`:
 * a retry of the same row is recognisably the same message.
 */
export function reportMailer(url: string, from: string): EmailTransport {
  return smtpTransport(url, from, { messageIdHost: 'autocrm.reports' });
}

export type MailDeliveryReport = {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  resumed: number;
};

export type MailDeliveryOptions = {
  batchSize?: number;
  /** a row left in 'sending' longer than this was interrupted (crash, kill) */
  leaseMs?: number;
  /** who sends, for the audit log: the server's job by default, an operator's command 'cli' */
  actor?: Actor;
};

type PackOutcome = 'sent' | 'retrying' | 'failed' | 'cancelled';

/**
 * One audit entry per pack outcome (table report_mail, action 'event'): who sent (the job or
 * the command), when, to whom, which pack and dealer, which attempt and, on failure, the
 * server's answer. Never the subject, body or workbook: those stay in the report_mail row.
 * Written in the transaction of the row's status change, so the two cannot disagree.
 */
async function auditOutcome(
  tx: Db,
  actor: Actor,
  row: { id: string; user_id: string; recipient: string; pack: string; week_start: string },
  outcome: PackOutcome,
  more: { attempt?: number; error?: string } = {},
): Promise<void> {
  await auditEvent(tx, actor, {
    table: 'report_mail',
    recordId: row.id,
    details: {
      event: `weekly_pack.${outcome}`,
      recipient: row.recipient,
      userId: row.user_id,
      pack: row.pack,
      // the pack key names the dealer for a dealer's pack; region, brand and group packs have none
      dealerId: row.pack.startsWith('dealer:') ? row.pack.slice('dealer:'.length) : null,
      weekStart: row.week_start,
      ...more,
    },
  });
}

/**
 * Rows a dead process left in 'sending' go back to the queue: a pack must not be lost. The
 * retry carries the same Message-ID, so the rare copy (a crash between the server's "250 OK"
 * and our update) is recognisable as the same message.
 */
async function resumeInterrupted(db: Db, leaseMs: number): Promise<number> {
  const rows = await db
    .updateTable('report_mail')
    .set({ status: 'queued', last_error: 'interrupted while sending; sent again' })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', sql<Date>`now() - ${`${leaseMs} milliseconds`}::interval`)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Claims due rows. The recipient's switch is read again here, because he may have switched
 * the pack off (or left) since it was queued; such rows are cancelled, not sent. The claim
 * commits before anything is sent, so the 'sending' mark survives a crash.
 */
async function claim(db: Db, batchSize: number, actor: Actor) {
  return withActor(db, actor, async (tx) => {
    const due = await tx
      .selectFrom('report_mail')
      .select([
        'id',
        'user_id',
        'pack',
        sql<string>`week_start::text`.as('week_start'),
        'attempts',
        'recipient',
        'subject',
        'body_text',
        'body_html',
        'attachment_name',
        'attachment',
      ])
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return { cancelled: 0, sendable: due };
    const subscribed = new Set(
      (
        await packRecipients(tx, {
          userIds: [...new Set(due.map((row) => row.user_id))],
          enabledOnly: true,
        })
      ).map((recipient) => recipient.userId),
    );
    const cancelled = due.filter((row) => !subscribed.has(row.user_id));
    const sendable = due.filter((row) => subscribed.has(row.user_id));
    if (cancelled.length) {
      await tx
        .updateTable('report_mail')
        .set({ status: 'cancelled', last_error: 'the recipient switched the pack off or left' })
        .where(
          'id',
          'in',
          cancelled.map((row) => row.id),
        )
        .execute();
      for (const row of cancelled) await auditOutcome(tx, actor, row, 'cancelled');
    }
    if (sendable.length) {
      await tx
        .updateTable('report_mail')
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
    return { cancelled: cancelled.length, sendable };
  });
}

/** Sends the due packs: retries with growing waits, gives up after max_attempts. */
export async function deliverReportMail(
  db: Db,
  transport: Pick<EmailTransport, 'email'>,
  options: MailDeliveryOptions = {},
): Promise<MailDeliveryReport> {
  const report: MailDeliveryReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0, resumed: 0 };
  const actor = options.actor ?? systemActor('job');
  report.resumed = await resumeInterrupted(db, options.leaseMs ?? 10 * 60_000);
  const { cancelled, sendable } = await claim(db, options.batchSize ?? 20, actor);
  report.cancelled = cancelled;
  for (const row of sendable) {
    // the claim raised attempts in the database, not in the row it read
    const attempt = row.attempts + 1;
    try {
      await transport.email({
        id: row.id,
        recipient: row.recipient,
        subject: row.subject,
        body: row.body_text,
        html: row.body_html,
        attachments: [
          {
            filename: row.attachment_name,
            contentType: xlsxType,
            // PGlite gives bytea as a Uint8Array, pg as a Buffer
            content: Buffer.from(row.attachment),
          },
        ],
      });
      await withActor(db, actor, async (tx) => {
        await tx
          .updateTable('report_mail')
          .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null })
          .where('id', '=', row.id)
          .execute();
        await auditOutcome(tx, actor, row, 'sent', { attempt });
      });
      report.sent++;
    } catch (error) {
      // a 5xx answer (or class-5 enhanced status) will not change on a retry
      const failure = parseSmtpFailure(error);
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const after = await withActor(db, actor, async (tx) => {
        const updated = await tx
          .updateTable('report_mail')
          .set({ ...afterFailedAttempt(failure.permanent), last_error: message })
          .where('id', '=', row.id)
          .returning('status')
          .executeTakeFirstOrThrow();
        await auditOutcome(tx, actor, row, updated.status === 'failed' ? 'failed' : 'retrying', {
          attempt,
          error: message.slice(0, 500),
        });
        return updated;
      });
      if (after.status === 'failed') report.failed++;
      else report.retrying++;
    }
  }
  return report;
}
