import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runClubCycle } from './club-cycle.ts';

/**
 * Runs the club cycle (earning, expiry, tiers) every CLUB_RUN_MINUTES (default 60; 0 turns it
 * off). Each pass is idempotent, so a server that was down catches up on its first pass.
 */
export function registerClubJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const minutes = Number(env.CLUB_RUN_MINUTES ?? 60);
  if (!(minutes > 0)) return;
  runPeriodically(app, {
    name: 'club cycle',
    everyMs: minutes * 60_000,
    run: async () => {
      const report = await runClubCycle(app.db);
      app.log.info({ report }, 'club cycle done');
    },
  });
}
