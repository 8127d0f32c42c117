import type { App } from '../../http/types.ts';
import { markChannelConfigured } from './outbox.service.ts';
import { deliverQueued, smtpTransport } from './outbox-sender.ts';

/**
 * Runs the outbox sender inside the server process on an interval when SMTP_URL is set.
 * There is no SMS provider integration: SMS rows stay 'queued' (the API says why).
 */
export function registerOutboxWorker(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const url = env.SMTP_URL;
  if (!url) return;
  const transport = smtpTransport(url, env.SMTP_FROM || 'AutoCRM <no-reply@autocrm.local>');
  const intervalMs = Number(env.OUTBOX_INTERVAL_MS) > 0 ? Number(env.OUTBOX_INTERVAL_MS) : 5000;
  markChannelConfigured('email', true);
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
    markChannelConfigured('email', false);
    transport.close?.();
  });
}
