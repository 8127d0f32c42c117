-- Copies of a person's dealer links kept right under concurrency (issues 7 and 2).
--
-- Several kept tables copy a person's links, and the data scope reads the copy: the dealer set
-- id of the ROI rows and the best-customer scores (0281-0283), and the per-dealer rows of the
-- search (0206, 0257). In READ COMMITTED two races left a wrong copy until the person's links
-- changed again (marketing/dealer-link-races.api.test.ts, PostgreSQL only):
--   1. a writer (a campaign page, the ROI refresh) computes a person's set from his links and
--      inserts a row; meanwhile a merge removes a link and its sync rewrites the person's rows
--      it can see, which is not the writer's uncommitted row: the removed dealer keeps him.
--   2. two changes of one person's links (or of his names and his links) each recompute the
--      copies from what they see; neither sees the other, and whichever writes last leaves a
--      copy of a state that never was (a removed dealer's search rows back, or twice a row).
--
-- The rule: whatever computes a copy from a person's links first takes a transaction lock on
-- the person (an advisory key per person, sorted, so two transactions never wait on each other
-- in a circle): exclusive for the syncs that rewrite copies when links, names or addresses
-- change (0280 calls customer_dealer_links_lock before them), shared for writers that copy the
-- links into new rows (customer_dealer_links_read_lock: the insert trigger, a campaign page).
-- The statement after the lock sees what the transaction it waited for committed, so the
-- later of two transactions always computes from the other's links, and the other's rows are
-- visible to it. A consultant's edit waits only for another transaction touching the same
-- person (an import commits each row on its own), never for a refresh or a fit.
--
-- Bulk: a statement may touch 100,000+ people (the ROI rebuild, a best-customer fit, a demo
-- load with its triggers on), and a lock per person would fill the shared lock table (64 per
-- connection by default). Two rules, by what the bulk does:
--   - a bulk that copies links into rows of its own (the ROI refresh, a fit: they call
--     customer_dealer_links_bulk first) holds one of four bulk slots (advisory keys) from its
--     start to its commit instead. A small transaction takes the four slots shared; one that
--     cannot (a bulk runs) still takes its people's locks, and if it changes links it records
--     them (customer_dealer_link_rechecks) and rights its own copies at its commit when a bulk
--     committed meanwhile (customer_dealer_link_besides). The bulk computes from what was
--     committed when it got its slot (small transactions holding it shared are waited for),
--     and at its commit runs the syncs again for the people recorded by transactions it could
--     not see; one whose recording transaction is still open is left to that one's commit. The
--     two commits take the barrier key (exclusive for the bulk, shared for the small one), so
--     the later of them always sees the other. Small transactions never wait for such a bulk
--     but for the milliseconds of its commit; two bulks wait on each other only when all four
--     slots are busy.
--   - a transaction that changes the links, names or addresses of more than 1,000 people in
--     its first statement (or comes to lock 2,000 people, or changes links inside a bulk) takes
--     every slot and the body key exclusive: it waits for the running bulks and small transactions, and the small ones
--     wait for its commit. Rare (demo loads with their triggers on, a deleted consultant's
--     customers), and never on a consultant's path.
-- A circle of waits left (a bulk's commit rewriting a person whose rows another bulk holds) is
-- broken by PostgreSQL's deadlock check, which fails one of the two; none was seen in tests.
--
-- Rejected: a row lock on the person (customers) is free of the lock table but would make a
-- consultant's edit of him wait for a refresh of 45 s; a re-check queue drained by a periodic
-- job would leave a removed dealer seeing the person until the job came by.
--
-- Advisory keys (the two-integer form, apart from the one-bigint keys of the ROI refresh and
-- the migrations): (728601, hashtext(person id)) a person (a hash shared by two people only
-- makes them wait for each other); (728602, 1-4) the bulk slots; (728602, 5) the body key of
-- small transactions beside a bulk; (728602, 0) the commit barrier.

-- people whose copies are righted at a commit: recorded by transactions that changed links
-- beside a bulk. No key to customers: a merge must not have to move these rows.
create table customer_dealer_link_rechecks (
  customer_id uuid not null,
  xid xid8 not null default pg_current_xact_id(),
  queued_at timestamptz not null default now()
);

-- the bulks of the last day with the snapshot each computed from (kept, so a small
-- transaction committing later knows one committed after it began)
create table customer_dealer_link_bulks (
  xid xid8 primary key default pg_current_xact_id(),
  snapshot pg_snapshot not null default pg_current_snapshot(),
  began_at timestamptz not null default now()
);

-- the small transactions that change links beside a bulk, till they commit
create table customer_dealer_link_besides (
  xid xid8 primary key default pg_current_xact_id(),
  snapshot pg_snapshot not null default pg_current_snapshot()
);

-- the syncs of the copies of these people's links run again (each reads its people's links,
-- names and addresses as they are now)
create function customer_dealer_links_resync(people uuid[]) returns void language plpgsql as $$
declare
  sync regproc;
begin
  if coalesce(cardinality(people), 0) = 0 then
    return;
  end if;
  for sync in select l.sync from autocrm_derived_key_locks l
               where l.lock = 'customer_dealer_links_lock'::regproc order by l.sync::text loop
    execute format('select %s($1)', sync) using people;
  end loop;
end $$;

-- This transaction copies many people's links into rows of its own: it takes a bulk slot (a
-- free one, else one by its process id) and records its snapshot. Idempotent.
create function customer_dealer_links_bulk() returns void language plpgsql as $$
declare
  slot integer;
  mine boolean := false;
