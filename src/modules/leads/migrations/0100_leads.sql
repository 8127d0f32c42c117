-- Prospects (leads): where they come from, what they want, who works them, how far they got.
-- Seeds: 000 slides 6-17 (channels, pipeline, one dealer per person), 002 part II (the 11
-- basic fields of a qualified prospect), 003 P3-P6 (prospect data).

create table lead_sources (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_en text not null,
  name_ru text not null,
  name_zh text not null,
  active boolean not null default true,
  position integer not null default 100,
  created_at timestamptz not null default now()
);

-- The 11 channels of the BMW case (seed 000), then the call centre and partner data.
insert into lead_sources (key, name_en, name_ru, name_zh, position) values
  ('showroom', 'Showroom', 'Шоурум', '展厅', 10),
  ('own_prospecting', 'Own prospecting', 'Собственный поиск', '自主开发', 20),
  ('telemarketing', 'Telemarketing', 'Телемаркетинг', '电话营销', 30),
  ('referral', 'Referral', 'Рекомендация', '客户推荐', 40),
  ('key_accounts', 'Key accounts', 'Ключевые клиенты', '大客户', 50),
  ('secondary_dealers', 'Secondary dealers', 'Субдилеры', '二级经销商', 60),
  ('marketing_events', 'Marketing events', 'Маркетинговые мероприятия', '市场活动', 70),
  ('advertising', 'Advertising', 'Реклама', '广告', 80),
  ('brand_cooperation', 'Brand cooperation', 'Сотрудничество брендов', '品牌合作', 90),
  ('purchased_data', 'Purchased data', 'Покупные базы', '购买数据', 100),
  ('website', 'Website', 'Сайт', '网站', 110),
  ('call_center', 'Call centre', 'Колл-центр', '呼叫中心', 120),
  ('partner_data', 'Partner data', 'Данные партнёров', '合作伙伴数据', 130);

