import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { runJourneys } from './engine.ts';
import { installReadyMadeJourneys } from './ready-made.ts';

/**
 * The journey runner in the server process: every JOURNEY_INTERVAL_MS (default a minute) it
 * enrols, ends reached goals and advances the people whose time has come. The ready-made
 * journeys are put in place (disabled) when the server starts.
 */
export function registerJourneyJobs(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const intervalMs = Number(env.JOURNEY_INTERVAL_MS) > 0 ? Number(env.JOURNEY_INTERVAL_MS) : 60_000;
  app.addHook('onReady', async () => {
    await installReadyMadeJourneys(app.db);
  });
  runPeriodically(app, {
    name: 'journey runner pass',
    everyMs: intervalMs,
    run: () => runJourneys(app.db),
  });
}
