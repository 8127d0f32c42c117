-- What a lead source (channel) cost per month, for channels no campaign pays for: advertising,
-- purchased data, the website (issues 5 and 7: cost per lead and per sale per channel).
-- Campaign costs stay on marketing_campaigns; these rows are the channels' own spend.
-- The owner mirrors marketing_campaigns: the group, a brand or a dealer paid it.
create table lead_source_costs (
  id uuid primary key default gen_random_uuid(),
  source_key text not null references lead_sources,
  month date not null check (extract(day from month) = 1),
  owner_level text not null check (owner_level in ('group', 'brand', 'dealer')),
  brand_id uuid references brands,
  dealer_id uuid references dealers,
  amount_minor bigint not null check (amount_minor >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  note text check (length(note) <= 500),
  entered_by uuid references users on delete set null,
  entered_at timestamptz not null default now(),
  check (owner_level <> 'group' or (brand_id is null and dealer_id is null)),
  check (owner_level <> 'brand' or (brand_id is not null and dealer_id is null)),
  check (owner_level <> 'dealer' or (dealer_id is not null and brand_id is null)),
  -- one figure per source, month and owner: entering it again replaces it
  constraint lead_source_costs_owner_month_key
    unique nulls not distinct (source_key, month, owner_level, brand_id, dealer_id)
);
-- a dealer's (or a scope's dealers') months: the screen and the dashboards read these
create index lead_source_costs_dealer_month_idx on lead_source_costs (dealer_id, month);
create index lead_source_costs_month_idx on lead_source_costs (month);

create trigger lead_source_costs_audit after insert or update or delete on lead_source_costs
  for each row execute function autocrm_audit('');
