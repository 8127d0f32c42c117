import type { App } from './types.ts';

export type PeriodicJob = {
  /** for the error log */
  name: string;
  everyMs: number;
  /** `signal` is aborted when the server closes: a long pass may stop early (or ignore it) */
  run: (signal: AbortSignal) => Promise<unknown>;
  /** after the last pass on close: release what the job holds (a transport) */
  stop?: () => void;
};

/**
 * Runs a job inside the server process every `everyMs`, from when the server is ready: one pass
 * at a time (a slow pass is never overlapped by the next tick), errors logged, and on close the
 * timer stops, the pass in flight is told so (its signal) and awaited, so it never meets a
 * closed database.
 */
export function runPeriodically(app: App, job: PeriodicJob): void {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  const closing = new AbortController();
  const tick = () => {
    if (pass || closing.signal.aborted) return;
    pass = job
      .run(closing.signal)
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
    closing.abort();
    await pass;
    job.stop?.();
  });
}
