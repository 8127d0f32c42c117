-- A derived table kept by the statement triggers of 0204 may need its keys locked before its
-- sync reads what it copies (issue 7): in READ COMMITTED two transactions that change the same
-- key at once each recompute the copy from what they see, and neither sees the other's
-- uncommitted change, so the one that writes last can leave a copy of a state that never was
-- (a person's dealer links: customers' 0286 says how and why).
--
-- A sync listed here has `lock` called with the same keys first, in the same statement; the
-- sync's own statements then start after the lock is granted, and so see whatever the
-- transaction it waited for committed. A sync not listed costs one probe of this table.
create table autocrm_derived_key_locks (
  sync regproc primary key,
  -- a function (keys uuid[]) returning void
  lock regproc not null
);

create or replace function autocrm_refresh_derived() returns trigger language plpgsql as $$
declare
  sync regproc := tg_argv[0]::regproc;
  key_column text := tg_argv[1];
  projected text;
  keys uuid[];
  key_lock regproc;
begin
  -- transition tables exist only for the events that have them, hence one branch each
  if tg_op = 'INSERT' then
    execute format('select array(select distinct %I from new_rows)', key_column) into keys;
  elsif tg_op = 'DELETE' then
    execute format('select array(select distinct %I from old_rows)', key_column) into keys;
  else
    select string_agg(format('%I', c), ', ') into projected
      from unnest(array[key_column] || tg_argv[2:]) c;
    execute format(
      'select array(select distinct %1$I from (
         (select %2$s from new_rows except select %2$s from old_rows)
         union all
         (select %2$s from old_rows except select %2$s from new_rows)) changed)',
      key_column, projected)
      into keys;
  end if;
  if cardinality(keys) > 0 then
    select l.lock into key_lock from autocrm_derived_key_locks l where l.sync = tg_argv[0]::regproc;
    if key_lock is not null then
      execute format('select %s($1)', key_lock) using keys;
    end if;
    execute format('select %s($1)', sync) using keys;
  end if;
  return null;
end $$;