begin
  if current_setting('autocrm.dealer_links_guard', true) in ('bulk', 'sole') then
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

-- This transaction runs alone among those that touch copies of links, till it commits.
create function customer_dealer_links_sole() returns void language plpgsql as $$
declare
  slot integer;
begin
  for slot in 1..5 loop
    perform pg_advisory_xact_lock(728602, slot);
  end loop;
  perform set_config('autocrm.dealer_links_guard', 'sole', true);
end $$;

-- the locks before `ids`' copies are computed: exclusive for a sync that rewrites them,
-- shared for a writer that copies the links into new rows
create function customer_dealer_links_guard(ids uuid[], exclusive boolean) returns void
language plpgsql as $$
declare
  guard text := coalesce(nullif(current_setting('autocrm.dealer_links_guard', true), ''), 'none');
  held integer := coalesce(nullif(current_setting('autocrm.dealer_links_held', true), ''), '0')::integer;
  every_slot boolean := true;
  slot integer;
begin
  if coalesce(cardinality(ids), 0) = 0 or guard = 'sole' then
    return;
  end if;
  if guard = 'bulk' then
    -- a bulk's own rows are righted at its commit; a bulk that changes links runs alone
    if exclusive then
      perform customer_dealer_links_sole();
    end if;
    return;
  end if;
  if guard = 'none' and cardinality(ids) > 1000 then
    perform customer_dealer_links_sole();
    return;
  end if;
  if held + cardinality(ids) > 1000 then
    -- the sum counts a person once per sync: the locks really held are counted (a scan of
    -- the lock table, on this rare path only). Turning sole from here waits for the other
    -- small transactions, and two doing it at once wait on each other (PostgreSQL fails one
    -- as a deadlock): only past 2,000 people.
    held := (select count(*) from pg_locks
              where locktype = 'advisory' and pid = pg_backend_pid() and classid = 728601::oid);
    if held + cardinality(ids) > 2000 then
      perform customer_dealer_links_sole();
      return;
    end if;
  end if;
  if guard = 'none' then
    -- each slot tried, none skipped: a bulk starting later waits for every one held here
    for slot in 1..4 loop
      if not pg_try_advisory_xact_lock_shared(728602, slot) then
        every_slot := false;
      end if;
    end loop;
    guard := case when every_slot then 'small' else 'beside_bulk' end;
    if not every_slot then
      perform pg_advisory_xact_lock_shared(728602, 5);
    end if;
    perform set_config('autocrm.dealer_links_guard', guard, true);
  end if;
  -- in one statement, in key order (a loop here cost 7 us a person, this 1 us: a campaign
  -- page locks 500)
  if exclusive then
    perform count(pg_advisory_xact_lock(728601, person))
       from (select distinct hashtext(id::text) as person from unnest(ids) id order by 1) sorted;
  else
    perform count(pg_advisory_xact_lock_shared(728601, person))
       from (select distinct hashtext(id::text) as person from unnest(ids) id order by 1) sorted;
  end if;
  perform set_config('autocrm.dealer_links_held', (held + cardinality(ids))::text, true);
  if guard = 'beside_bulk' and exclusive then
    insert into customer_dealer_link_rechecks (customer_id) select distinct unnest(ids);
    insert into customer_dealer_link_besides default values on conflict (xid) do nothing;
  end if;
