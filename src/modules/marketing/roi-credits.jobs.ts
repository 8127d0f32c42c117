import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { refreshRoiCredits } from './roi-credits.ts';

/**
 * Keeps the ROI report's credits fresh (roi-credits.ts): every MARKETING_ROI_MINUTES (default
 * 10; 0 turns it off) the people whose data changed are credited again, and once a day all are
 * rebuilt. Several server processes may tick at once; the refresh's advisory lock lets one in.
 */
export function registerRoiCreditJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const minutes = Number(env.MARKETING_ROI_MINUTES ?? 10);
  if (!(minutes > 0)) return;
  runPeriodically(app, {
    name: 'ROI credits refresh',
    everyMs: minutes * 60_000,
    run: async () => {
      const result = await refreshRoiCredits(app.db);
      if (result) app.log.info({ result }, 'ROI credits refreshed');
    },
  });
}
