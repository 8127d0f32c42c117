import type { App } from '../../http/types.ts';
import { runLifecycle } from './lifecycle-run.ts';

/**
 * Runs the care programme once a day: every hour it checks whether today's run has finished,
 * so a server started after downtime catches up within the hour.
 */
export function registerLifecycleJobs(app: App): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const today = new Date().toISOString().slice(0, 10);
      const done = await app.db
        .selectFrom('lifecycle_runs')
        .select('as_of')
        .where('as_of', '=', today)
        .where('finished_at', 'is not', null)
        .executeTakeFirst();
      if (!done) await runLifecycle(app.db, today);
    } catch (error) {
      app.log.error({ err: error }, 'lifecycle run failed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void tick(), 60 * 60_000);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