end $$;

create function customer_dealer_links_lock(ids uuid[]) returns void language sql as $$
  select customer_dealer_links_guard(ids, true);
$$;

create function customer_dealer_links_read_lock(ids uuid[]) returns void language sql as $$
  select customer_dealer_links_guard(ids, false);
$$;

-- A bulk's commit: its rows of the people whose links changed beside it, computed again.
-- A person still locked by a change under way is left to that change's commit (waiting for it
-- here could close a circle: it waits for this barrier at its commit).
create function customer_dealer_links_bulk_end() returns trigger language plpgsql as $$
declare
  people uuid[];
begin
  perform pg_advisory_xact_lock(728602, 0);
  select array_agg(q.customer_id) into people
    from (select distinct customer_id from customer_dealer_link_rechecks
           where not pg_visible_in_snapshot(xid, new.snapshot)
           order by 1) q
   where pg_try_advisory_xact_lock_shared(728601, hashtext(q.customer_id::text));
  perform customer_dealer_links_resync(people);
  delete from customer_dealer_link_rechecks where queued_at < now() - interval '1 day';
  delete from customer_dealer_link_bulks where began_at < now() - interval '1 day';
  return null;
end $$;

-- A small change's commit beside a bulk: if a bulk committed since it began, that bulk may
-- not have seen it, nor it the bulk's rows: its people's copies computed again (under its
-- own locks of them).
create function customer_dealer_links_beside_end() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock_shared(728602, 0);
  if exists (select 1 from customer_dealer_link_bulks b
              where not pg_visible_in_snapshot(b.xid, new.snapshot)) then
    perform customer_dealer_links_resync(
      array(select distinct customer_id from customer_dealer_link_rechecks where xid = new.xid));
  end if;
  delete from customer_dealer_link_besides where xid = new.xid;
  return null;
end $$;

create constraint trigger customer_dealer_link_bulks_end
  after insert on customer_dealer_link_bulks deferrable initially deferred
  for each row execute function customer_dealer_links_bulk_end();
create constraint trigger customer_dealer_link_besides_end
  after insert on customer_dealer_link_besides deferrable initially deferred
  for each row execute function customer_dealer_links_beside_end();

-- the insert and move triggers of 0282 and 0283: the person's set read under his lock
create or replace function customer_dealer_set_fill() returns trigger language plpgsql as $$
begin
  perform customer_dealer_links_read_lock(array[new.customer_id]);
  new.customer_dealer_set_id := customer_dealer_set_of(new.customer_id);
  return new;
end $$;

-- every sync kept from customer_dealers (0206 and 0257 the search's dealer copies, also run on
-- a change of names or addresses; 0282 and 0283 the dealer sets). A module that keeps another
-- copy of the links adds its sync here.
insert into autocrm_derived_key_locks (sync, lock)
select distinct split_part(encode(t.tgargs, 'escape'), '\000', 1)::regproc,
       'customer_dealer_links_lock'::regproc
  from pg_trigger t
  join pg_proc p on p.oid = t.tgfoid
 where t.tgrelid = 'customer_dealers'::regclass and p.proname = 'autocrm_refresh_derived';
analyze autocrm_derived_key_locks;
