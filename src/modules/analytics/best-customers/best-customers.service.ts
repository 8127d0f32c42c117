import { sql } from 'kysely';
import { customerVisibleByDealerSet, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { ModelDataError } from '../models/model-errors.ts';
import type { GainsReport } from './gains.ts';
import { fitFailureMessages } from './fit-failures.ts';
import {
  failFitRun,
  finishFitRun,
  reapAbandonedFits,
  releaseFitLock,
  startFitRun,
  type FittedRun,
} from './fit-runs.ts';
import { settleKeptScores, writeKeptScores } from './kept-scores.ts';
import {
  buyerProbability,
  contributions,
  type Contribution,
  type NaiveBayesModel,
} from './naive-bayes.ts';
import { featureRows } from './profile-features.ts';
import { purchaseReadiness, toExample, type Profile } from './profile.ts';
import { fitPasses } from './fit-passes.ts';
import { saveWeights } from './sql-scoring.ts';

export const bestCustomerModel = 'best_customer_nb' as const;

export type BestCustomerParams = {
  series: string;
  windowMonths: number;
  /** the training population is profiled on trainFrom and labelled by (trainFrom, holdoutFrom] */
  trainFrom: string;
  /** the holdout (and final fit) population is profiled on holdoutFrom, labelled to asOf */
  holdoutFrom: string;
  interestTags: string[];
  model: NaiveBayesModel;
  /** the day the kept list (analytics_best_customer_scores) was scored; absent: not yet */
  scoredOn?: string;
};

export type ProfileHighlight = {
  feature: string;
  value: string;
  buyerShare: number;
  otherShare: number;
};

export type BestCustomerQuality = {
  holdout: GainsReport;
  trainPeople: number;
  trainBuyers: number;
  finalPeople: number;
  finalBuyers: number;
  /** people in the kept scored list (owners of the series left out) */
  scoredPeople?: number;
  /** values most over-represented among recent buyers: the profile in words */
  highlights: ProfileHighlight[];
  seconds: number;
};

export type BestCustomerRun = {
  id: string;
  series: string;
  status: 'running' | 'succeeded' | 'failed';
  asOf: string;
  windowMonths: number | null;
  quality: BestCustomerQuality | null;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string;
  finishedAt: string | null;
};

export type FitInput = { series: string; asOf?: string; windowMonths?: number };

/** ISO day `months` months before `iso` (the day clamped to the shorter month). */
export function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

function highlightsOf(model: NaiveBayesModel, limit = 12): ProfileHighlight[] {
  const items: (ProfileHighlight & { ratio: number })[] = [];
  for (const [feature, counts] of Object.entries(model.features)) {
    for (const [value, [others, buyers]] of Object.entries(counts.values)) {
      // "no" to an interest is the absence of a trait, not a trait worth showing
      if (value === 'no') continue;
      const buyerShare = buyers / model.classCounts[1];
      const otherShare = others / model.classCounts[0];
      // too few buyers with the value to call it a trait of the profile
      if (buyers < 3 || buyerShare < 0.05) continue;
      items.push({
        feature,
        value,
        buyerShare,
        otherShare,
        ratio: buyerShare / (otherShare || 1e-6),
      });
    }
  }
  return items
    .sort((left, right) => right.ratio - left.ratio)
    .slice(0, limit)
    .map(({ ratio: _ratio, ...rest }) => rest);
}

/**
 * Learn who buys the series. The time split: people as they were `2 * window` months ago,
 * labelled by whether they bought in the following window, train a model that is tested on
 * people as they were one window ago and what they bought since (the holdout of known
 * buyers; its lift and gains are the quality figures). The model kept for scoring is then fitted
 * on that latest window. The model is the group's (it learns from every dealer's buyers),
 * so only a group user may fit it; anyone with analytics may score his own customers with it.
 * One fit of a series at a time (409 `fit_running`). A fit that fails ends as a failed run
 * without weights or kept list, the previous fit's list untouched; an error that is not the
 * data's is rethrown after that (fit-runs.ts).
 */
export async function fitBestCustomerModel(
  db: Db,
  actor: Actor,
  input: FitInput,
): Promise<BestCustomerRun> {
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError(
      'The buyer profile is learned from the whole group: ask a group user',
    ).because('group_level_only');
  }
  const series = input.series.trim();
  const windowMonths = input.windowMonths ?? 12;
  const asOf = input.asOf ?? new Date().toISOString().slice(0, 10);
  const holdoutFrom = monthsBefore(asOf, windowMonths);
  const trainFrom = monthsBefore(asOf, 2 * windowMonths);
  const started = performance.now();
  // one connection for the whole fit: it holds the run's lock (fit-runs.ts) and the passes'
  // temporary table
  const runId = await db.connection().execute(async (conn) => {
    const run = await startFitRun(conn, actor, {
      series,
      asOf,
      params: { series, windowMonths, trainFrom, holdoutFrom },
    });
    let succeeded = false;
    try {
      const window = { series, windowMonths, trainFrom, holdoutFrom, asOf };
      const fitted = await fitRun(conn, run.id, window, started);
      await finishFitRun(conn, actor, { id: run.id, series }, fitted);
      succeeded = true;
    } catch (error) {
      const failure =
        error instanceof ModelDataError
          ? { code: error.problem, message: error.message }
          : { code: 'internal', message: fitFailureMessages.internal };
      try {
        await failFitRun(conn, actor, run.id, failure);
      } catch {
        // the error that stopped the fit is the one to report; the run, its lock released
        // below, is marked abandoned when runs are next read
      }
      // the data could not support a model: a failed run naming the reason, not an error
      if (!(error instanceof ModelDataError)) throw error;
    } finally {
      await releaseFitLock(conn, run.lockKey);
    }
    if (succeeded) await settleKeptScores(conn);
    return run.id;
  });
  return getBestCustomerRun(db, runId);
}

