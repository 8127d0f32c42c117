import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import {
  modelFromCounts,
  type ClassPair,
  type FeatureCounts,
  type NaiveBayesModel,
} from './naive-bayes.ts';
import { featureColumns, type FeatureRow } from './profile-features.ts';
import { interestPrefix, maxInterestTags, profileFeatures } from './profile.ts';

type CountRow = { buyer: boolean; all_grouped: boolean; n: number } & Record<
  string,
  string | number | boolean | null
>;
type TagRow = { buyer: boolean; tag: string; n: number };

/**
 * The naive Bayes of a population counted in SQL: one pass with a grouping set per feature
 * (people per class and value) and the interest tags per class, so only the counts, never the
 * people, come to Node. The model is the one fitNaiveBayes would learn from the same people
 * (naive-bayes.test.ts and the API test compare them), with the commonest tags of this
 * population as yes/no features.
 */
export async function countedModel(
  db: Db,
  people: RawBuilder<FeatureRow>,
): Promise<{ model: NaiveBayesModel; interestTags: string[] }> {
  const columns = profileFeatures.map((feature) => sql.ref(`f.${featureColumns[feature]}`));
  const sets = profileFeatures.map(
    (feature) => sql`(f.buyer, ${sql.ref(`f.${featureColumns[feature]}`)})`,
  );
  const { rows } = await sql<{ counts: CountRow[] | null; tags: TagRow[] | null }>`
    with f as materialized (${people}),
    counts as (
      select f.buyer, grouping(${sql.join(columns)}) = ${2 ** columns.length - 1} as all_grouped,
             ${sql.join(columns)}, count(*)::int as n
        from f
       group by grouping sets ((f.buyer), ${sql.join(sets)})
    ), tags as (
      select f.buyer, tag, count(*)::int as n
        from f cross join unnest(f.interests) tag
       where tag <> ''
       group by f.buyer, tag
    )
    select (select json_agg(counts) from counts) as counts,
           (select json_agg(tags) from tags) as tags`.execute(db);
  const counts = rows[0]?.counts ?? [];
  const classCounts: ClassPair = [0, 0];
  const values = new Map<string, Map<string, ClassPair>>();
  for (const row of counts) {
    const label = row.buyer ? 1 : 0;
    if (row.all_grouped) {
      classCounts[label] += row.n;
      continue;
    }
    for (const feature of profileFeatures) {
      const value = row[featureColumns[feature]];
      // the row of a value that was not known (null) counts nobody as observed
      if (value === null || value === undefined) continue;
      let byValue = values.get(feature);
      if (!byValue) values.set(feature, (byValue = new Map()));
      const pair = byValue.get(String(value)) ?? [0, 0];
      pair[label] += row.n;
      byValue.set(String(value), pair);
    }
  }
  const features: Record<string, FeatureCounts> = {};
  for (const feature of profileFeatures) {
    const byValue = values.get(feature);
    if (!byValue) continue;
    const observed: ClassPair = [0, 0];
    const entries = [...byValue].sort(([left], [right]) => (left < right ? -1 : 1));
    for (const [, pair] of entries) {
      observed[0] += pair[0];
      observed[1] += pair[1];
    }
    features[feature] = { observed, values: Object.fromEntries(entries) };
  }
  const interestTags = commonTags(rows[0]?.tags ?? []);
  const tagCounts = new Map<string, ClassPair>();
  for (const row of rows[0]?.tags ?? []) {
    const pair = tagCounts.get(row.tag) ?? [0, 0];
    pair[row.buyer ? 1 : 0] += row.n;
    tagCounts.set(row.tag, pair);
  }
  for (const tag of interestTags) {
    const yes = tagCounts.get(tag) ?? [0, 0];
    const no: ClassPair = [classCounts[0] - yes[0], classCounts[1] - yes[1]];
    // as in fitNaiveBayes: a value nobody had is no value of the feature
    const pairs: Record<string, ClassPair> = {};
    if (yes[0] + yes[1] > 0) pairs.yes = yes;
    if (no[0] + no[1] > 0) pairs.no = no;
    features[interestPrefix + tag] = { observed: [...classCounts], values: pairs };
  }
  return { model: modelFromCounts(classCounts, features), interestTags };
}

/** commonInterestTags() over counted tags: most people first, ties by the tag. */
function commonTags(rows: readonly TagRow[]): string[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.tag, (totals.get(row.tag) ?? 0) + row.n);
  return [...totals]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, maxInterestTags)
    .map(([tag]) => tag);
}
