import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { markChannelConfigured } from './outbox.service.ts';
import type { Db } from '../../db/database.ts';
import { outboxConcurrency } from './outbox-concurrency.ts';
import { onOutboxWake } from './outbox-wake.ts';
import { deliverQueued, type DeliveryReport, type OutboxTransport } from './outbox-sender.ts';
import { smsTransportFor } from './sms-local.ts';
import { smtpTransport } from './smtp-transport.ts';

/**
 * Runs the outbox sender as a pg-boss job when SMTP_URL (e-mail) or SMS_URL (an HTTP SMS
 * gateway, or a `file:` folder for the local driver) is set: a drain every OUTBOX_INTERVAL_MS.
 * The drain is `parallel`: several servers may drain at once (each one drain at a time), since
 * the outbox's own leases keep them off each other's rows. A module that has just committed
 * messages calls `wakeOutbox` and the drain starts at once rather than at the next tick. A
 * channel without a provider keeps its rows 'queued' (the API says why).
 */
export function registerOutboxWorker(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const smtpUrl = env.SMTP_URL;
  const smsUrl = env.SMS_URL;
  if (!smtpUrl && !smsUrl) return;
  const concurrency = outboxConcurrency(env.OUTBOX_CONCURRENCY);
  const email = smtpUrl
    ? smtpTransport(smtpUrl, env.SMTP_FROM || 'AutoCRM <no-reply@autocrm.local>', {
        connections: concurrency,
      })
    : undefined;
  const transport: OutboxTransport = {
    ...(email ?? {}),
    ...(smsUrl ? smsTransportFor(smsUrl, env.SMS_TOKEN || undefined) : {}),
  };
  const intervalMs = Number(env.OUTBOX_INTERVAL_MS) > 0 ? Number(env.OUTBOX_INTERVAL_MS) : 5000;
  if (email) markChannelConfigured('email', true);
  if (smsUrl) markChannelConfigured('sms', true);
  const name = 'outbox delivery pass';
  // a campaign or journey that committed mail asks for a drain now (wakeOutbox)
  const forget = onOutboxWake(app.db, () => app.jobs.runSoon(name));
  runPeriodically(app, {
    name,
    everyMs: intervalMs,
    parallel: true,
    run: () => drainOutbox(app.db, transport, { concurrency }),
    stop: () => {
      forget();
      if (email) markChannelConfigured('email', false);
      if (smsUrl) markChannelConfigured('sms', false);
      transport.close?.();
    },
  });
}

export type DrainOptions = {
  batchSize?: number;
  /** stop claiming new batches after this long; the next tick goes on */
  budgetMs?: number;
  /** messages with the provider at once (deliverQueued's concurrency) */
  concurrency?: number;
};

/**
 * One tick of the worker: delivery passes one after the other while they come back full, so a
 * campaign of 100,000 drains at the provider's pace instead of one batch per interval (50
 * every 5 s would be 10 messages a second). The time budget keeps a shutdown, which waits for
 * the tick in flight, prompt.
 */
export async function drainOutbox(
  db: Db,
  transport: OutboxTransport,
  options: DrainOptions = {},
): Promise<DeliveryReport> {
  const batchSize = options.batchSize ?? 50;
  const budgetMs = options.budgetMs ?? 15_000;
  const started = Date.now();
  const total: DeliveryReport = {
    sent: 0,
    skipped: 0,
    retrying: 0,
    failed: 0,
    blocked: 0,
    interrupted: 0,
  };
  for (;;) {
    const pass = await deliverQueued(db, transport, {
      batchSize,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    for (const key of Object.keys(total) as (keyof DeliveryReport)[]) total[key] += pass[key];
    const handled = pass.sent + pass.skipped + pass.retrying + pass.failed + pass.blocked;
    if (handled < batchSize || Date.now() - started >= budgetMs) return total;
  }
}