type FitWindow = {
  series: string;
  windowMonths: number;
  trainFrom: string;
  holdoutFrom: string;
  asOf: string;
};

/** The passes and the kept list on the fit's connection; the run's figures to record. */
async function fitRun(
  conn: Db,
  runId: string,
  fit: FitWindow,
  started: number,
): Promise<FittedRun> {
  const { series, windowMonths, trainFrom, holdoutFrom, asOf } = fit;
  // people as they were on each day, labelled by a purchase of the series in the window after
  const trainPeople = featureRows(trainFrom, {
    series,
    buyersFrom: trainFrom,
    buyersTo: holdoutFrom,
  });
  const holdoutPeople = featureRows(holdoutFrom, {
    series,
    buyersFrom: holdoutFrom,
    buyersTo: asOf,
  });
  const { train, holdout, final } = await fitPasses(conn, runId, trainPeople, holdoutPeople);
  const model = final.model;
  const scoredOn = new Date().toISOString().slice(0, 10);
  const scoredPeople = await writeKeptScores(
    conn,
    runId,
    series,
    model,
    final.interestTags,
    scoredOn,
  );
  const params: BestCustomerParams = {
    series,
    windowMonths,
    trainFrom,
    holdoutFrom,
    interestTags: final.interestTags,
    model,
    scoredOn,
  };
  const finalPeople = model.classCounts[0] + model.classCounts[1];
  const quality: BestCustomerQuality = {
    holdout,
    trainPeople: train.model.classCounts[0] + train.model.classCounts[1],
    trainBuyers: train.model.classCounts[1],
    finalPeople,
    finalBuyers: model.classCounts[1],
    scoredPeople,
    highlights: highlightsOf(model),
    seconds: (performance.now() - started) / 1000,
  };
  return {
    params: JSON.stringify(params),
    quality: JSON.stringify(quality),
    customers: finalPeople,
    repeat_customers: model.classCounts[1],
  };
}

type RunRow = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  as_of: string;
  params: unknown;
  quality: unknown;
  error_code: string | null;
  error_message: string | null;
  started_at: Date;
  finished_at: Date | null;
};

