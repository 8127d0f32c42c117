import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ConflictError, ForbiddenError } from '../../../lib/errors.ts';
import {
  conditionalExpectedTransactions,
  fitBgNbd,
  probabilityAlive,
  type BgNbdParams,
} from '../models/bgnbd.ts';
import { summariesFromRows } from '../models/customer-summary.ts';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  spendSummary,
  type GammaGammaParams,
} from '../models/gamma-gamma.ts';
import { discountedExpectedTransactions, type DiscountTerms } from '../models/lifetime-value.ts';
import { ModelDataError, type ModelDataProblem } from '../models/model-errors.ts';
import { dayNumber } from '../models/transaction-summary.ts';
import { serviceLifetimeTerms } from './lifetime-terms.ts';
import { quintileScores, rfmSegment } from './rfm.ts';
import { ownerVisitSummaries, type OwnerVisitSummary } from './visit-history.ts';

/** The worklist looks 12 months ahead; the model's time unit is the week. */
export const horizonWeeks = 365.25 / 7;
/** One refit at a time across server processes. */
const refitLockKey = 7_160_001;
const insertBatch = 5_000;

export type ServiceModelParams = {
  bgnbd: BgNbdParams;
  /** per currency; a currency with too few repeat visitors has none (own mean spend is used) */
  gammaGamma: Record<string, GammaGammaParams>;
  /** how the lifetime values of the run were discounted (absent in runs before 0272) */
  lifetime?: DiscountTerms;
};

/** A currency whose Gamma-Gamma spend model the data could not support: its owners' own mean
 * visit value is used instead. */
export type SpendNotFitted = { currency: string; problem: ModelDataProblem };

export type RefitResult = {
  runId: string;
  status: 'succeeded' | 'failed';
  customers: number;
  errorCode?: string;
  errorMessage?: string;
};

type Scored = {
  summary: OwnerVisitSummary;
  x: number;
  recency: number;
  age: number;
  pActive: number;
  expectedVisits: number;
  meanVisit: number;
  expectedVisitValue: number | null;
};

/**
 * Refit BG/NBD (and Gamma-Gamma per currency) on every owner's service visits up to `asOf` and
 * replace the per-owner scores. The model is the group's: it is fitted on all owners, so only
 * a group-scope user (or the system's schedule) may start it. A model the data cannot support
 * (no owner came back twice, too few owners) is recorded as a failed run with the reason.
 */
