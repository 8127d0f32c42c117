import type { App } from './types.ts';

export type PeriodicJob = {
  /** for the error log */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /** after the last pass on close: release what the job holds (a transport) */
  stop?: () => void;
};

/**
 * Runs a job inside the server process every `everyMs`, from when the server is ready: one pass
 * at a time (a slow pass is never overlapped by the next tick), errors logged, and on close the
 * timer stops and a pass in flight is awaited, so it never meets a closed database.
 */
export function runPeriodically(app: App, job: PeriodicJob): void {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  const tick = () => {
    if (pass) return;
    pass = job
      .run()
      .then(() => undefined)
      .catch((error: unknown) => app.log.error({ err: error }, `${job.name} failed`))
      .finally(() => {
        pass = null;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, job.everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await pass;
    job.stop?.();
  });
}
