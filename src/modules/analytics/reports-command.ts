import { systemActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  deliverReportMail,
  reportMailer,
  type MailDeliveryReport,
} from './report-packs/report-mail-delivery.ts';
import { queueWeeklyPacks, type QueueReport } from './report-packs/report-mail-queue.ts';

export type SendWeeklyOptions = {
  week?: string;
  dryRun?: boolean;
  smtpUrl?: string;
  smtpFrom?: string;
  now?: Date;
  log: (line: string) => void;
};

/**
 * `autocrm reports send-weekly`: queues the due packs (or a given week's) now and, when SMTP_URL
 * is set, sends what is queued. Running it again, or beside the server's job, adds nothing: the
 * (user, pack, week) key lets each pack through once.
 */
export async function sendWeeklyCommand(
  db: Db,
  options: SendWeeklyOptions,
): Promise<{ queue: QueueReport; delivery: MailDeliveryReport | null }> {
  const queue = await queueWeeklyPacks(db, {
    week: options.week,
    dryRun: options.dryRun,
    now: options.now,
  });
  for (const pack of queue.packs) {
    options.log(
      `${pack.outcome.padEnd(14)} ${pack.weekStart} ${pack.pack.padEnd(44)} ${pack.email}` +
        (pack.error ? `  (${pack.error})` : ''),
    );
  }
  options.log(
    `${options.dryRun ? 'dry run: ' : ''}${queue.queued} queued, ${queue.alreadyQueued} already queued, ${queue.errors} errors`,
  );
  if (options.dryRun) return { queue, delivery: null };
  if (!options.smtpUrl) {
    options.log('SMTP_URL is not set: the packs wait in report_mail for a server that sends them');
    return { queue, delivery: null };
  }
  const transport = reportMailer(
    options.smtpUrl,
    options.smtpFrom || 'AutoCRM <no-reply@autocrm.local>',
  );
  try {
    // the whole queue, not one batch: an operator running this expects it done
    const delivery: MailDeliveryReport = {
      sent: 0,
      retrying: 0,
      failed: 0,
      cancelled: 0,
      resumed: 0,
    };
    for (;;) {
      // audited as the operator's command, not as the server's job
      const pass = await deliverReportMail(db, transport, { actor: systemActor('cli') });
      for (const key of Object.keys(delivery) as (keyof MailDeliveryReport)[])
        delivery[key] += pass[key];
      if (pass.sent + pass.retrying + pass.failed + pass.cancelled === 0) break;
    }
    options.log(
      `sent ${delivery.sent}, to retry ${delivery.retrying}, failed ${delivery.failed}, cancelled ${delivery.cancelled}`,
    );
    return { queue, delivery };
  } finally {
    transport.close();
  }
}
