import { sql } from 'kysely';
import { customerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import type { ModelKind, RfmSegment } from '../schema.ts';
import { retentionReasons, type RetentionReason } from './reasons.ts';

export type ModelRun = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  asOf: string;
  params: unknown;
  logLikelihood: number | null;
  customers: number;
  repeatCustomers: number;
  quality: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string;
  finishedAt: string | null;
};

/** The model's history, newest first: parameters and quality figures of every refit. */
export async function listModelRuns(
  db: Db,
  model: ModelKind = 'service_bgnbd',
  limit = 20,
): Promise<ModelRun[]> {
  const rows = await db
    .selectFrom('analytics_model_runs')
    .selectAll()
    .where('model', '=', model)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    asOf: row.as_of,
    params: row.params,
    logLikelihood: row.log_likelihood,
    customers: row.customers,
    repeatCustomers: row.repeat_customers,
    quality: row.quality,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  }));
}

async function currentRun(
  db: Db,
): Promise<{ id: string; as_of: string; finished_at: Date | null; params: unknown } | undefined> {
  return db
    .selectFrom('analytics_model_runs')
    .select(['id', 'as_of', 'finished_at', 'params'])
    .where('model', '=', 'service_bgnbd')
    .where('status', '=', 'succeeded')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Which owners come first: the most revenue at risk in 12 months, or the most lifetime value. */
export const worklistSorts = ['revenueAtRisk', 'lifetimeValue'] as const;
export type WorklistSort = (typeof worklistSorts)[number];

/** How the run discounted its lifetime values; null for a run from before they existed. */
export type LifetimeTerms = { annualRate: number; horizonYears: number } | null;

function lifetimeTermsOf(params: unknown): LifetimeTerms {
  const lifetime = (params as { lifetime?: { annualRate?: unknown; horizonYears?: unknown } })
    ?.lifetime;
  return typeof lifetime?.annualRate === 'number' && typeof lifetime.horizonYears === 'number'
    ? { annualRate: lifetime.annualRate, horizonYears: lifetime.horizonYears }
    : null;
}

export type WorklistFilter = {
  dealerId?: string;
  sort?: WorklistSort;
  segment?: RfmSegment;
  /** owners whose probability of still being active is below this (default 0.5) */
  maxPActive?: number;
  limit: number;
  offset: number;
};

export type WorklistItem = {
  customerId: string;
  displayName: string;
  lastDealerId: string | null;
  lastDealerName: string | null;
  firstVisitDate: string;
  lastVisitDate: string;
  visits: number;
  pActive: number;
  expectedVisits12m: number;
  meanVisitMinor: number;
  valueIfActive12mMinor: number | null;
  revenueAtRiskMinor: number | null;
  /** service visits expected over the horizon, each discounted to today */
  discountedVisits: number | null;
  lifetimeValueMinor: number | null;
  currency: string;
  rfm: { r: number; f: number; m: number; segment: RfmSegment };
  reasons: RetentionReason[];
};

export type Worklist = {
  run: { id: string; asOf: string; finishedAt: string | null; lifetime: LifetimeTerms } | null;
  items: WorklistItem[];
  total: number;
};

/**
 * Valuable owners who are probably drifting away, the most revenue at risk first: the
 * expected service revenue of the next 12 months were he still a customer, times the
 * probability that he is not (or, sorted by lifetime value, the owners worth most over the
 * long horizon first). Only owners in the actor's scope are listed or counted.
 */
export async function retentionWorklist(
  db: Db,
  actor: Actor,
  filter: WorklistFilter,
): Promise<Worklist> {
  const run = await currentRun(db);
  if (!run) return { run: null, items: [], total: 0 };
  let query = db
    .selectFrom('analytics_service_scores as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('dealers as d', 'd.id', 's.last_dealer_id')
    .where('s.run_id', '=', run.id)
    .where('s.p_active', '<', filter.maxPActive ?? 0.5)
    .where((eb) => customerVisible(actor, eb.ref('s.customer_id')));
  if (filter.dealerId) query = query.where('s.last_dealer_id', '=', filter.dealerId);
  if (filter.segment) query = query.where('s.rfm_segment', '=', filter.segment);
  const [rows, count] = await Promise.all([
    query
      .select([
        's.customer_id',
        'c.display_name',
        's.last_dealer_id',
        'd.name as dealer_name',
        's.first_visit_date',
        's.last_visit_date',
        's.visits',
        's.recency',
        's.age',
        's.p_active',
        's.expected_visits_12m',
        's.mean_visit_minor',
        's.value_if_active_12m_minor',
        's.revenue_at_risk_minor',
        's.discounted_visits',
        's.lifetime_value_minor',
        's.currency',
        's.r_score',
        's.f_score',
        's.m_score',
        's.rfm_segment',
      ])
      .orderBy(
        filter.sort === 'lifetimeValue'
          ? sql`s.lifetime_value_minor desc nulls last`
          : sql`s.revenue_at_risk_minor desc nulls last`,
      )
      .orderBy('s.customer_id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    run: {
      id: run.id,
      asOf: run.as_of,
      finishedAt: run.finished_at?.toISOString() ?? null,
      lifetime: lifetimeTermsOf(run.params),
    },
    total: Number(count.total),
    items: rows.map((row) => ({
      customerId: row.customer_id,
      displayName: row.display_name,
      lastDealerId: row.last_dealer_id,
      lastDealerName: row.dealer_name,
      firstVisitDate: row.first_visit_date,
      lastVisitDate: row.last_visit_date,
      visits: row.visits,
      pActive: row.p_active,
      expectedVisits12m: row.expected_visits_12m,
      meanVisitMinor: Number(row.mean_visit_minor),
      valueIfActive12mMinor: nullableNumber(row.value_if_active_12m_minor),
      revenueAtRiskMinor: nullableNumber(row.revenue_at_risk_minor),
      discountedVisits: row.discounted_visits,
      lifetimeValueMinor: nullableNumber(row.lifetime_value_minor),
      currency: row.currency,
      rfm: { r: row.r_score, f: row.f_score, m: row.m_score, segment: row.rfm_segment },
      reasons: retentionReasons({
        visits: row.visits,
        recency: row.recency,
        age: row.age,
        pActive: row.p_active,
        meanVisitMinor: Number(row.mean_visit_minor),
        revenueAtRiskMinor: nullableNumber(row.revenue_at_risk_minor),
        currency: row.currency,
        fScore: row.f_score,
        mScore: row.m_score,
      }),
    })),
  };
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/** One owner's current score, as the customer's page reads it. */
export type ServiceScore = Awaited<ReturnType<typeof ownerServiceScore>>;

/** One owner's current score (for the customer's page); 404 outside the actor's scope. */
export async function ownerServiceScore(db: Db, actor: Actor, customerId: string) {
  const run = await currentRun(db);
  const row = run
    ? await db
        .selectFrom('analytics_service_scores as s')
        .selectAll('s')
        .where('s.run_id', '=', run.id)
        .where('s.customer_id', '=', customerId)
        .where((eb) => customerVisible(actor, eb.ref('s.customer_id')))
        .executeTakeFirst()
    : undefined;
  if (!run || !row) throw new NotFoundError('Service score');
  return {
    customerId: row.customer_id,
    asOf: run.as_of,
    lastVisitDate: row.last_visit_date,
    visits: row.visits,
    pActive: row.p_active,
    expectedVisits12m: row.expected_visits_12m,
    meanVisitMinor: Number(row.mean_visit_minor),
    value12mMinor: nullableNumber(row.value_12m_minor),
    revenueAtRiskMinor: nullableNumber(row.revenue_at_risk_minor),
    discountedVisits: row.discounted_visits,
    lifetimeValueMinor: nullableNumber(row.lifetime_value_minor),
    lifetime: lifetimeTermsOf(run.params),
    currency: row.currency,
    rfm: { r: row.r_score, f: row.f_score, m: row.m_score, segment: row.rfm_segment },
  };
}
