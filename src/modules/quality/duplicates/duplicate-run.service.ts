import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import type { DuplicateRunStatus, PairContribution } from '../schema.ts';
import { countScopePersons, streamScopeRecords } from './base-records.ts';
import { MatchWorker } from './match-in-worker.ts';
import type { ReviewPair } from './review-pairs.ts';
import { duplicateSettings } from './settings.service.ts';

export type DuplicateRun = {
  id: string;
  status: DuplicateRunStatus;
  stage: string;
  done: number;
  total: number;
  customers: number;
  pairs: number;
  autoMerged: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

/** What happens after the pairs are stored (the automatic merge, registered by merge code). */
export type AfterRunHook = (db: Db, actor: Actor, runId: string) => Promise<number>;
let afterRun: AfterRunHook | null = null;
export function onDuplicateRunStored(hook: AfterRunHook): void {
  afterRun = hook;
}

/** Runs still going in this process, so that a test or a shutdown can wait for them. */
const inFlight = new Map<string, Promise<void>>();
export async function settleDuplicateRuns(): Promise<void> {
  await Promise.all(inFlight.values());
}

const runColumns = [
  'id',
  'status',
  'stage',
  'done',
  'total',
  'customers',
  'pairs',
  'auto_merged',
  'error',
  'started_at',
  'finished_at',
] as const;

type RunRow = {
  id: string;
  status: DuplicateRunStatus;
  stage: string;
  done: number;
  total: number;
  customers: number;
  pairs: number;
  auto_merged: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
};

function runView(row: RunRow): DuplicateRun {
  return {
    id: row.id,
    status: row.status,
    stage: row.stage,
    done: row.done,
    total: row.total,
    customers: row.customers,
    pairs: row.pairs,
    autoMerged: row.auto_merged,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Runs over dealers all inside the actor's scope: a run's counts never tell of other dealers. */
function runsOfScope(db: Db, actor: Actor) {
  let query = db.selectFrom('duplicate_runs').select(runColumns);
  if (actor.scope.level !== 'group') {
    query = query.where(sql<boolean>`dealer_ids <@ ${[...actor.scope.dealerIds]}::uuid[]`);
  }
  return query;
}

export async function listDuplicateRuns(db: Db, actor: Actor): Promise<DuplicateRun[]> {
  const rows = await runsOfScope(db, actor).orderBy('started_at', 'desc').limit(20).execute();
  return rows.map(runView);
}

export async function getDuplicateRun(db: Db, actor: Actor, id: string): Promise<DuplicateRun> {
  const row = await runsOfScope(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Duplicate run');
  return runView(row);
}

/**
 * Start a duplicate search over the persons in the actor's scope. It answers at once; the run
 * goes on in the background and its progress is read from `duplicate_runs`. One run at a time
 * (two would compete for the same pairs and the same machine).
 */
export async function startDuplicateRun(db: Db, actor: Actor): Promise<DuplicateRun> {
  const running = await db
    .selectFrom('duplicate_runs')
    .select('id')
    .where('status', '=', 'running')
    .where('started_at', '>', sql<Date>`now() - interval '6 hours'`)
    .executeTakeFirst();
  if (running)
    throw new ConflictError('A duplicate run is already in progress').because(
      'duplicate_run_running',
    );
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('duplicate_runs')
      .values({
        started_by: actor.userId,
        dealer_ids: actor.scope.level === 'group' ? null : [...actor.scope.dealerIds],
      })
      .returning(runColumns)
      .executeTakeFirstOrThrow(),
  );
  const work = executeRun(db, actor, row.id)
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('duplicate_runs')
        .set({ status: 'failed', error: message.slice(0, 2000), finished_at: new Date() })
        .where('id', '=', row.id)
        .execute()
        .catch(() => undefined);
    })
    .finally(() => inFlight.delete(row.id));
  inFlight.set(row.id, work);
  return runView(row);
}

async function progress(
  db: Db,
  runId: string,
  values: Partial<{ stage: string; done: number; total: number; customers: number }>,
) {
  await db.updateTable('duplicate_runs').set(values).where('id', '=', runId).execute();
}

const STORE_BATCH = 500;
const PROGRESS_INTERVAL_MS = 1000;

async function executeRun(db: Db, actor: Actor, runId: string): Promise<void> {
  const settings = await duplicateSettings(db);
  const total = await countScopePersons(db, actor);
  await progress(db, runId, { stage: 'read', done: 0, total });

  // The engine runs in a worker thread (match-in-worker.ts): the server keeps answering.
  let read = 0;
  let shown = performance.now();
  let written: Promise<void> = Promise.resolve();
  const matcher = new MatchWorker((share) => {
    // The engine reports often at a million records; the bar needs a row update a second.
    if (performance.now() - shown < PROGRESS_INTERVAL_MS && share < 1) return;
    shown = performance.now();
    written = written.then(() => progress(db, runId, { done: Math.round(share * read) }));
  });
  let chosen: ReviewPair[];
  try {
    for await (const batch of streamScopeRecords(db, actor)) {
      matcher.add(batch);
      read += batch.length;
      await progress(db, runId, { done: read });
    }
    await progress(db, runId, { stage: 'match', done: 0, total: read });
    chosen = await matcher.finish({
      reviewLower: settings.reviewLower,
      reviewUpper: settings.reviewUpper,
    });
  } finally {
    await matcher.stop();
    await written;
  }
  await progress(db, runId, { stage: 'store', done: 0, total: chosen.length });

  for (let start = 0; start < chosen.length; start += STORE_BATCH) {
    const values = chosen.slice(start, start + STORE_BATCH).map((pair) => ({
      customer_a: pair.customerA,
      customer_b: pair.customerB,
      run_id: runId,
      weight: pair.weight,
      probability: pair.probability,
      household: pair.household,
      explanation: pair.explanationJson as unknown as PairContribution[],
    }));
    await withActor(db, actor, (tx) =>
      tx
        .insertInto('duplicate_pairs')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['customer_a', 'customer_b']).doUpdateSet({
            run_id: (eb) => eb.ref('excluded.run_id'),
            weight: (eb) => eb.ref('excluded.weight'),
            probability: (eb) => eb.ref('excluded.probability'),
            household: (eb) => eb.ref('excluded.household'),
            explanation: (eb) => eb.ref('excluded.explanation'),
            updated_at: new Date(),
            // "later" pairs come back; "not a duplicate" and merged pairs keep their decision
            status: sql`case when duplicate_pairs.status = 'skipped' then 'open'
                             else duplicate_pairs.status end`,
          }),
        )
        .execute(),
    );
    await progress(db, runId, { done: Math.min(start + STORE_BATCH, chosen.length) });
  }

  // Pairs this run no longer finds (data corrected since) leave the queue, within the scope only.
  await sql`
    delete from duplicate_pairs p
     where p.status in ('open', 'skipped') and p.run_id is distinct from ${runId}
       and ${customerVisible(actor, sql.ref('p.customer_a'))}
       and ${customerVisible(actor, sql.ref('p.customer_b'))}`.execute(db);

  const autoMerged = settings.autoMerge && afterRun ? await afterRun(db, actor, runId) : 0;
  await db
    .updateTable('duplicate_runs')
    .set({
      status: 'done',
      stage: 'done',
      customers: read,
      pairs: chosen.length,
      auto_merged: autoMerged,
      finished_at: new Date(),
    })
    .where('id', '=', runId)
    .execute();
}
