-- Discounted expected lifetime value per owner (issue 7 "expected lifetime value"): the service
-- visits BG/NBD expects in each month of a long horizon, discounted at an annual rate, times the
-- Gamma-Gamma expected value of a visit. The rate and horizon of a run are in its params.
-- Null where the visit value is (no spend model and no own mean).
alter table analytics_service_scores
  add column discounted_visits double precision,
  add column lifetime_value_minor bigint;
-- the worklist sorted by lifetime value instead of revenue at risk
create index analytics_service_scores_lifetime_idx
  on analytics_service_scores (run_id, lifetime_value_minor desc nulls last);
