-- Recommended offers (issue 5: templates with "… bonus balance, recommended offers"). An offer
-- belongs to the group, a brand or a dealer, is valid between two days, has a title and text
-- per language, and is meant for the people of a saved segment or of its own condition tree
-- (the segment compiler's, e.g. a model series owned, a vehicle's age, the last visit). A
-- message's `{{#each offers}}` lists the best few for each person (offers.service.ts).
create table marketing_offers (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  owner_level text not null check (owner_level in ('group', 'brand', 'dealer')),
  brand_id uuid references brands,
  dealer_id uuid references dealers,
  valid_from date not null,
  valid_to date not null,
  -- among offers of one level, the higher first
  priority integer not null default 0,
  -- {"ru": {"title": "…", "text": "…"}, "en": {…}}
  texts jsonb not null,
  segment_id uuid references marketing_segments,
  condition jsonb,
  active boolean not null default true,
  created_by uuid references users,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (valid_to >= valid_from),
  check ((owner_level = 'dealer') = (dealer_id is not null)),
  check ((owner_level = 'brand') = (brand_id is not null)),
  check ((segment_id is null) <> (condition is null))
);
-- a send reads the offers valid today: few rows, but no scan of the expired ones
create index marketing_offers_valid_idx on marketing_offers (valid_to, valid_from) where active;
create trigger marketing_offers_audit after insert or update or delete on marketing_offers
  for each row execute function autocrm_audit();
