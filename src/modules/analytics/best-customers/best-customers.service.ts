import { sql } from 'kysely';
import { customerVisible, withActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { ModelDataError } from '../models/model-errors.ts';
import { gainsReport, type GainsReport } from './gains.ts';
import {
  buyerProbability,
  contributions,
  fitNaiveBayes,
  type Contribution,
  type NaiveBayesModel,
} from './naive-bayes.ts';
import { commonInterestTags, purchaseReadiness, toExample, type Profile } from './profile.ts';
import { customerProfiles, seriesBuyers, type CustomerProfile } from './profile-query.ts';

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

function labelled(
  people: readonly CustomerProfile[],
  buyers: ReadonlySet<string>,
  asOfYear: number,
  tags: readonly string[],
) {
  return people.map((person) => ({
    features: toExample(person.profile, asOfYear, tags),
    buyer: buyers.has(person.customerId),
  }));
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
  const run = await withActor(db, actor, (tx) =>
    tx
      .insertInto('analytics_model_runs')
      .values({
        model: bestCustomerModel,
        status: 'running',
        as_of: asOf,
        params: JSON.stringify({ series, windowMonths, trainFrom, holdoutFrom }),
        started_by: actor.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  try {
    const [trainPeople, holdoutPeople, trainBuyers, holdoutBuyers] = await Promise.all([
      customerProfiles(db, trainFrom),
      customerProfiles(db, holdoutFrom),
      seriesBuyers(db, series, trainFrom, holdoutFrom),
      seriesBuyers(db, series, holdoutFrom, asOf),
    ]);
    const trainTags = commonInterestTags(trainPeople.map((person) => person.profile));
    const trainSet = labelled(trainPeople, trainBuyers, yearOf(trainFrom), trainTags);
    const trainModel = fitNaiveBayes(trainSet);
    const holdoutSet = labelled(holdoutPeople, holdoutBuyers, yearOf(holdoutFrom), trainTags);
    const holdout = gainsReport(
      holdoutSet.map((example) => buyerProbability(trainModel, example.features)),
      holdoutSet.map((example) => example.buyer),
    );
    const finalTags = commonInterestTags(holdoutPeople.map((person) => person.profile));
    const finalSet = labelled(holdoutPeople, holdoutBuyers, yearOf(holdoutFrom), finalTags);
    const model = fitNaiveBayes(finalSet);
    const params: BestCustomerParams = {
      series,
      windowMonths,
      trainFrom,
      holdoutFrom,
      interestTags: finalTags,
      model,
    };
    const quality: BestCustomerQuality = {
      holdout,
      trainPeople: trainSet.length,
      trainBuyers: trainModel.classCounts[1],
      finalPeople: finalSet.length,
      finalBuyers: model.classCounts[1],
      highlights: highlightsOf(model),
      seconds: (performance.now() - started) / 1000,
    };
    await withActor(db, actor, (tx) =>
      tx
        .updateTable('analytics_model_runs')
        .set({
          status: 'succeeded',
          params: JSON.stringify(params),
          quality: JSON.stringify(quality),
          customers: finalSet.length,
          repeat_customers: model.classCounts[1],
          finished_at: new Date(),
        })
        .where('id', '=', run.id)
        .execute(),
    );
  } catch (error) {
    if (!(error instanceof ModelDataError)) throw error;
    await withActor(db, actor, (tx) =>
      tx
        .updateTable('analytics_model_runs')
        .set({
          status: 'failed',
          error_code: error.problem,
          error_message: error.message,
          finished_at: new Date(),
        })
        .where('id', '=', run.id)
        .execute(),
    );
  }
  return getBestCustomerRun(db, run.id);
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
 * Scoring a scope reads and scores every customer in it (seconds at group scale), and the page
 * then asks for it page by page and for the export: the sorted list is kept for a few minutes.
 * The model of a run never changes, so only new customers or leads can be missed meanwhile.
 */
const scoredCacheMs = 5 * 60_000;
const scoredCacheEntries = 8;
const scoredCache = new Map<string, { at: number; items: ScoredCustomer[] }>();

/**
 * The actor's own customers (his data scope only), most promising first, leaving out those
 * who already have a car of the series.
 */
export async function scoreCustomers(
  db: Db,
  actor: Actor,
  runId: string,
  options: { limit: number; offset: number; order?: ScoreOrder; today?: string },
): Promise<{ run: BestCustomerRun; total: number; items: ScoredCustomer[] }> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const order = options.order ?? 'priority';
  // the key holds the whole scope, so one user's list is never served to another scope
  const key = JSON.stringify([runId, today, order, actor.scope]);
  let scored = scoredCache.get(key);
  if (!scored || scored.at < Date.now() - scoredCacheMs) {
    const { params } = await fittedParams(db, runId);
    const people = await customerProfiles(db, today, {
      withLeads: true,
      where: sql<boolean>`${customerVisible(actor, sql.ref('c.id'))} and not exists (
        select 1 from vehicles owned
         where owned.customer_id = c.id and lower(owned.series) = lower(${params.series}))`,
    });
    const items = people
      .map((person) => ({
        customerId: person.customerId,
        displayName: person.displayName,
        ...scoreProfile(params, person.profile, today),
      }))
      .sort(
        (left, right) =>
          right[order] - left[order] || left.customerId.localeCompare(right.customerId),
      );
    scored = { at: Date.now(), items };
    scoredCache.set(key, scored);
    // a handful of recent lists is enough for paging and the export; drop the oldest
    while (scoredCache.size > scoredCacheEntries) {
      const oldest = scoredCache.keys().next().value;
      if (oldest === undefined) break;
      scoredCache.delete(oldest);
    }
  }
  const items = scored.items;
  return {
    run: await getBestCustomerRun(db, runId),
    total: items.length,
    items: items.slice(options.offset, options.offset + options.limit),
  };
}

export { fittedParams };
