-- The person locks of 0286 guard copies of dealer links against other transactions running at
-- the same time. The embedded database (PGlite) serves one connection, and the app's pool of
-- one runs its transactions one after another: nothing can run beside a transaction, so its
-- locks guard nothing there, yet a campaign page still took 500 of them (and the insert trigger
-- of 0282 one a row). The app sets autocrm.one_connection = 'on' for the session when it opens
-- the embedded database (db/database.ts); then the guard and the bulk slot return at once. On a
-- PostgreSQL server the setting is never set and nothing changes.
--
-- 0286's two entry points keep their bodies under new names; the old names become a check in
-- front of them, so every caller (customer_dealer_links_lock / _read_lock, the fill trigger,
-- dealer-links-guard.ts) goes through it without being rewritten.

alter function customer_dealer_links_guard(uuid[], boolean) rename to customer_dealer_links_locks;

create function customer_dealer_links_guard(ids uuid[], exclusive boolean) returns void
language plpgsql as $$
begin
  if current_setting('autocrm.one_connection', true) = 'on' then
    return;
  end if;
  perform customer_dealer_links_locks(ids, exclusive);
end $$;

-- a bulk's slot and its recorded snapshot serve to right what transactions beside it changed:
-- none can run beside it on one connection
alter function customer_dealer_links_bulk() rename to customer_dealer_links_bulk_slot;

create function customer_dealer_links_bulk() returns void language plpgsql as $$
begin
  if current_setting('autocrm.one_connection', true) = 'on' then
    return;
  end if;
  perform customer_dealer_links_bulk_slot();
end $$;
