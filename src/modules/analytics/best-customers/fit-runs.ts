import { sql, type Expression } from 'kysely';
import { systemActor, withActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ConflictError } from '../../../lib/errors.ts';
import { fitFailureMessages } from './fit-failures.ts';
import { dropOlderScores } from './kept-scores.ts';

/**
 * The life of a best-customer fit's run. A fit takes minutes at a million people and cannot be
 * one transaction, so its process holds a session advisory lock (this classid, objid = the
 * run's `lock_key`, migration 0278) on the connection it fits on, from before its run is
 * visible until the run is finished. A running run whose lock no session holds has lost its
 * process (a crash, a restart, a killed connection): it is marked failed, `abandoned`, and its
 * rows are removed. The two-key form keeps clear of the bigint keys other modules lock.
 */
export const fitLockClass = 7_160_278;
/** Starts of fits of one series queue on this transaction lock (objid: hashtext of the series). */
const fitStartClass = 7_160_279;
const model = 'best_customer_nb';

/**
 * Whether a session of this database holds the fit lock `lockKey`, read from pg_locks: exact on
 * PostgreSQL and on PGlite alike. A try-lock is not: PGlite is one session, and a session's
 * try-lock of its own lock succeeds.
 */
function lockHeld(lockKey: Expression<number | null>) {
  return sql<boolean>`exists (
    select 1 from pg_locks l
     where l.locktype = 'advisory' and l.granted and l.objsubid = 2
       and l.database = (select oid from pg_database where datname = current_database())
       and l.classid = ${fitLockClass}::int::oid and l.objid = ${lockKey}::oid)`;
}

const abandonedRuns = (series?: string) => sql`
  r.model = ${model} and r.status = 'running'
  ${series === undefined ? sql`` : sql`and r.params ->> 'series' = ${series}`}
  and not ${lockHeld(sql.ref('r.lock_key'))}`;

/** A failed or abandoned run's weights and kept list: nobody may score with half a fit. */
async function removeFitRows(tx: Db, runIds: string[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.deleteFrom('analytics_best_customer_scores').where('run_id', 'in', runIds).execute();
  await tx.deleteFrom('analytics_best_customer_weights').where('run_id', 'in', runIds).execute();
}

async function markAbandoned(tx: Db, series?: string): Promise<string[]> {
  // the lock is tested again in the update: a run finished since the caller looked (its status
  // committed before its lock went) is then no longer running and is left alone
  const marked = await sql<{ id: string }>`
    update analytics_model_runs r
       set status = 'failed', error_code = 'abandoned',
           error_message = ${fitFailureMessages.abandoned}, finished_at = now()
     where ${abandonedRuns(series)}
    returning r.id`.execute(tx);
  const ids = marked.rows.map((row) => row.id);
  await removeFitRows(tx, ids);
  return ids;
}

/**
 * Marks every abandoned fit failed and removes its rows; called before runs are listed or read,
 * so nobody is shown a fit as running that no process is doing. Nearly always there is none,
 * and then this is one read.
 */
export async function reapAbandonedFits(db: Db): Promise<void> {
  const stale = await sql`select 1 from analytics_model_runs r
                           where ${abandonedRuns()} limit 1`.execute(db);
  if (stale.rows.length === 0) return;
  await withActor(db, systemActor('job'), (tx) => markAbandoned(tx));
}

export type StartedFit = { id: string; lockKey: number };

/**
 * Takes the fit's lock on `conn` (a connection the fit keeps to its end) and records the run as
 * running; 409 `fit_running` with the running run's id when a live fit of the series exists.
 * An abandoned one of the series is marked failed first.
 */
export async function startFitRun(
  conn: Db,
  actor: Actor,
  run: { series: string; asOf: string; params: unknown },
): Promise<StartedFit> {
  const { rows } = await sql<{ key: number }>`
    select nextval('analytics_model_run_lock_keys')::int as key`.execute(conn);
  const lockKey = rows[0]?.key;
  if (lockKey === undefined) throw new Error('no lock key for the fit');
  // before the run is visible, so nobody ever sees it running without its holder
  await sql`select pg_advisory_lock(${fitLockClass}::int, ${lockKey}::int)`.execute(conn);
  try {
    const id = await withActor(conn, actor, async (tx) => {
      // two starts of a series one after the other: the second sees the first's run below
      await sql`select pg_advisory_xact_lock(${fitStartClass}::int, hashtext(${run.series}))`.execute(
        tx,
      );
      await markAbandoned(tx, run.series);
      const running = await tx
        .selectFrom('analytics_model_runs')
        .select('id')
        .where('model', '=', model)
        .where('status', '=', 'running')
        .where(sql<string>`params ->> 'series'`, '=', run.series)
        .executeTakeFirst();
      if (running) {
        throw new ConflictError(`A fit of the series ${run.series} is running`).because(
          'fit_running',
          { runId: running.id },
        );
      }
      const inserted = await tx
        .insertInto('analytics_model_runs')
        .values({
          model,
          status: 'running',
          as_of: run.asOf,
          params: JSON.stringify(run.params),
          started_by: actor.userId ?? null,
          lock_key: lockKey,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    });
    return { id, lockKey };
  } catch (error) {
    await releaseFitLock(conn, lockKey);
    throw error;
  }
}

export type FittedRun = {
  params: string;
  quality: string;
  customers: number;
  repeat_customers: number;
};

/**
 * The run succeeded; the older fits' lists of the series are dropped in the same transaction,
 * so a fit that fails at its very end leaves the previous list as it was.
 */
export async function finishFitRun(
  conn: Db,
  actor: Actor,
  run: { id: string; series: string },
  fitted: FittedRun,
): Promise<void> {
  await withActor(conn, actor, async (tx) => {
    const done = await tx
      .updateTable('analytics_model_runs')
      .set({ status: 'succeeded', ...fitted, finished_at: new Date() })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    // held lock or not, a run someone else ended must not come back to life
    if (Number(done.numUpdatedRows) !== 1) throw new Error(`run ${run.id} is not running any more`);
    await dropOlderScores(tx, run.series, run.id);
  });
}

/** The run failed: its reason kept, its weights and kept rows removed. */
export async function failFitRun(
  conn: Db,
  actor: Actor,
  runId: string,
  failure: { code: string; message: string },
): Promise<void> {
  await withActor(conn, actor, async (tx) => {
    await tx
      .updateTable('analytics_model_runs')
      .set({
        status: 'failed',
        error_code: failure.code,
        error_message: failure.message,
        finished_at: new Date(),
      })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .execute();
    await removeFitRows(tx, [runId]);
  });
}

export async function releaseFitLock(conn: Db, lockKey: number): Promise<void> {
  try {
    await sql`select pg_advisory_unlock(${fitLockClass}::int, ${lockKey}::int)`.execute(conn);
  } catch {
    // the connection is broken, and its session's locks went with it
  }
}
