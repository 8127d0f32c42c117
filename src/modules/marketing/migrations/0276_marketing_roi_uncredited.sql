-- The ROI source grouping's "without a campaign" part, kept (issue 7): every lead, test drive
-- that took place and car purchase the last-touch rule credits to no campaign at all, of every
-- customer, written by roi-credits.ts in the same transaction as the credits (0252), per person
-- on an incremental pass and in full on a rebuild. Before, the report found them live on every
-- call: the period's purchases each checked against the credits, its order looked up and, under
-- a brand, its vehicle's brand (1.4-1.9 s of the source grouping at 1.14M customers, load 7).
-- Like a credit, the row is the conversion, not a day's sum: what a reader may count is his
-- scope (per customer), his dealers and the report's brand, applied per row when he reads. The
-- source of a row without its own lead (the reader's latest lead at a dealer he sees, of the
-- report's brand) also depends on the reader and stays live. Derived data: not audited.
create table marketing_roi_uncredited (
  kind text not null check (kind in ('lead', 'test_drive', 'sale')),
  -- the lead, test drive booking or vehicle purchase
  conversion_id uuid not null,
  customer_id uuid not null references customers on delete cascade,
  -- where it happened (the dealer scope and filters) and its brand (null: unknown)
  dealer_id uuid,
  brand_id uuid,
  -- its day (UTC) and instant, as the rule dates it
  day date not null,
  at timestamptz not null,
  -- a purchase's price less discount in its currency; 0 and null for leads and test drives
  amount_minor bigint not null default 0,
  currency text,
  -- the lead it came from (a lead itself, a test drive's booked lead, a car's order's lead) and
  -- a lead's own source
  lead_id uuid,
  source_key text,
  primary key (kind, conversion_id)
);
-- the report reads one period
create index marketing_roi_uncredited_day_idx on marketing_roi_uncredited (day);
-- a dealer's report reads his dealers' rows of the period (0.90 -> 0.59 s at 1.14M customers)
create index marketing_roi_uncredited_dealer_day_idx on marketing_roi_uncredited (dealer_id, day);
-- a person is rewritten on each incremental pass
create index marketing_roi_uncredited_customer_idx on marketing_roi_uncredited (customer_id);

-- The backfill: without the refresh state the next refresh (the job's, or the first report's,
-- which waits for it) rebuilds the credits and this table together.
delete from marketing_roi_state where name = 'credits';
