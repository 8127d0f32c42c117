-- Best-customer mining (seed 003 P3): each fit of the buyer-profile model for a model series is
-- a run like the churn model's, with the fitted counts in params and the holdout lift and gains
-- curve in quality. Scores are not stored: they are computed for the asking user's scope on
-- request, so a dealer never reads a table that holds other dealers' customers.
alter table analytics_model_runs drop constraint analytics_model_runs_model_check;
alter table analytics_model_runs add constraint analytics_model_runs_model_check
  check (model in ('service_bgnbd', 'service_churn_classifier', 'best_customer_nb'));
-- the runs of one series, newest first
create index analytics_model_runs_series_idx
  on analytics_model_runs ((params ->> 'series'), started_at desc)
  where model = 'best_customer_nb';
