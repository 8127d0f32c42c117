import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runDueCampaigns } from './campaigns.service.ts';

/**
 * Starts scheduled campaigns when their time comes and sends A/B winners when the test's
 * wait is over, inside the server process (CAMPAIGN_INTERVAL_MS, default one minute).
 */
export function registerCampaignJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const intervalMs =
    Number(env.CAMPAIGN_INTERVAL_MS) > 0 ? Number(env.CAMPAIGN_INTERVAL_MS) : 60_000;
  runPeriodically(app, {
    name: 'campaign scheduler pass',
    everyMs: intervalMs,
    run: () => runDueCampaigns(app.db),
  });
}
