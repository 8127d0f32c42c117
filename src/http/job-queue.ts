import { PgBoss, type ConstructorOptions } from 'pg-boss';
import type pg from 'pg';
import type { DatabaseTarget } from '../db/config-types.ts';
import type { JobRegistry, PeriodicJob } from './job-types.ts';
import { cronFor, pollingSecondsFor, queueNameFor } from './periodic-schedule.ts';
import type { App } from './types.ts';

/** The database pg-boss keeps its queues in: the app's own (its schema `pgboss`). */
export type JobQueueDatabase = { target: DatabaseTarget; pool: pg.Pool };

export type JobQueueOptions = {
  /** how long a close waits for passes in flight before pg-boss gives up on them */
  stopTimeoutMs?: number;
};

/** A dead server's pass is failed this long after its last heartbeat, so the next tick can run. */
const heartbeatSeconds = 60;
/** A pass that runs longer than this is failed by pg-boss (the quality run of a big base is long). */
const expireInSeconds = 6 * 3600;
/** Finished passes are kept a day in `pgboss.job` for an operator's look, then deleted. */
const deleteAfterSeconds = 24 * 3600;

/**
 * Owns pg-boss for one server: modules register their periodic jobs (`app.jobs.periodic`, through
 * `runPeriodically`) while the app is built; on `onReady` pg-boss starts on the app's database
 * and every job gets a queue, a worker and its trigger (a pg-boss cron schedule, or a timer for
 * intervals cron cannot say); on `onClose` pg-boss stops gracefully and the passes in flight are
 * awaited, so none meets a closed database. Without a database (API tests) jobs are registered
 * but never run.
 */
export function attachJobQueue(
  app: App,
  database: JobQueueDatabase | undefined,
  options: JobQueueOptions = {},
): void {
  const jobs = new Map<string, PeriodicJob>();
  const stops: (() => void)[] = [];
  let started = false;
  // set once pg-boss runs: sends a pass to a job's queue and wakes this server's worker
  let askForPass: ((queue: string) => void) | undefined;
  const registry: JobRegistry = {
    periodic(job) {
      // the queues and workers are made once, when the server gets ready
      if (started) throw new Error(`${job.name}: periodic jobs are registered before ready`);
      jobs.set(queueNameFor(job.name), job);
      if (job.stop) stops.push(job.stop);
    },
    runSoon(name) {
      const queue = queueNameFor(name);
      if (jobs.has(queue)) askForPass?.(queue);
    },
    running: Boolean(database),
  };
  app.decorate('jobs', registry);
  app.addHook('onReady', async () => {
    started = true;
  });
  const releaseAll = () => {
    for (const stop of stops) stop();
  };
  if (!database) {
    app.addHook('onClose', async () => releaseAll());
    return;
  }

  let boss: PgBoss | undefined;
  const closing = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const workerIds = new Map<string, string>();
  // a queue with a send under way needs no second one: the job it makes is the pass asked for
  const sending = new Set<string>();

  const startJob = async (started: PgBoss, queue: string, job: PeriodicJob) => {
    await started.createQueue(queue, {
      // exclusive: one pass queued or running in the whole cluster, so ticks during a pass are
      // dropped, as the old in-process timer dropped them; short: one waiting, any number running
      policy: job.parallel ? 'short' : 'exclusive',
      // a failed pass is not retried: the next tick is the retry, as before
      retryLimit: 0,
      expireInSeconds,
      heartbeatSeconds,
      deleteAfterSeconds,
    });
    let running = false;
    const workerId = await started.work(
      queue,
      { pollingIntervalSeconds: pollingSecondsFor(job.everyMs), localConcurrency: 1 },
      async () => {
        // pg-boss failed a pass that is still running here (its heartbeat could not get through
        // PGlite's one connection, say): this server never overlaps its own passes
        if (running || closing.signal.aborted) return;
        running = true;
        const pass = job.run(closing.signal);
        inFlight.add(pass);
        try {
          await pass;
        } catch (error) {
          app.log.error({ err: error }, `${job.name} failed`);
          // recorded as the job's failure in pgboss.job too
          throw error;
        } finally {
          running = false;
          inFlight.delete(pass);
        }
      },
    );
    workerIds.set(queue, workerId);
    const cron = cronFor(job.everyMs);
    if (cron) {
      // one schedule in the database for all servers; pg-boss sends each occurrence once
      await started.schedule(queue, cron, null, { tz: 'UTC' });
      return;
    }
    // every server ticks; the queue's policy keeps the passes from piling up or overlapping
    const tick = () => {
      started.send(queue, null).catch((error: unknown) => {
        app.log.error({ err: error }, `${job.name}: could not queue a pass`);
      });
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    timers.push(timer);
  };

  app.addHook('onReady', async () => {
    const started = new PgBoss(bossOptions(database));
    started.on('error', (error: unknown) => app.log.error({ err: error }, 'job queue error'));
    started.on('warning', (warning: unknown) => app.log.warn({ warning }, 'job queue warning'));
    await started.start();
    boss = started;
    for (const [queue, job] of jobs) await startJob(started, queue, job);
    askForPass = (queue) => {
      if (sending.has(queue) || closing.signal.aborted) return;
      sending.add(queue);
      // the queue's policy may refuse the job (a pass already waits, or an exclusive job's pass
      // runs): the waiting or running pass is then the one asked for. Either way the worker is
      // woken: it fetches at once, or right after the pass in hand, not at its next poll.
      started
        .send(queue, null)
        .catch((error: unknown) => {
          app.log.error({ err: error }, `${queue}: could not ask for a pass`);
        })
        .finally(() => {
          sending.delete(queue);
          const workerId = workerIds.get(queue);
          if (workerId && !closing.signal.aborted) started.notifyWorker(workerId);
        });
    };
  });
  app.addHook('onClose', async () => {
    askForPass = undefined;
    for (const timer of timers) clearInterval(timer);
    // a long pass (the quality run's chunks) stops after the piece in hand
    closing.abort();
    // graceful: workers take no new job and pg-boss waits for the running ones (up to the timeout)
    await boss?.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 30_000 });
    // a pass pg-boss stopped waiting for still holds the database: wait for it here
    await Promise.allSettled([...inFlight]);
    releaseAll();
  });
}

/**
 * On PostgreSQL pg-boss keeps a small pool of its own (it holds connections while it polls); on
 * PGlite it goes through the app's pool of one, so its statements queue behind the app's
 * transactions instead of landing inside one on the single embedded connection.
 */
function bossOptions(database: JobQueueDatabase): ConstructorOptions {
  if (database.target.kind === 'postgres') {
    return { connectionString: database.target.url, max: 4, application_name: 'autocrm-jobs' };
  }
  return {
    backend: 'pglite',
    db: {
      executeSql: (text: string, values?: unknown[]) => database.pool.query(text, values),
    },
  };
}
