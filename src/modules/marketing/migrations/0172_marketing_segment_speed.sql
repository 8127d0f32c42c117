-- Segment counts over millions of customers (bench/segment-count.ts).
--
-- 1. The current consent per customer, channel and purpose as a small table, so that a consent
--    condition is one hashed semi-join over the granted rows instead of a "latest consent row"
--    look-up per candidate customer. The consents table stays the record (history, evidence);
--    this table is derived from it by statement-level triggers that recompute only the keys a
--    statement touched, set-based (a bulk import of a million consents is one pass).
create table marketing_consent_state (
  customer_id uuid not null references customers on delete cascade,
  channel text not null,
  purpose text not null,
  granted boolean not null,
  primary key (customer_id, channel, purpose)
);
-- the granted set of one channel and purpose, read as an index-only range
create index marketing_consent_state_granted_idx on marketing_consent_state (channel, purpose, customer_id)
  where granted;

insert into marketing_consent_state (customer_id, channel, purpose, granted)
select distinct on (customer_id, channel, purpose) customer_id, channel, purpose, status = 'granted'
  from consents
 order by customer_id, channel, purpose, effective_at desc, recorded_at desc;

-- recomputes the state rows of the given customers from their consent records
create function marketing_consent_state_sync(ids uuid[]) returns void language sql as $$
  delete from marketing_consent_state where customer_id = any(ids);
  insert into marketing_consent_state (customer_id, channel, purpose, granted)
  select distinct on (customer_id, channel, purpose) customer_id, channel, purpose, status = 'granted'
    from consents
   where customer_id = any(ids)
   order by customer_id, channel, purpose, effective_at desc, recorded_at desc;
$$;

create function marketing_consent_state_refresh() returns trigger language plpgsql as $$
begin
  -- transition tables exist only for the events that have them, hence one branch each
  if tg_op = 'INSERT' then
    perform marketing_consent_state_sync(array(select distinct customer_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform marketing_consent_state_sync(array(select distinct customer_id from old_rows));
  else
    perform marketing_consent_state_sync(array(
      select customer_id from new_rows union select customer_id from old_rows));
  end if;
  return null;
end $$;

create trigger consents_marketing_state_insert after insert on consents
  referencing new table as new_rows
  for each statement execute function marketing_consent_state_refresh();
create trigger consents_marketing_state_update after update on consents
  referencing old table as old_rows new table as new_rows
  for each statement execute function marketing_consent_state_refresh();
create trigger consents_marketing_state_delete after delete on consents
  referencing old table as old_rows
  for each statement execute function marketing_consent_state_refresh();

-- 2. Service-visit conditions ("a visit in 2 years", "average receipt over X") read only the
--    customer, date and amount: a covering index lets PostgreSQL answer them from the index
--    alone, grouped by customer in index order (no hash of millions of rows, no heap reads).
create index service_visits_customer_total_idx on service_visits (customer_id, visit_date)
  include (total_minor, dealer_id);
