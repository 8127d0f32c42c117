-- Continuous monitoring (issue 6): the server scores the whole base on a schedule, so the trend
-- has a point at a steady rhythm whether or not a steward runs it by hand. A scheduled run is
-- marked as such: its clock is the latest scheduled run (a steward's run of one region does not
-- postpone the group's), and the dashboard tells the two kinds apart.
alter table quality_runs add column scheduled boolean not null default false;
create index quality_runs_scheduled_idx on quality_runs (computed_at desc) where scheduled;
