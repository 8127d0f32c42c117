import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { copyDealerLinksInBulk, personDealerSets } from '../../customers/index.ts';
import type { NaiveBayesModel } from './naive-bayes.ts';
import { featureRows } from './profile-features.ts';
import { scoredRelation } from './sql-scoring.ts';

/** How many of the traits that make a person look like a buyer are kept and shown. */
export const reasonCount = 3;

/**
 * Score every person of the group with the final model of a run, in one INSERT ... SELECT, as
 * scoreProfile() scores one person in Node: P(buyer), likeness = P / base rate, readiness from
 * his open leads and the age of his car on `today`, priority = likeness x readiness, and the
 * three strongest positive traits (ties in toExample()'s order). Owners of the series are left
 * out. Once the run is marked succeeded, dropOlderScores() removes the earlier runs' lists.
 */
export async function writeKeptScores(
  db: Db,
  runId: string,
  series: string,
  model: NaiveBayesModel,
  interestTags: readonly string[],
  today: string,
): Promise<number> {
  const scored = keptScoresQuery(runId, series, model, interestTags, today);
  return db.transaction().execute(async (tx) => {
    // two first opens of an old fit's page at once write its list one after the other (the
    // second would otherwise fail on the first one's rows); a list written before is replaced
    await sql`select 1 from analytics_model_runs where id = ${runId} for update`.execute(tx);
    await sql`delete from analytics_best_customer_scores where run_id = ${runId}`.execute(tx);
    // every person's dealer links copied: righted at commit for those changed meanwhile
    await copyDealerLinksInBulk(tx);
    // each row with its person's set of dealers, what the scope reads (0283)
    const inserted = await sql`
      insert into analytics_best_customer_scores
             (run_id, customer_id, probability, likeness, readiness, priority, reasons,
              customer_dealer_set_id)
      select scored.*, person.set_id from (${scored}) scored
        left join ${personDealerSets('all')} person
          on person.customer_id = scored.customer_id`.execute(tx);
    return Number(inserted.numAffectedRows ?? 0);
  });
}

/**
 * Vacuums and analyzes the kept lists once a fit has replaced one. The new list's million rows
 * are new to every reader: until a VACUUM marks their pages all-visible, each count of a scope
 * reads every row's heap page (a brand manager's first page took 5.6 s right after a 1.14M fit,
 * 3.0 s once autovacuum had come ten minutes later; bench/RESULTS.md), and the dropped list's
 * rows are dead weight. A few seconds after a fit of minutes. A VACUUM that fails (it cannot
 * run inside a caller's transaction, or is cancelled) is not the fit's failure: autovacuum does
 * the same later.
 */
export async function settleKeptScores(conn: Db): Promise<void> {
  try {
    await sql`vacuum (analyze) analytics_best_customer_scores`.execute(conn);
  } catch {
    // the fit has succeeded; the pages are marked by autovacuum instead
  }
}

/** The rows writeKeptScores() keeps, as one SELECT (also for bench/ to explain). */
export function keptScoresQuery(
  runId: string,
  series: string,
  model: NaiveBayesModel,
  interestTags: readonly string[],
  today: string,
): RawBuilder<unknown> {
  const people = featureRows(today, {
    withLeads: true,
    where: sql<boolean>`not exists (
        select 1 from vehicles owned
         where owned.customer_id = c.id and lower(owned.series) = lower(${series}))`,
  });
  const { relation, terms } = scoredRelation(runId, 'final', model, interestTags, people);
  const baseRate = model.classCounts[1] / (model.classCounts[0] + model.classCounts[1]);
  const traits = terms.map(
    (term, index) =>
      sql`(${index}::int, ${term.feature}, ${term.value('s')}::text, ${sql.ref(`s.t${index}`)})`,
  );
  return sql`
      select ${runId}::uuid, s.customer_id, s.probability, s.likeness, s.readiness,
             s.likeness * s.readiness, s.reasons
        from (select s.customer_id, p.probability, p.probability / ${baseRate}::float8 as likeness,
                     ${readiness} as readiness, reasons.items as reasons
                from (${relation}) s
               cross join lateral (select 1 / (1 + exp(-s.log_odds)) as probability) p
               cross join lateral (
                 select coalesce(jsonb_agg(jsonb_build_object(
                          'feature', trait.feature, 'value', trait.value, 'logRatio', trait.w)
                          order by trait.w desc, trait.ord), '[]'::jsonb) as items
                   from (select * from (values ${sql.join(traits)}) trait (ord, feature, value, w)
                          where trait.value is not null and trait.w > 0
                          order by trait.w desc, trait.ord
                          limit ${reasonCount}) trait) reasons) s`;
}

/** Only the newest fit of a series keeps its list: a million rows per run would pile up. */
export async function dropOlderScores(db: Db, series: string, keepRunId: string): Promise<void> {
  await sql`delete from analytics_best_customer_scores
             where run_id in (select id from analytics_model_runs
                               where model = 'best_customer_nb' and id <> ${keepRunId}
                                 and params ->> 'series' = ${series})`.execute(db);
}

/**
 * purchaseReadiness() in SQL over the columns of featureRows (s.*): 0.3 to start, a test drive
 * or later stage 1, the intended time frame, any open lead 0.6, and the car's age band; a
 * nearly new car holds it down to 0.2 unless a lead says otherwise.
 */
const readiness = sql<number>`(
  select case s.car_age
           when '0-2' then case when not s.open_lead and not s.advanced_lead
                                     and s.purchase_within_months is null
                                then least(r.v, 0.2::float8) else greatest(r.v, 0.1::float8) end
           when '3-5' then greatest(r.v, 0.4::float8)
           when '6-9' then greatest(r.v, 0.6::float8)
           when '10+' then greatest(r.v, 0.7::float8)
           else r.v end
    from (select case when s.open_lead then greatest(m.v, 0.6::float8) else m.v end as v
            from (select case when s.purchase_within_months is null then a.v
                              else greatest(a.v, case when s.purchase_within_months <= 3 then 0.9::float8
                                                      when s.purchase_within_months <= 12 then 0.6::float8
                                                      else 0.3::float8 end) end as v
                    from (select case when s.advanced_lead then 1::float8 else 0.3::float8 end as v) a) m) r)`;
