-- The code a lead quotes (its utm_campaign, else its campaign field; attribution.ts and
-- letter-responses.ts match it case-insensitively): a letter's A/B results count, per
-- variant, the leads quoting its code every time the campaign page is read, and ROI looks up
-- the leads quoting the selected campaigns' codes. Without this index both read every lead.
create index leads_response_code_idx on leads (lower(coalesce(utm_campaign, campaign)))
  include (customer_id, requested_at)
  where coalesce(utm_campaign, campaign) is not null;
