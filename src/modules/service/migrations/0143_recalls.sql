-- Recall campaigns (issue 4): the maker's list of VINs to fix; a recall visit closes a car's
-- recall. VINs are kept as given, so cars registered after the upload are matched too.

create table recall_campaigns (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  title text not null,
  description text,
  starts_on date not null,
  status text not null default 'active' check (status in ('active', 'closed')),
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger recall_campaigns_touch before update on recall_campaigns
  for each row execute function autocrm_touch_updated_at();
create trigger recall_campaigns_audit after insert or update or delete on recall_campaigns
  for each row execute function autocrm_audit();

create table recall_vehicles (
  campaign_id uuid not null references recall_campaigns on delete cascade,
  vin text not null check (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  status text not null default 'open' check (status in ('open', 'done')),
  closed_visit_id uuid references service_visits on delete set null,
  closed_at timestamptz,
  primary key (campaign_id, vin)
);
-- "open recalls of this car" and the reminder exclusion look up by VIN
create index recall_vehicles_open_vin_idx on recall_vehicles (vin) where status = 'open';

create trigger recall_vehicles_audit after insert or update or delete on recall_vehicles
  for each row execute function autocrm_audit('', 'campaign_id,vin');
