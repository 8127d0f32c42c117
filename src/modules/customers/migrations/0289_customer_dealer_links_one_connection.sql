-- The person locks of 0286 guard copies of dealer links against other transactions running at
-- the same time. The embedded database (PGlite) serves one connection, and the app's pool of
-- one runs its transactions one after another: nothing can run beside a transaction, so its
-- locks guard nothing there, yet a campaign page still took 500 of them (and the insert trigger
-- of 0282 one a row). The app sets autocrm.one_connection = 'on' for the session when it opens
-- the embedded database (db/database.ts); then the lock functions return at once. On a
-- PostgreSQL server the setting is never set and nothing changes.

create or replace function customer_dealer_links_lock(ids uuid[]) returns void
language plpgsql as $$
begin
  if current_setting('autocrm.one_connection', true) = 'on' then
    return;
  end if;
  perform customer_dealer_links_guard(ids, true);
end $$;

create or replace function customer_dealer_links_read_lock(ids uuid[]) returns void
language plpgsql as $$
begin
  if current_setting('autocrm.one_connection', true) = 'on' then
    return;
  end if;
  perform customer_dealer_links_guard(ids, false);
end $$;

-- a bulk's slot and its recorded snapshot serve to right what transactions beside it changed:
-- none can run beside it on one connection
create or replace function customer_dealer_links_bulk() returns void language plpgsql as $$
declare
  slot integer;
  mine boolean := false;
begin
  if current_setting('autocrm.one_connection', true) = 'on'
     or current_setting('autocrm.dealer_links_guard', true) in ('bulk', 'sole') then
    return;
  end if;
  for slot in 1..4 loop
    mine := pg_try_advisory_xact_lock(728602, slot);
    exit when mine;
  end loop;
  if not mine then
    -- every slot is held by a bulk or shared by small transactions: wait for one
    perform pg_advisory_xact_lock(728602, 1 + pg_backend_pid() % 4);
  end if;
  perform set_config('autocrm.dealer_links_guard', 'bulk', true);
  -- a statement of its own: the snapshot is taken once the slot is granted
  insert into customer_dealer_link_bulks default values;
end $$;
