import { sql, type RawBuilder } from 'kysely';
import type { LeafCondition } from './segment.schemas.ts';

type ChurnCondition = Extract<LeafCondition, { type: 'churn' }>;

/**
 * "At risk of churning" as one SQL test on the customer id: the owner has a score in the latest
 * succeeded refit of the service-visit model (the run the retention worklist reads) that passes
 * every bound given. Older runs' scores, when a run kept any, are ignored; a customer without a
 * score is not in the set, so he never matches and a `not` around the condition takes him in.
 * The run is found once (a scalar subquery on analytics_model_runs_latest_idx) and its scores
 * read through the (run_id, customer_id) primary key.
 */
export function churnSql(customerId: RawBuilder<unknown>, c: ChurnCondition): RawBuilder<boolean> {
  const tests: RawBuilder<boolean>[] = [
    sql<boolean>`s.run_id = (select r.id from analytics_model_runs r
      where r.model = 'service_bgnbd' and r.status = 'succeeded'
      order by r.started_at desc limit 1)`,
  ];
  // below, like the worklist's filter: "below 30 %" leaves out exactly 0.3
  if (c.maxPActive !== undefined) tests.push(sql<boolean>`s.p_active < ${c.maxPActive}`);
  if (c.minPActive !== undefined) tests.push(sql<boolean>`s.p_active >= ${c.minPActive}`);
  if (c.segments) tests.push(sql<boolean>`s.rfm_segment = any(${c.segments}::text[])`);
  if (c.minExpectedVisits !== undefined) {
    tests.push(sql<boolean>`s.expected_visits_12m >= ${c.minExpectedVisits}`);
  }
  if (c.minRevenueAtRisk !== undefined) {
    tests.push(sql<boolean>`s.revenue_at_risk_minor >= ${c.minRevenueAtRisk}`);
  }
  return sql<boolean>`${customerId} in (select s.customer_id from analytics_service_scores s
    where ${sql.join(tests, sql` and `)})`;
}
