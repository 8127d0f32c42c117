import type { App } from '../../http/types.ts';
import { runDueCampaigns } from './campaigns.service.ts';

/**
 * Starts scheduled campaigns when their time comes and sends A/B winners when the test's
 * wait is over, inside the server process (CAMPAIGN_INTERVAL_MS, default one minute).
 */
export function registerCampaignJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const intervalMs =
    Number(env.CAMPAIGN_INTERVAL_MS) > 0 ? Number(env.CAMPAIGN_INTERVAL_MS) : 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    // one pass at a time: a large send must not overlap with the next tick
    if (running) return;
    running = true;
    try {
      await runDueCampaigns(app.db);
    } catch (error) {
      app.log.error({ err: error }, 'campaign scheduler pass failed');
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
  });
}
