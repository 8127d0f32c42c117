-- Opens and clicks of a journey's e-mails (issue 5, tracking), kept on the step's log row of
-- the run: the per-step counts are then one more filter of the query that already reads it.
alter table journey_step_log add column opened_at timestamptz;
alter table journey_step_log add column clicked_at timestamptz;
alter table journey_step_log add column open_count integer not null default 0;
alter table journey_step_log add column click_count integer not null default 0;
