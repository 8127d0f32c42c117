-- The repeat-contact index of the quality dashboard reads a period's inbound contacts (dealer,
-- user, customer, outcome). Without this index that is a scan of every activity: at 1.14 M
-- customers, 876,000 inbound contacts of the last year among 4 M activities (740 MB), 2-3 s
-- whenever the table's pages are not cached. Partial (outbound calls are the larger half) and
-- covering, so a period is one index-only range.
create index activities_inbound_idx on activities (occurred_at)
  include (dealer_id, user_id, customer_id, outcome)
  where direction = 'inbound';
