import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Actor, Tx } from '../../../auth/index.ts';
import { customerVisible, dealerVisible, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { qualityProblems } from '../schema.ts';
import {
  inChunk,
  problemCountsSql,
  qualityScoringSql,
  qualityTrend,
  type QualityRun,
} from './quality-scores.service.ts';

/**
 * Customers per chunk. At 1.14M customers on PostgreSQL the whole base took about a minute in
 * one statement, so a chunk of 5,000 holds its transaction for a fraction of a second; on the
 * embedded database, whose one connection every request shares, a request waits at most one
 * chunk.
 */
export const defaultChunkSize = 5_000;

export type RunOptions = {
  chunkSize?: number;
  /** stop after the chunk in hand: the run stays `running` and is taken up again later */
  signal?: AbortSignal;
};

/** A new run of the actor's scope, not yet scored: `running`, its cursor before the first id. */
export async function startQualityRun(db: Db, actor: Actor, scheduled: boolean): Promise<string> {
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('quality_runs')
      .values({
        started_by: actor.userId ?? null,
        customers: 0,
        average_score: '0',
        scheduled,
        status: 'running',
        heartbeat_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/**
 * Scores a run chunk by chunk until it is complete, each chunk its own short transaction, and
 * lets whatever else waits for the database go first between chunks. Returns the finished run,
 * or null when `signal` stopped it (the run stays `running` with nobody working it, so the next
 * scheduled check takes it up). An error marks the run `failed` with its message.
 */
export async function workQualityRun(
  db: Db,
  actor: Actor,
  runId: string,
  options: RunOptions = {},
): Promise<QualityRun | null> {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  try {
    for (;;) {
      if (options.signal?.aborted) {
        await db
          .updateTable('quality_runs')
          .set({ heartbeat_at: null })
          .where('id', '=', runId)
          .where('status', '=', 'running')
          .execute();
        return null;
      }
      const state = await withActor(db, actor, (tx) => scoreNextChunk(tx, actor, runId, chunkSize));
      if (state === 'complete') break;
      if (state === 'gone') return null;
      // the chunk's connection is back in the pool; waiting requests take it before the next
      await nextTurn();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .updateTable('quality_runs')
      .set({ status: 'failed', error: message.slice(0, 2000), heartbeat_at: null })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .execute();
    await db.deleteFrom('quality_run_domains').where('run_id', '=', runId).execute();
    throw error;
  }
  const [run] = await qualityTrend(db, actor, { runId });
  return run ?? (await emptyRun(db, runId));
}

/** A complete run of a scope without customers: no dealer sets, so not in the trend's join. */
async function emptyRun(db: Db, runId: string): Promise<QualityRun> {
  const row = await db
    .selectFrom('quality_runs')
    .select(['computed_at', 'scheduled'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  return {
    id: runId,
    computedAt: row.computed_at.toISOString(),
    customers: 0,
    averageScore: 0,
    verifiedShare: null,
    scheduled: row.scheduled,
    problems: Object.fromEntries(
      qualityProblems.map((code) => [code, 0]),
    ) as QualityRun['problems'],
  };
}

/**
 * One chunk in the caller's transaction: the next `chunkSize` customers of the scope after the
 * run's cursor are scored, their figures added to the run's dealer sets and the cursor moved
 * past them, all or nothing. The run's row is locked first, so two processes working one run
 * take its chunks in turn and never count a customer twice. With no customer left the run is
 * made complete.
 */
async function scoreNextChunk(
  tx: Tx,
  actor: Actor,
  runId: string,
  chunkSize: number,
): Promise<'more' | 'complete' | 'gone'> {
  const run = await tx
    .selectFrom('quality_runs')
    .select(['status', 'cursor'])
    .where('id', '=', runId)
    .forUpdate()
    .executeTakeFirst();
  if (!run || run.status !== 'running') return 'gone';
  // The planner's row estimates for the scoring statement's many joins are far too high, so
  // PostgreSQL compiled it with JIT: 6.9 s of compiling for 1 s of work, at every chunk
  // (measured at 100k customers). A chunk is small; it never gains from JIT.
  await sql`set local jit = off`.execute(tx);

  const visible = customerVisible(actor, sql.ref('c.id'));
  const after = run.cursor === null ? sql`true` : sql`c.id > ${run.cursor}::uuid`;
  // the chunk's ids: keyset order over the primary key, the same order a resumed run goes on in
  const ids = await sql<{ id: string }>`
    select c.id from customers c where ${after} and ${visible} order by c.id limit ${chunkSize}`.execute(
    tx,
  );
  const chunk = ids.rows.map((row) => row.id);
  const last = chunk.at(-1);
  if (last === undefined) {
    await completeRun(tx, runId);
    return 'complete';
  }
  await qualityScoringSql(actor, runId, chunk).execute(tx);
  const added = await addChunkFigures(tx, actor, runId, chunk);
  await tx
    .updateTable('quality_runs')
    .set((eb) => ({ cursor: last, done: eb('done', '+', added), heartbeat_at: new Date() }))
    .where('id', '=', runId)
    .execute();
  return 'more';
}

/**
 * The chunk's scored customers added to the run's rows per set of dealers (0262: one row per
 * set, each customer in exactly one). Returns how many customers the chunk counted.
 */
async function addChunkFigures(
  tx: Tx,
  actor: Actor,
  runId: string,
  chunk: readonly string[],
): Promise<number> {
  const added = await sql<{ customers: number }>`
    with chunk as (
      select dealer_ids, count(*)::int as customers, sum(q.score) as score_sum,
             ${problemCountsSql()} as problem_counts,
             -- kept with the run: the live share (qualitySummary) cannot show how it moved
             count(*) filter (where c.verified_at > now() - interval '12 months')::int as verified
        from customer_quality q
        join customers c on c.id = q.customer_id
        cross join lateral (
          -- only the dealers of the run's scope: a region's run stays out of other regions' trend
          select coalesce(array_agg(cd.dealer_id order by cd.dealer_id), '{}')::uuid[] as dealer_ids
            from customer_dealers cd
           where cd.customer_id = q.customer_id and ${dealerVisible(actor, sql.ref('cd.dealer_id'))}
        ) linked
       where ${inChunk(sql.ref('q.customer_id'), chunk)} and ${customerVisible(actor, sql.ref('c.id'))}
       group by dealer_ids
    ),
    added as (
      insert into quality_run_dealer_sets as s
        (run_id, dealer_ids, customers, score_sum, problem_counts, verified)
      select ${runId}::uuid, dealer_ids, customers, score_sum, problem_counts, verified from chunk
      on conflict (run_id, dealer_ids) do update
        set customers = s.customers + excluded.customers,
            score_sum = s.score_sum + excluded.score_sum,
            verified = s.verified + excluded.verified,
            problem_counts = (
              select jsonb_object_agg(n.key, n.value::int + coalesce((s.problem_counts ->> n.key)::int, 0))
                from jsonb_each_text(excluded.problem_counts) n)
    )
    select coalesce(sum(customers), 0)::int as customers from chunk`.execute(tx);
  return added.rows[0]?.customers ?? 0;
}

/** The run's totals from its dealer sets; from now on it is part of the trend. */
async function completeRun(tx: Tx, runId: string): Promise<void> {
  await sql`
    update quality_runs r
       set status = 'complete', computed_at = now(), heartbeat_at = null,
           customers = t.customers,
           average_score = round(coalesce(t.score_sum / nullif(t.customers, 0), 0), 2)
      from (select coalesce(sum(customers), 0)::int as customers,
                   coalesce(sum(score_sum), 0)::numeric as score_sum
              from quality_run_dealer_sets where run_id = ${runId}::uuid) t
     where r.id = ${runId}::uuid`.execute(tx);
  await tx.deleteFrom('quality_run_domains').where('run_id', '=', runId).execute();
}

/**
 * A steward's run of his scope, waited for (POST /api/quality/runs): the same chunks as the
 * scheduled run, so other requests go on meanwhile.
 */
export async function runQualityScoring(
  db: Db,
  actor: Actor,
  options: RunOptions = {},
): Promise<QualityRun> {
  const runId = await startQualityRun(db, actor, false);
  const run = await workQualityRun(db, actor, runId, options);
  if (!run) throw new Error(`Quality run ${runId} was stopped before it was complete`);
  return run;
}