function runView(row: RunRow): BestCustomerRun {
  const params = (row.params ?? {}) as Partial<BestCustomerParams>;
  const quality = row.quality as Partial<BestCustomerQuality> | null;
  return {
    id: row.id,
    series: params.series ?? '',
    status: row.status,
    asOf: row.as_of,
    windowMonths: params.windowMonths ?? null,
    quality: quality && quality.holdout ? (quality as BestCustomerQuality) : null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

const runColumns = [
  'id',
  'status',
  'as_of',
  'params',
  'quality',
  'error_code',
  'error_message',
  'started_at',
  'finished_at',
] as const;

export async function getBestCustomerRun(db: Db, runId: string): Promise<BestCustomerRun> {
  await reapAbandonedFits(db);
  const row = await db
    .selectFrom('analytics_model_runs')
    .select(runColumns)
    .where('id', '=', runId)
    .where('model', '=', bestCustomerModel)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Best-customer model run');
  return runView(row);
}

/** Fits, newest first; of one series when given. */
export async function listBestCustomerRuns(
  db: Db,
  series?: string,
  limit = 20,
): Promise<BestCustomerRun[]> {
  await reapAbandonedFits(db);
  let query = db
    .selectFrom('analytics_model_runs')
    .select(runColumns)
    .where('model', '=', bestCustomerModel);
  if (series) query = query.where(sql<string>`params ->> 'series'`, '=', series);
  const rows = await query.orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map(runView);
}

async function fittedParams(
  db: Db,
  runId: string,
): Promise<{ asOf: string; params: BestCustomerParams }> {
  const row = await db
    .selectFrom('analytics_model_runs')
    .select(['status', 'params', 'as_of'])
    .where('id', '=', runId)
    .where('model', '=', bestCustomerModel)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Best-customer model run');
  if (row.status !== 'succeeded') {
    throw new ValidationError([
      { path: 'runId', message: 'this fit did not succeed: nothing to score with' },
    ]);
  }
  return { asOf: row.as_of, params: row.params as BestCustomerParams };
}

export type Score = {
  /** P(buyer | profile) under the model */
  probability: number;
  /** probability / the base rate of buyers: 2 = twice as likely as an average person */
  likeness: number;
  readiness: number;
  /** likeness x readiness: whom to call first */
  priority: number;
  /** the traits that make him look like a buyer, strongest first */
  reasons: Contribution[];
};

export function scoreProfile(params: BestCustomerParams, profile: Profile, today: string): Score {
  const year = yearOf(today);
  const example = toExample(profile, year, params.interestTags);
  const { model } = params;
  const probability = buyerProbability(model, example);
  const baseRate = model.classCounts[1] / (model.classCounts[0] + model.classCounts[1]);
  const likeness = probability / baseRate;
  const readiness = purchaseReadiness(profile, year);
  return {
    probability,
    likeness,
    readiness,
    priority: likeness * readiness,
    reasons: contributions(model, example)
      .filter((item) => item.logRatio > 0)
      .slice(0, 3),
  };
}

export type ScoredCustomer = Score & { customerId: string; displayName: string };

export type ScoreOrder = 'priority' | 'likeness';

/**
 * The run's kept list exists: written by its fit, or now for a run fitted before the list was
 * kept (migration 0277; minutes at a million people, once). Only the newest successful fit of
 * a series keeps a list.
 */
async function ensureKeptScores(db: Db, runId: string, params: BestCustomerParams): Promise<void> {
  const newest = await sql<{ id: string }>`
    select id from analytics_model_runs
     where model = ${bestCustomerModel} and status = 'succeeded'
       and params ->> 'series' = ${params.series}
     order by started_at desc limit 1`.execute(db);
  if (newest.rows[0]?.id !== runId) {
    throw new ValidationError([
      {
        path: 'runId',
        message: 'a later fit of this series replaced this fit’s scored list: use the newest fit',
      },
    ]);
  }
  if (params.scoredOn) return;
  const kept = await db
    .selectFrom('analytics_best_customer_weights')
    .select('run_id')
    .where('run_id', '=', runId)
    .where('fit', '=', 'final')
    .limit(1)
    .execute();
  if (kept.length === 0) await saveWeights(db, runId, 'final', params.model);
  const scoredOn = new Date().toISOString().slice(0, 10);
  await writeKeptScores(db, runId, params.series, params.model, params.interestTags, scoredOn);
  await db
    .updateTable('analytics_model_runs')
    .set({ params: JSON.stringify({ ...params, scoredOn }) })
    .where('id', '=', runId)
    .execute();
}

type KeptRow = {
  customer_id: string;
  display_name: string;
  probability: number;
  likeness: number;
  readiness: number;
  priority: number;
  reasons: Contribution[];
};

/** SQL on a kept row `s`: the actor sees its person, read from the row's dealer set (0283). */
function keptRowVisible(actor: Actor) {
  return customerVisibleByDealerSet(
    actor,
    sql.ref('s.customer_id'),
    sql.ref('s.customer_dealer_set_id'),
  );
}

/**
 * The kept scores of a run the actor may see (his data scope only), in the page's order; the
 * owners of the series were left out when the list was scored (a live check of every row cost
 * seconds at group scope). `after` continues after a row of a previous batch (the export's
 * keyset).
 */
function keptScores(
  actor: Actor,
  runId: string,
  order: ScoreOrder,
  after?: { value: number; customerId: string },
) {
  const column = sql.ref(`s.${order}`);
  return sql<KeptRow>`
    select s.customer_id, c.display_name, s.probability, s.likeness, s.readiness, s.priority,
           s.reasons
      from analytics_best_customer_scores s
      join customers c on c.id = s.customer_id
     where s.run_id = ${runId}
       and ${keptRowVisible(actor)}
       ${
         after
           ? sql`and (${column} < ${after.value}::float8
                      or (${column} = ${after.value}::float8
                          and s.customer_id > ${after.customerId}::uuid))`
           : sql``
       }
     order by ${column} desc, s.customer_id`;
}

function scoredView(row: KeptRow): ScoredCustomer {
  return {
    customerId: row.customer_id,
    displayName: row.display_name,
    probability: row.probability,
    likeness: row.likeness,
    readiness: row.readiness,
    priority: row.priority,
    reasons: row.reasons,
  };
}

/**
 * The actor's own customers (his data scope only), most promising first, leaving out those
 * who already have a car of the series: a page of the run's kept list (scored by the fit for
 * the whole group, read from an index in either order).
 */
export async function scoreCustomers(
  db: Db,
  actor: Actor,
  runId: string,
  options: { limit: number; offset: number; order?: ScoreOrder },
): Promise<{ run: BestCustomerRun; total: number; items: ScoredCustomer[] }> {
  const order = options.order ?? 'priority';
  await readyKeptList(db, runId);
  const list = keptScores(actor, runId, order);
  const [page, count] = await Promise.all([
    sql<KeptRow>`${list} limit ${options.limit} offset ${options.offset}`.execute(db),
    // the kept rows alone: a merge moves a customer's rows, so no join to customers is needed
    sql<{ total: number }>`select count(*)::int as total
        from analytics_best_customer_scores s
       where s.run_id = ${runId}
         and ${keptRowVisible(actor)}`.execute(db),
  ]);
  return {
    run: await getBestCustomerRun(db, runId),
    total: count.rows[0]?.total ?? 0,
    items: page.rows.map(scoredView),
  };
}

/** A succeeded fit's parameters, once its kept list is there (400 for a failed or old fit). */
export async function readyKeptList(db: Db, runId: string): Promise<BestCustomerParams> {
  const { params } = await fittedParams(db, runId);
  await ensureKeptScores(db, runId, params);
  return params;
}

/**
 * The whole kept list of the actor's scope in the page's order, a batch at a time; the run
 * checked by readyKeptList() first.
 */
export async function* keptScoreBatches(
  db: Db,
  actor: Actor,
  runId: string,
  order: ScoreOrder,
  batch = 5000,
): AsyncGenerator<ScoredCustomer[]> {
  let after: { value: number; customerId: string } | undefined;
  for (;;) {
    const { rows } = await sql<KeptRow>`${keptScores(actor, runId, order, after)}
        limit ${batch}`.execute(db);
    yield rows.map(scoredView);
    const last = rows.at(-1);
    if (rows.length < batch || !last) return;
    after = { value: last[order], customerId: last.customer_id };
  }
}

export { fittedParams };
