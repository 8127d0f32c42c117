-- A group campaign localised per dealer (issue 5, "Dealer conflicts"): each dealer's own
-- marketing signature, stored once, and a dealer's own paragraph for one group or brand
-- campaign. Texts per language: {"ru": "…", "en": "…", "zh": "…"}. Templates read them as
-- {{dealer.signature}} and {{dealer.note}} (recipient-data.ts, one query per page).
create table marketing_dealer_signatures (
  dealer_id uuid primary key references dealers on delete cascade,
  texts jsonb not null,
  updated_by uuid references users on delete set null,
  updated_at timestamptz not null default now()
);
create trigger marketing_dealer_signatures_audit
  after insert or update or delete on marketing_dealer_signatures
  for each row execute function autocrm_audit('', 'dealer_id');

create table marketing_campaign_dealer_notes (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  dealer_id uuid not null references dealers on delete cascade,
  texts jsonb not null,
  updated_by uuid references users on delete set null,
  updated_at timestamptz not null default now(),
  primary key (campaign_id, dealer_id)
);
create trigger marketing_campaign_dealer_notes_audit
  after insert or update or delete on marketing_campaign_dealer_notes
  for each row execute function autocrm_audit('', 'campaign_id,dealer_id');
