-- A generic statement trigger for derived tables kept up to date (per-vehicle service facts,
-- the name words of search): it recomputes the derived rows of the keys a statement touched,
-- by calling the table's sync function once per statement with all of them.
--
--   tg_argv[0]   the sync function, taking the keys as uuid[]
--   tg_argv[1]   the key column of the changed table
--   tg_argv[2:]  the other columns the derived rows read
--
-- An update counts only where the key or a listed column changed: the keys of the rows that are
-- in the new rows' (key, columns) and not in the old ones', and the other way round. Compared as
-- set differences, which PostgreSQL hashes, so a statement updating many rows costs a pass over
-- each transition table (a join on an id would need one; `is distinct from` cannot be hashed).
-- An update of columns the derived rows do not read (a visit's description) calls nothing.
create function autocrm_refresh_derived() returns trigger language plpgsql as $$
declare
  sync regproc := tg_argv[0]::regproc;
  key_column text := tg_argv[1];
  projected text;
  keys uuid[];
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
    execute format('select %s($1)', sync) using keys;
  end if;
  return null;
end $$;

-- Keeps a derived table in step with `source`: creates its insert, update and delete statement
-- triggers, each calling autocrm_refresh_derived with `sync`, the key column and the watched
-- columns, named <source>_<sync>_<event>.
create function autocrm_keep_derived(source regclass, sync regproc, key_column text,
                                     variadic watched text[] default '{}')
returns void language plpgsql as $$
declare
  arguments text := array_to_string(array(
    select quote_literal(a) from unnest(array[sync::text, key_column] || watched) a), ', ');
  prefix text := (select relname from pg_class where oid = source) || '_' || sync::text;
begin
  execute format('create trigger %I after insert on %s referencing new table as new_rows
                  for each statement execute function autocrm_refresh_derived(%s)',
                 prefix || '_insert', source, arguments);
  execute format('create trigger %I after update on %s
                  referencing old table as old_rows new table as new_rows
                  for each statement execute function autocrm_refresh_derived(%s)',
                 prefix || '_update', source, arguments);
  execute format('create trigger %I after delete on %s referencing old table as old_rows
                  for each statement execute function autocrm_refresh_derived(%s)',
                 prefix || '_delete', source, arguments);
end $$;