export async function refitServiceChurnModel(
  db: Db,
  actor: Actor,
  asOf: string = new Date().toISOString().slice(0, 10),
  lifetime: DiscountTerms = serviceLifetimeTerms(),
): Promise<RefitResult> {
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError(
      'The churn model is fitted on the whole group: ask a group user',
    ).because('group_level_only');
  }
  const started = performance.now();
  const asOfDay = dayNumber(asOf);
  try {
    return await withActor(db, actor, async (tx) => {
      const locked = await sql<{ locked: boolean }>`
        select pg_try_advisory_xact_lock(${refitLockKey}) as locked`.execute(tx);
      if (!locked.rows[0]?.locked)
        throw new ConflictError('A refit of this model is running').because('refit_running');

      const owners = (await ownerVisitSummaries(tx, asOf)).filter(
        // an owner whose first visit is the as-of day has had no time to come back
        (owner) => dayNumber(owner.first_visit) < asOfDay,
      );
      const rows = owners.map((owner) => ({
        x: owner.repeat_visits,
        tx: (dayNumber(owner.last_visit) - dayNumber(owner.first_visit)) / 7,
        T: (asOfDay - dayNumber(owner.first_visit)) / 7,
      }));
      const fit = fitBgNbd(summariesFromRows(rows));
      const warnings = [...fit.warnings];
      const gammaGamma: Record<string, GammaGammaParams> = {};
      // said per currency with its reason code, so the model history can word it in any language
      const spendNotFitted: SpendNotFitted[] = [];
      for (const currency of new Set(owners.map((owner) => owner.currency))) {
        const spenders = owners
          .filter((owner) => owner.currency === currency)
          .map((owner) => ({
            x: owner.repeat_visits,
            meanValue: owner.repeat_visits > 0 ? owner.repeat_total_minor / owner.repeat_visits : 0,
          }));
        try {
          const spend = fitGammaGamma(spendSummary(spenders));
          gammaGamma[currency] = spend.params;
          warnings.push(...spend.warnings.map((warning) => `${currency} spend: ${warning}`));
        } catch (error) {
          if (!(error instanceof ModelDataError)) throw error;
          spendNotFitted.push({ currency, problem: error.problem });
          warnings.push(
            `${currency} spend model not fitted (own mean spend used): ${error.message}`,
          );
        }
      }
      const scored: Scored[] = owners.map((summary, index) => {
        const { x, tx: recency, T: age } = rows[index]!;
        const pActive = probabilityAlive(fit.params, x, recency, age);
        const expectedVisits = conditionalExpectedTransactions(
          fit.params,
          horizonWeeks,
          x,
          recency,
          age,
        );
        const meanVisit = summary.total_minor / (x + 1);
        const spendParams = gammaGamma[summary.currency];
        const repeatMean = x > 0 ? summary.repeat_total_minor / x : 0;
        const expectedVisitValue = spendParams
          ? conditionalExpectedSpend(spendParams, repeatMean > 0 ? x : 0, repeatMean)
          : meanVisit;
        return {
          summary,
          x,
          recency,
          age,
          pActive,
          expectedVisits,
          meanVisit,
          expectedVisitValue: Number.isFinite(expectedVisitValue) ? expectedVisitValue : null,
        };
      });

      const run = await tx
        .insertInto('analytics_model_runs')
        .values({
          model: 'service_bgnbd',
          status: 'succeeded',
          as_of: asOf,
          time_unit: 'week',
          params: JSON.stringify({
            bgnbd: fit.params,
            gammaGamma,
            lifetime,
          } satisfies ServiceModelParams),
          log_likelihood: fit.logLikelihood,
          customers: owners.length,
          repeat_customers: owners.filter((owner) => owner.repeat_visits > 0).length,
          started_by: actor.userId,
          finished_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const lifetimeValue = await insertScores(tx, run.id, scored, (owner) =>
        discountedExpectedTransactions(fit.params, owner.x, owner.recency, owner.age, lifetime),
      );
      // the previous runs keep their figures; their scores give way to the new ones
      await tx.deleteFrom('analytics_service_scores').where('run_id', '<>', run.id).execute();
      const quality = {
        warnings,
        spendNotFitted,
        evaluations: fit.evaluations,
        converged: fit.converged,
        seconds: Math.round(performance.now() - started) / 1000,
        meanPActive: mean(scored.map((owner) => owner.pActive)),
        expectedVisits12m: sum(scored.map((owner) => owner.expectedVisits)),
        // per currency, in minor units: what the owners are worth over the horizon today
        lifetimeValueMinor: lifetimeValue,
      };
      await tx
        .updateTable('analytics_model_runs')
        .set({ quality: JSON.stringify(quality), finished_at: new Date() })
        .where('id', '=', run.id)
        .execute();
      return { runId: run.id, status: 'succeeded' as const, customers: owners.length };
    });
  } catch (error) {
    if (!(error instanceof ModelDataError)) throw error;
    const run = await withActor(db, actor, (tx) =>
      tx
        .insertInto('analytics_model_runs')
        .values({
          model: 'service_bgnbd',
          status: 'failed',
          as_of: asOf,
          error_code: error.problem,
          error_message: error.message,
          started_by: actor.userId,
          finished_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return {
      runId: run.id,
      status: 'failed',
      customers: 0,
      errorCode: error.problem,
      errorMessage: error.message,
    };
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
function mean(values: number[]): number | null {
  return values.length ? sum(values) / values.length : null;
}

/**
 * Scores in batches of set-based inserts (arrays unnested server-side), RFM ranks included.
 * The discounted visits (about 50 µs an owner) are computed batch by batch, so the server's
 * event loop gets a turn between batches. Returns the lifetime value summed per currency.
 */
async function insertScores(
  tx: Db,
  runId: string,
  scored: Scored[],
  discountedVisitsOf: (owner: Scored) => number,
): Promise<Record<string, number>> {
  const lifetimeTotals: Record<string, number> = {};
  const r = quintileScores(
    Float64Array.from(scored, (owner) => dayNumber(owner.summary.last_visit)),
  );
  const f = quintileScores(Float64Array.from(scored, (owner) => owner.x));
  const m = quintileScores(Float64Array.from(scored, (owner) => owner.meanVisit));
  for (let start = 0; start < scored.length; start += insertBatch) {
    const batch = scored.slice(start, start + insertBatch);
    const discounted = batch.map(discountedVisitsOf);
    const lifetime = batch.map((owner, offset) =>
      owner.expectedVisitValue === null ? null : discounted[offset]! * owner.expectedVisitValue,
    );
    batch.forEach((owner, offset) => {
      const currency = owner.summary.currency;
      lifetimeTotals[currency] = (lifetimeTotals[currency] ?? 0) + (lifetime[offset] ?? 0);
    });
    const column = <T>(pick: (owner: Scored, index: number) => T) =>
      batch.map((owner, offset) => pick(owner, start + offset));
    const money = (value: number | null) => (value === null ? null : Math.round(value));
    const valueIfActive = (owner: Scored) =>
      owner.expectedVisitValue === null
        ? null
        : (owner.expectedVisits / Math.max(owner.pActive, 1e-12)) * owner.expectedVisitValue;
    await sql`
      insert into analytics_service_scores (
        run_id, customer_id, last_dealer_id, first_visit_date, last_visit_date, visits, recency,
        age, p_active, expected_visits_12m, mean_visit_minor, expected_visit_value_minor,
        value_12m_minor, value_if_active_12m_minor, revenue_at_risk_minor, discounted_visits,
        lifetime_value_minor, currency, r_score, f_score, m_score, rfm_segment)
      select ${runId}::uuid, * from unnest(
        ${column((o) => o.summary.customer_id)}::uuid[],
        ${column((o) => o.summary.last_dealer_id)}::uuid[],
        ${column((o) => o.summary.first_visit)}::date[],
        ${column((o) => o.summary.last_visit)}::date[],
        ${column((o) => o.x + 1)}::int[],
        ${column((o) => o.recency)}::float8[],
        ${column((o) => o.age)}::float8[],
        ${column((o) => o.pActive)}::float8[],
        ${column((o) => o.expectedVisits)}::float8[],
        ${column((o) => Math.round(o.meanVisit))}::bigint[],
        ${column((o) => money(o.expectedVisitValue))}::bigint[],
        ${column((o) => money(o.expectedVisitValue === null ? null : o.expectedVisits * o.expectedVisitValue))}::bigint[],
        ${column((o) => money(valueIfActive(o)))}::bigint[],
        ${column((o) => {
          const ifActive = valueIfActive(o);
          return money(ifActive === null ? null : (1 - o.pActive) * ifActive);
        })}::bigint[],
        ${discounted}::float8[],
        ${lifetime.map(money)}::bigint[],
        ${column((o) => o.summary.currency)}::char(3)[],
        ${column((_, i) => r[i]!)}::smallint[],
        ${column((_, i) => f[i]!)}::smallint[],
        ${column((_, i) => m[i]!)}::smallint[],
        ${column((o, i) => rfmSegment(r[i]!, f[i]!, m[i]!, o.x + 1))}::text[])`.execute(tx);
  }
  for (const currency of Object.keys(lifetimeTotals)) {
    lifetimeTotals[currency] = Math.round(lifetimeTotals[currency]!);
  }
  return lifetimeTotals;
}
