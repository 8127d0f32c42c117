import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import type { EmailTransport } from '../messaging/index.ts';
import { deliverReportMail, reportMailer } from './report-packs/report-mail-delivery.ts';
import { queueWeeklyPacks } from './report-packs/report-mail-queue.ts';

/**
 * The weekly pack in the server process: every REPORT_PACK_INTERVAL_MINUTES (default 5; 0
 * turns it off) the packs due in each recipient's time zone (Monday from 07:00) are queued,
 * which also catches up a Monday the server missed, and when SMTP_URL is set the queued ones
 * are sent. Without SMTP they wait in report_mail until a server with SMTP sends them.
 */
export function registerReportPackJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const minutes = Number(env.REPORT_PACK_INTERVAL_MINUTES ?? 5);
  if (!(minutes > 0)) return;
  const transport: EmailTransport | undefined = env.SMTP_URL
    ? reportMailer(env.SMTP_URL, env.SMTP_FROM || 'AutoCRM <no-reply@autocrm.local>')
    : undefined;
  runPeriodically(app, {
    name: 'weekly pack',
    everyMs: minutes * 60_000,
    run: async () => {
      const queued = await queueWeeklyPacks(app.db);
      if (queued.queued || queued.errors) app.log.info({ queued }, 'weekly packs queued');
      if (!transport) return;
      const delivered = await deliverReportMail(app.db, transport);
      if (delivered.sent || delivered.failed || delivered.retrying) {
        app.log.info({ delivered }, 'weekly packs delivered');
      }
    },
    stop: () => transport?.close(),
  });
}
