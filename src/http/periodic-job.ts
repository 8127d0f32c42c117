import type { PeriodicJob } from './job-types.ts';
import type { App } from './types.ts';

export type { PeriodicJob } from './job-types.ts';

/**
 * Runs a job every `everyMs` on pg-boss (`job-queue.ts`), from when the server is ready: one
 * pass at a time in the whole cluster unless the job says `parallel` (a slow pass is never
 * overlapped by the next tick, on this server or another), errors logged, and on close the
 * workers stop and a pass in flight is awaited, so it never meets a closed database.
 */
export function runPeriodically(app: App, job: PeriodicJob): void {
  app.jobs.periodic(job);
}
