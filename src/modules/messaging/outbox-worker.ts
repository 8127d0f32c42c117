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
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    // one pass at a time: a slow SMTP server must not stack up overlapping passes
    if (running) return;
    running = true;
    try {
      await deliverQueued(app.db, transport);
    } catch (error) {
      app.log.error({ err: error }, 'outbox delivery pass failed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    while (running) await new Promise((resolve) => setTimeout(resolve, 50));
    if (email) markChannelConfigured('email', false);
    if (smsUrl) markChannelConfigured('sms', false);
    transport.close?.();
  });
}
