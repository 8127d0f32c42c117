-- Visit days the dashboards' aftersales figures must recount although no visit of that day
-- changed: the old day of a visit whose date was corrected (service module, through
-- noteVisitDaysChanged). The incremental refresh finds changed days by service_visits.updated_at
-- and the cancellations archive; both only know a visit's current day, so the day it left kept
-- counting it. The refresh reads the days noted since its watermark and prunes older ones.
-- Derived bookkeeping, not audited.
create table analytics_visit_days_pending (
  day date not null,
  noted_at timestamptz not null default now()
);
create index analytics_visit_days_pending_noted_idx on analytics_visit_days_pending (noted_at);
