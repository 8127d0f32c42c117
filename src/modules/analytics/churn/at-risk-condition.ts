import { sql, type RawBuilder } from 'kysely';

/** Bounds on an owner's after-sales churn score; any left out is not tested. */
export type ChurnRiskBounds = {
  /** probability still an active service customer, below (strict, as the worklist's filter) */
  maxPActive?: number;
  /** probability still active, at least */
  minPActive?: number;
  /** RFM segment keys (rfmSegments) */
  segments?: readonly string[];
  minExpectedVisits?: number;
  /** service revenue at risk, at least, in minor units */
  minRevenueAtRisk?: number;
};

/**
 * "At risk of churning" as one SQL test on a customer id, for modules that select customers by
 * it (marketing's segment `churn` leaf): the owner has a score in the latest succeeded refit of
 * the service-visit model (the run the retention worklist reads) that passes every bound given.
 * Older runs' scores are ignored; a customer without a score is not in the set, so he never
 * matches and a `not` around the test takes him in. The run is found once (a scalar subquery on
 * analytics_model_runs_latest_idx) and its scores read through the (run_id, customer_id) key.
 */
export function churnRiskCondition(
  customerId: RawBuilder<unknown>,
  bounds: ChurnRiskBounds,
): RawBuilder<boolean> {
  const tests: RawBuilder<boolean>[] = [
    sql<boolean>`s.run_id = (select r.id from analytics_model_runs r
      where r.model = 'service_bgnbd' and r.status = 'succeeded'
      order by r.started_at desc limit 1)`,
  ];
  const { maxPActive, minPActive, segments, minExpectedVisits, minRevenueAtRisk } = bounds;
  if (maxPActive !== undefined) tests.push(sql<boolean>`s.p_active < ${maxPActive}`);
  if (minPActive !== undefined) tests.push(sql<boolean>`s.p_active >= ${minPActive}`);
  if (segments) tests.push(sql<boolean>`s.rfm_segment = any(${[...segments]}::text[])`);
  if (minExpectedVisits !== undefined) {
    tests.push(sql<boolean>`s.expected_visits_12m >= ${minExpectedVisits}`);
  }
  if (minRevenueAtRisk !== undefined) {
    tests.push(sql<boolean>`s.revenue_at_risk_minor >= ${minRevenueAtRisk}`);
  }
  return sql<boolean>`${customerId} in (select s.customer_id from analytics_service_scores s
    where ${sql.join(tests, sql` and `)})`;
}
