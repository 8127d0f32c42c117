import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { gainsFromCuts, type GainsReport } from './gains.ts';
import {
  featureLogRatio,
  priorLogOdds,
  unseenLogRatio,
  type NaiveBayesModel,
} from './naive-bayes.ts';
import { featureColumns, type FeatureRow } from './profile-features.ts';
import { interestPrefix, profileFeatures } from './profile.ts';

export type Fit = 'train' | 'final';

/**
 * Keep a model's weights: every value's log ratio, and per feature the one of a value never
 * seen (value null), computed by the same function Node scoring uses, so both add the very same
 * numbers.
 */
export async function saveWeights(
  db: Db,
  runId: string,
  fit: Fit,
  model: NaiveBayesModel,
): Promise<void> {
  const rows = Object.entries(model.features).flatMap(([feature, counts]) => [
    ...Object.entries(counts.values).map(([value, [others, buyers]]) => ({
      run_id: runId,
      fit,
      feature,
      value,
      buyers,
      others,
      log_ratio: featureLogRatio(model, feature, value),
    })),
    {
      run_id: runId,
      fit,
      feature,
      value: null,
      buyers: 0,
      others: 0,
      log_ratio: unseenLogRatio(model, feature),
    },
  ]);
  // a few hundred rows for a few dozen features; batches keep each statement's parameters small
  for (let start = 0; start < rows.length; start += 1000) {
    await db
      .insertInto('analytics_best_customer_weights')
      .values(rows.slice(start, start + 1000))
      .execute();
  }
}

/**
 * Every person of `people` with his log odds under the kept weights of (run, fit) and each
 * feature's term `t_<i>` (0 when he has no value or the model has no such feature, like
 * logOdds() skipping it). The terms are added in toExample()'s order, one after the other, so
 * the sum is the same floating-point number Node gets. Interest tags are yes/no for everybody;
 * their two weights, and each feature's weight of an unseen value, go into the statement as
 * numbers computed from the model like the kept ones.
 */
export function scoredRelation(
  runId: string,
  fit: Fit,
  model: NaiveBayesModel,
  interestTags: readonly string[],
  people: RawBuilder<FeatureRow>,
): { relation: RawBuilder<ScoredRow>; terms: Term[] } {
  // what saveWeights() kept for a value never seen and for the tags' yes / no, from the model
  // itself: a feature the model does not know adds nothing
  const unseen = (feature: string) =>
    model.features[feature] ? unseenLogRatio(model, feature) : 0;
  const tagWeight = (feature: string, value: 'yes' | 'no') =>
    model.features[feature] && Object.hasOwn(model.features[feature].values, value)
      ? featureLogRatio(model, feature, value)
      : unseen(feature);
  const joins: RawBuilder<unknown>[] = [];
  const terms: Term[] = [];
  profileFeatures.forEach((feature, index) => {
    const column = sql.ref(`f.${featureColumns[feature]}`);
    const alias = sql.ref(`w${index}`);
    joins.push(sql`left join analytics_best_customer_weights ${alias}
        on ${alias}.run_id = ${runId} and ${alias}.fit = ${fit}
       and ${alias}.feature = ${feature} and ${alias}.value = ${column}`);
    terms.push({
      feature,
      value: (alias) => sql.ref(`${alias}.${featureColumns[feature]}`),
      term: sql`case when ${column} is null then 0::float8
                     else coalesce(${sql.ref(`w${index}.log_ratio`)}, ${unseen(feature)}::float8) end`,
    });
  });
  for (const tag of interestTags) {
    const feature = interestPrefix + tag;
    const has = sql`f.interests @> array[${tag}]::text[]`;
    terms.push({
      feature,
      value: (alias) =>
        sql`case when ${sql.ref(`${alias}.interests`)} @> array[${tag}]::text[]
                 then 'yes' else 'no' end`,
      term: sql`case when ${has} then ${tagWeight(feature, 'yes')}::float8
                     else ${tagWeight(feature, 'no')}::float8 end`,
    });
  }
  const sum = terms.reduce<RawBuilder<number>>(
    (total, _term, index) => sql`(${total} + ${sql.ref(`t${index}`)})`,
    sql`${priorLogOdds(model)}::float8`,
  );
  // `offset 0`: the people's columns are worked out once per person. Pulled up into this
  // query, each reference to a column would repeat its expression, and the interests column is
  // a subquery over his tags, referenced by every tag's term here and again by the kept list's
  // reasons: 40 runs of it per person, most of the kept list's 16 minutes at 1.14M
  // (bench/RESULTS.md, "The scoring SELECT, explained").
  const relation = sql<ScoredRow>`
    select s.*, ${sum} as log_odds
      from (select f.*, ${sql.join(
        terms.map((term, index) => sql`${term.term} as ${sql.ref(`t${index}`)}`),
      )}
              from (select * from (${people}) people offset 0) f ${sql.join(joins, sql` `)}) s`;
  return { relation, terms };
}

/** A feature's term; `value` is his value of it, read from the relation named `alias`. */
export type Term = {
  feature: string;
  value: (alias: string) => RawBuilder<unknown>;
  term: RawBuilder<number>;
};
export type ScoredRow = FeatureRow & { log_odds: number } & Record<string, number>;

/**
 * Gains and lift of the holdout in SQL: people ranked by P(buyer) as gainsReport ranks them
 * (ties with non-buyers first); only the totals and the buyers found at the cut points come
 * back, so memory stays flat whatever the number of people.
 */
export async function sqlGains(
  db: Db,
  scored: RawBuilder<ScoredRow>,
  steps = 10,
): Promise<GainsReport> {
  const { rows } = await sql<{
    total: number;
    buyers: number;
    cuts: { step: number; found: number }[] | null;
  }>`
    with r as (
      select s.buyer, row_number() over w as rn,
             sum(case when s.buyer then 1 else 0 end) over w as found,
             count(*) over () as total
        from (select s.buyer, 1 / (1 + exp(-s.log_odds)) as probability
                from (${scored}) s) s
      window w as (order by s.probability desc, s.buyer rows unbounded preceding)
    )
    select (select count(*) from r)::int as total,
           (select count(*) from r where r.buyer)::int as buyers,
           (select json_agg(json_build_object('step', step, 'found', r.found::int))
              from r join generate_series(1, ${steps}::int) step
                on r.rn = floor(r.total * step / ${steps}::numeric + 0.5)) as cuts`.execute(db);
  const row = rows[0];
  const found = new Map((row?.cuts ?? []).map((cut) => [cut.step, cut.found]));
  return gainsFromCuts(row?.total ?? 0, row?.buyers ?? 0, steps, (step) => found.get(step) ?? 0);
}
