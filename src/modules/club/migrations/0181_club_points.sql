-- The points ledger: append-only (a correction is a new row pointing at the one it corrects),
-- audited, one row per earning source (unique), and a balance per member that a statement
-- trigger keeps in step with the ledger and that can never go below zero.

create table club_points_ledger (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references club_members on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  club_id uuid not null references clubs on delete cascade,
  source text not null check (source in (
    'purchase', 'service_visit', 'event', 'referral', 'manual', 'redemption', 'expiry', 'correction')),
  -- the purchase, visit, event registration or referral the points came from
  source_id uuid,
  points integer not null check (points <> 0),
  reason text,
  occurred_on date not null,
  -- earned points lapse on this day (first in, first out; see expiry.ts)
  expires_on date,
  amount_minor bigint,
  currency char(3),
  corrects_entry_id uuid references club_points_ledger,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  check (source in ('correction') or (points < 0) = (source in ('redemption', 'expiry'))),
  check (source not in ('manual', 'correction', 'redemption') or reason is not null),
  check (source <> 'correction' or corrects_entry_id is not null)
);
-- each purchase, visit, attendance or referral earns once, however often the run repeats
create unique index club_points_source_key on club_points_ledger (member_id, source, source_id)
  where source_id is not null;
create index club_points_member_idx on club_points_ledger (member_id, occurred_on desc, created_at desc);
create index club_points_customer_idx on club_points_ledger (customer_id);
create index club_points_club_idx on club_points_ledger (club_id, occurred_on);
create index club_points_expiry_idx on club_points_ledger (expires_on) where points > 0;

create table club_point_balances (
  member_id uuid primary key references club_members on delete cascade,
  customer_id uuid not null,
  balance integer not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now()
);

-- every member has a balance row from the start, so the ledger trigger only ever updates
create function club_members_open_balance() returns trigger
language plpgsql as $$
begin
  insert into club_point_balances (member_id, customer_id)
  select id, customer_id from new_members
  on conflict (member_id) do nothing;
  return null;
end $$;
create trigger club_members_open_balance after insert on club_members
  referencing new table as new_members for each statement
  execute function club_members_open_balance();

-- one update per member per statement, under the balance row's lock: two redemptions at once
-- queue on the row, and the second fails the check when the first has taken the points
create function club_points_apply() returns trigger
language plpgsql as $$
begin
  update club_point_balances b
     set balance = b.balance + d.delta, updated_at = now()
    from (select member_id, sum(points)::integer as delta from new_entries group by member_id) d
   where b.member_id = d.member_id;
  return null;
end $$;
create trigger club_points_apply after insert on club_points_ledger
  referencing new table as new_entries for each statement
  execute function club_points_apply();

-- append-only: rows go only with their member (a cascade runs at trigger depth > 1)
create function club_points_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'the points ledger is append-only; add a correction instead'
    using errcode = 'restrict_violation';
end $$;
create trigger club_points_append_only before update or delete on club_points_ledger
  for each row execute function club_points_append_only();

create trigger club_points_audit after insert or update or delete on club_points_ledger
  for each row execute function autocrm_audit('customer_id');
