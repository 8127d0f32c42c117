-- Best-customer mining at 1.14M customers (issue 7): the fit pulled every person into Node (out
-- of the default heap) and the scored list scored the whole scope in Node on its first call
-- (10-250 s). The model's weights are now kept per run, and the fit scores everybody with them
-- in SQL once, so that a page is "top N of my scope" read from an index.

-- log P(value | buyer) - log P(value | not a buyer) of each feature value, as the naive Bayes
-- of the run computed it; `fit` = 'train' is the model tested on the holdout, 'final' the one
-- kept for scoring. A null value is the weight of a value the fit never saw.
create table analytics_best_customer_weights (
  run_id uuid not null references analytics_model_runs (id) on delete cascade,
  fit text not null check (fit in ('train', 'final')),
  feature text not null,
  value text,
  buyers integer not null,
  others integer not null,
  log_ratio double precision not null
);
create unique index analytics_best_customer_weights_key
  on analytics_best_customer_weights (run_id, fit, feature, value) nulls not distinct;

-- every person of the group scored by the final model of the run, as of `scored_on` (his profile
-- and open leads that day); owners of the series left out. Only the newest run of a series
-- keeps its rows.
create table analytics_best_customer_scores (
  run_id uuid not null references analytics_model_runs (id) on delete cascade,
  customer_id uuid not null references customers (id) on delete cascade,
  probability double precision not null,
  likeness double precision not null,
  readiness double precision not null,
  priority double precision not null,
  -- the up to three traits that make him look like a buyer: [{feature, value, logRatio}]
  reasons jsonb not null,
  primary key (run_id, customer_id)
);
-- the page: top N of a run in either order, ties by customer id as before
create index analytics_best_customer_scores_priority_idx
  on analytics_best_customer_scores (run_id, priority desc, customer_id);
create index analytics_best_customer_scores_likeness_idx
  on analytics_best_customer_scores (run_id, likeness desc, customer_id);
-- a customer erased or merged: his rows found without a scan
create index analytics_best_customer_scores_customer_idx
  on analytics_best_customer_scores (customer_id);
