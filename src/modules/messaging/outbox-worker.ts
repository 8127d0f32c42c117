import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { markChannelConfigured } from './outbox.service.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from './outbox-sender.ts';
import { httpSmsTransport } from './sms-http.ts';

/**
 * Runs the outbox sender inside the server process on an interval when SMTP_URL (e-mail) or
 * SMS_URL (an HTTP SMS gateway) is set. A channel without a provider keeps its rows 'queued'
 * (the API says why).
 */
export function registerOutboxWorker(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const smtpUrl = env.SMTP_URL;
  const smsUrl = env.SMS_URL;
  if (!smtpUrl && !smsUrl) return;
  const email = smtpUrl
    ? smtpTransport(smtpUrl, env.SMTP_FROM || 'AutoCRM <no-reply@autocrm.local>')
    : undefined;
  const transport: OutboxTransport = {
    ...(email ?? {}),
    ...(smsUrl ? httpSmsTransport(smsUrl, env.SMS_TOKEN || undefined) : {}),
  };
  const intervalMs = Number(env.OUTBOX_INTERVAL_MS) > 0 ? Number(env.OUTBOX_INTERVAL_MS) : 5000;
  if (email) markChannelConfigured('email', true);
  if (smsUrl) markChannelConfigured('sms', true);
  runPeriodically(app, {
    name: 'outbox delivery pass',
    everyMs: intervalMs,
    run: () => deliverQueued(app.db, transport),
    stop: () => {
      if (email) markChannelConfigured('email', false);
      if (smsUrl) markChannelConfigured('sms', false);
      transport.close?.();
    },
  });
}
