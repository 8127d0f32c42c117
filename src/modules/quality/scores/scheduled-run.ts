import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { startQualityRun, workQualityRun, type RunOptions } from './chunked-run.ts';
import type { QualityRun } from './quality-scores.service.ts';
import { latestSlot, type RunSchedule } from './run-schedule.ts';

/** Key of the transaction lock under which one server process decides which run to work. */
const scheduledRunLock = 6_261_001;

/** A run not complete this long after it started is given up: its early chunks are too old. */
export const giveUpAfterMs = 6 * 3_600_000;
/**
 * A run whose worker finished no chunk for this long is taken to be without one (its process
 * died): the scheduled run is taken up by the next check, a steward's run is marked failed. A
 * chunk lasts seconds, so a live worker is never this late.
 */
export const abandonedAfterMs = 5 * 60_000;

export type ScheduledRunOptions = RunOptions & {
  now?: Date;
  /**
   * With no scheduled run yet, the first waits for the first quiet hour after this (the server's
   * start); without it, it is due at once.
   */
  firstAfter?: Date;
};

/**
 * Continuous monitoring: a quality run over the whole base when none was started since the
 * latest time of the schedule (QUALITY_RUN_AT, a quiet hour), or the scheduled run left
 * unfinished by a crash or a shutdown, taken up where it stopped. Returns the run when it is
 * complete, else null (nothing due, another process at work, or stopped by `signal`).
 *
 * The clock is the scheduled runs only, so a steward's run of his own region never postpones
 * the group's. Several server processes may ask at once: the lock, taken in the short deciding
 * transaction, lets one choose at a time, and the heartbeat it leaves on the run tells the
 * others it is being worked.
 */
export async function runScheduledQualityIfDue(
  db: Db,
  schedule: RunSchedule,
  options: ScheduledRunOptions = {},
): Promise<QualityRun | null> {
  const actor = systemActor('job');
  const now = options.now ?? new Date();
  const runId = await withActor(db, actor, async (tx) => {
    const lock = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${scheduledRunLock}) as locked`.execute(tx);
    if (!lock.rows[0]?.locked) return null;
    await failAbandonedRuns(tx, now);
    const open = await tx
      .selectFrom('quality_runs')
      .select(['id', 'heartbeat_at'])
      .where('scheduled', '=', true)
      .where('status', '=', 'running')
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    if (open) {
      const worked =
        open.heartbeat_at && now.getTime() - open.heartbeat_at.getTime() < abandonedAfterMs;
      if (worked) return null;
      await tx
        .updateTable('quality_runs')
        .set({ heartbeat_at: now })
        .where('id', '=', open.id)
        .execute();
      return open.id;
    }
    const latest = await tx
      .selectFrom('quality_runs')
      .select((eb) => eb.fn.max('started_at').as('at'))
      .where('scheduled', '=', true)
      .executeTakeFirst();
    // one attempt per time of the schedule: a run that failed waits for the next one
    const since = latest?.at ? new Date(latest.at) : options.firstAfter;
    if (since && since >= latestSlot(schedule, now)) return null;
    return startQualityRun(tx, actor, true);
  });
  if (!runId) return null;
  return workQualityRun(db, actor, runId, options);
}

/**
 * Runs nobody will finish, marked failed with the reason: any run going on for longer than
 * giveUpAfterMs, and a steward's run whose worker is gone (it was made inside his request,
 * which died with its process; he makes a new one).
 */
async function failAbandonedRuns(tx: Tx, now: Date): Promise<void> {
  await tx
    .updateTable('quality_runs')
    .set({ status: 'failed', error: 'not complete 6 hours after it started', heartbeat_at: null })
    .where('status', '=', 'running')
    .where('started_at', '<', new Date(now.getTime() - giveUpAfterMs))
    .execute();
  await tx
    .updateTable('quality_runs')
    .set({ status: 'failed', error: 'interrupted: the server stopped while it was scoring' })
    .where('status', '=', 'running')
    .where('scheduled', '=', false)
    .where((eb) =>
      eb.or([
        eb('heartbeat_at', 'is', null),
        eb('heartbeat_at', '<', new Date(now.getTime() - abandonedAfterMs)),
      ]),
    )
    .execute();
  // the domains judged by runs that ended without completing
  await tx
    .deleteFrom('quality_run_domains')
    .where('run_id', 'in', (eb) =>
      eb.selectFrom('quality_runs').select('id').where('status', '=', 'failed'),
    )
    .execute();
}

/**
 * The first point of the trend on a new installation: a fresh base (the demo just loaded) has
 * figures on the Data quality page at once instead of after the first quiet hour. A scheduled
 * run, so the schedule's clock starts from it; nothing when a run was made before.
 */
export async function makeFirstQualityRun(db: Db): Promise<QualityRun | null> {
  const any = await db.selectFrom('quality_runs').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const actor = systemActor('job');
  return workQualityRun(db, actor, await startQualityRun(db, actor, true));
}
