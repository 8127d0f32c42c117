-- After-sales churn early warning (seed 003 P9): each refit of the service-visit model is a run
-- with its fitted parameters and quality figures; the scores of the latest successful run are
-- the ones the worklist reads. Older runs keep their metadata (the model's history) but not
-- their per-customer scores, which a refit replaces.

create table analytics_model_runs (
  id uuid primary key default gen_random_uuid(),
  model text not null check (model in ('service_bgnbd', 'service_churn_classifier')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  -- the calibration end: visits up to and including this day were used
  as_of date not null,
  time_unit text not null default 'week' check (time_unit in ('week', 'day')),
  -- { bgnbd: {r, alpha, a, b}, gammaGamma: { RUB: {p, q, v}, ... } }
  params jsonb,
  log_likelihood double precision,
  customers integer not null default 0,
  repeat_customers integer not null default 0,
  -- warnings, evaluations, seconds, spend-model coverage ...
  quality jsonb not null default '{}'::jsonb,
  error_code text,
  error_message text,
  started_by uuid references users on delete set null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index analytics_model_runs_latest_idx on analytics_model_runs (model, started_at desc);

create trigger analytics_model_runs_audit after insert or update or delete on analytics_model_runs
  for each row execute function autocrm_audit('');

-- Derived rows, rewritten in bulk by every refit (a million per run at group scale): not
-- audited row by row; the run that wrote them is.
create table analytics_service_scores (
  run_id uuid not null references analytics_model_runs on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  -- the dealer of the customer's last visit: whose customer is drifting away
  last_dealer_id uuid references dealers on delete set null,
  first_visit_date date not null,
  last_visit_date date not null,
  visits integer not null check (visits >= 1),
  -- BG/NBD inputs in weeks
  recency double precision not null,
  age double precision not null,
  p_active double precision not null check (p_active between 0 and 1),
  expected_visits_12m double precision not null,
  mean_visit_minor bigint not null,
  expected_visit_value_minor bigint,
  -- expected service revenue in the next 12 months, and what is at stake if he has left
  value_12m_minor bigint,
  value_if_active_12m_minor bigint,
  revenue_at_risk_minor bigint,
  currency char(3) not null,
  r_score smallint not null check (r_score between 1 and 5),
  f_score smallint not null check (f_score between 1 and 5),
  m_score smallint not null check (m_score between 1 and 5),
  rfm_segment text not null,
  primary key (run_id, customer_id)
);
-- the worklist: the run's customers most worth a call first
create index analytics_service_scores_risk_idx
  on analytics_service_scores (run_id, revenue_at_risk_minor desc nulls last);
create index analytics_service_scores_customer_idx on analytics_service_scores (customer_id);