create table leads (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid references dealers,
  brand_id uuid references brands,
  assigned_user_id uuid references users on delete set null,
  source_key text not null references lead_sources,
  campaign text,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,
  stage text not null default 'new' check (stage in (
    'new', 'contacted', 'showroom_visit', 'test_drive', 'offer', 'order', 'delivered', 'lost')),
  lost_reason text check (lost_reason in (
    'price', 'bought_competitor', 'bought_used', 'postponed', 'no_response', 'financing',
    'no_stock', 'other')),
  lost_competitor_make text,
  lost_competitor_model text,
  interest_type text check (interest_type in ('buy', 'lease', 'trade-in', 'test-drive')),
  intended_purchase_date date,
  timeframe text,
  budget_minor bigint check (budget_minor >= 0),
  currency char(3),
  colour text,
  condition text check (condition in ('new', 'used')),
  current_car_make text,
  current_car_model text,
  current_car_year integer check (current_car_year between 1900 and 2100),
  promotions text[] not null default '{}',
  competitor_models text[] not null default '{}',
  trade_in jsonb,
  comment text,
  external_ref text,
  last_contact_result text,
  next_contact_plan text,
  next_contact_at timestamptz,
  first_response_at timestamptz,
  requested_at timestamptz not null default now(),
  stage_changed_at timestamptz not null default now(),
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (stage <> 'lost' or lost_reason is not null),
  check (budget_minor is null or currency is not null)
);
-- Capture is idempotent on (source, the sender's id).
create unique index leads_external_ref_idx on leads (source_key, external_ref)
  where external_ref is not null;
create index leads_customer_idx on leads (customer_id, created_at desc);
-- The board and the list of one dealer / one consultant, newest first; also the open-lead
-- count of the round-robin cap.
create index leads_dealer_idx on leads (dealer_id, stage, updated_at desc, id);
create index leads_assignee_idx on leads (assigned_user_id, stage, updated_at desc, id);
-- Funnel by source over a period.
create index leads_created_idx on leads (created_at, source_key);

create table lead_vehicles (
  id uuid primary key default gen_random_uuid(),
  lead_id uuid not null references leads on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  position integer not null,
  make text,
  model text,
  year integer,
  trim text,
  colour text,
  condition text check (condition in ('new', 'used')),
  unique (lead_id, position)
);

create table lead_stage_history (
  id uuid primary key default gen_random_uuid(),
  lead_id uuid not null references leads on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  from_stage text,
  to_stage text not null,
  note text,
  user_id uuid references users on delete set null,
  changed_at timestamptz not null default now()
);
create index lead_stage_history_lead_idx on lead_stage_history (lead_id, changed_at);

-- One owning dealer per brand per person (seed 000: no three dealers inviting one person to
-- the same test drive). The primary key makes the rule hold under concurrent captures.
create table lead_brand_owners (
  customer_id uuid not null references customers on delete cascade,
  brand_id uuid not null references brands,
  dealer_id uuid not null references dealers,
  since timestamptz not null default now(),
  primary key (customer_id, brand_id)
);
create index lead_brand_owners_dealer_idx on lead_brand_owners (dealer_id);

-- Hand-overs of a person between dealers (transfer by the owner or a manager above, claim).
create table lead_handovers (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  brand_id uuid not null references brands,
  lead_id uuid references leads on delete set null,
  from_dealer_id uuid references dealers,
  to_dealer_id uuid not null references dealers,
  to_user_id uuid references users on delete set null,
  reason text not null,
  by_user_id uuid references users on delete set null,
  created_at timestamptz not null default now()
);
create index lead_handovers_customer_idx on lead_handovers (customer_id, created_at);

-- Ordered routing rules: the first active rule whose conditions all hold names the dealer
-- (or, with use_relationship, the dealer the person already deals with). Empty condition =
-- any. Within the dealer a consultant on duty is chosen by round-robin under a cap.
create table lead_routing_rules (
  id uuid primary key default gen_random_uuid(),
  position integer not null,
  name text not null,
  active boolean not null default true,
  brand_id uuid references brands,
  postcode_prefixes text[] not null default '{}',
  cities text[] not null default '{}',
  models text[] not null default '{}',
  sources text[] not null default '{}',
  use_relationship boolean not null default false,
  dealer_id uuid references dealers,
  open_lead_cap integer not null default 40 check (open_lead_cap between 1 and 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (use_relationship or dealer_id is not null)
);
create index lead_routing_rules_order_idx on lead_routing_rules (position, id) where active;

-- The tasks follow-up created for a lead (SLA); escalated_at marks an overdue one passed on
-- to the dealer's CRM manager.
create table lead_tasks (
  task_id uuid primary key references tasks on delete cascade,
  lead_id uuid not null references leads on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  purpose text not null check (purpose in (
    'first_contact', 'showroom_follow_up', 'next_contact', 'escalation')),
  escalated_at timestamptz
);
create index lead_tasks_lead_idx on lead_tasks (lead_id);
create index lead_tasks_unescalated_idx on lead_tasks (task_id) where escalated_at is null;

create trigger leads_touch before update on leads
  for each row execute function autocrm_touch_updated_at();
create trigger lead_routing_rules_touch before update on lead_routing_rules
  for each row execute function autocrm_touch_updated_at();
create trigger leads_audit after insert or update or delete on leads
  for each row execute function autocrm_audit('customer_id');
create trigger lead_brand_owners_audit after insert or update or delete on lead_brand_owners
  for each row execute function autocrm_audit('customer_id', 'customer_id,brand_id');
create trigger lead_handovers_audit after insert on lead_handovers
  for each row execute function autocrm_audit('customer_id');
create trigger lead_routing_rules_audit after insert or update or delete on lead_routing_rules
  for each row execute function autocrm_audit('');
create trigger lead_sources_audit after insert or update or delete on lead_sources
  for each row execute function autocrm_audit('', 'key');

-- First-response time: the first outbound contact with the person by the lead's dealer after
-- the lead came in. A trigger, because the activities module must not call back into leads.
create function leads_first_response() returns trigger
language plpgsql as $$
begin
  if new.direction = 'outbound' and new.channel <> 'other' then
    update leads
       set first_response_at = new.occurred_at
     where customer_id = new.customer_id
       and first_response_at is null
       and (dealer_id is null or new.dealer_id is null or dealer_id = new.dealer_id)
       and created_at <= new.occurred_at
       and stage not in ('delivered', 'lost');
  end if;
  return null;
end $$;
create trigger activities_lead_first_response after insert on activities
  for each row execute function leads_first_response();
