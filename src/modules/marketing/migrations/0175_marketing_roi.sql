-- Campaign ROI (issue 5 ROI, issue 7 Campaign ROI): how long after a touch (sent, opened,
-- clicked) a lead, test drive, purchase or service visit still counts for a campaign, and an
-- optional response code that leads quote (the lead's campaign or utm_campaign field) to be
-- credited to the campaign directly. The cost (cost_minor + currency) is already on the row.
alter table marketing_campaigns add column attribution_window_days smallint not null default 30
  check (attribution_window_days between 1 and 365);
alter table marketing_campaigns add column response_code text
  check (response_code ~ '^[A-Za-z0-9_.-]{1,40}$');
-- one code names one campaign, whatever its case (leads are matched case-insensitively)
create unique index marketing_campaigns_response_code_key
  on marketing_campaigns (lower(response_code)) where response_code is not null;
