-- A/B tests of call scripts: the winner is the script whose calls ended best (interested, an
-- appointment or a purchase recorded on closing the task); ab-test.ts names those outcomes.
alter table marketing_campaigns drop constraint marketing_campaigns_ab_metric_check;
alter table marketing_campaigns add constraint marketing_campaigns_ab_metric_check
  check (ab_metric in ('open_rate', 'click_rate', 'registration_rate', 'call_success_rate'));
