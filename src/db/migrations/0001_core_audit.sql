-- Every write is audited by a trigger, so no code path can forget it. The actor comes from
-- transaction-local settings written by the data layer (withActor):
--   autocrm.actor_id    the user's id (empty for the system)
--   autocrm.actor_label 'api', 'cli', 'demo', 'job' ...
--   autocrm.request_id  the HTTP request id, to tie log lines to requests
-- Bulk demo loads set autocrm.audit = 'off' and record one summary entry instead.

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_label text,
  request_id text,
  table_name text not null,
  record_id text not null,
  customer_id uuid,
  action text not null check (action in ('insert', 'update', 'delete', 'event')),
  old_values jsonb,
  new_values jsonb
);
create index audit_log_record_idx on audit_log (table_name, record_id, at desc);
create index audit_log_customer_idx on audit_log (customer_id, at desc) where customer_id is not null;
create index audit_log_actor_idx on audit_log (actor_user_id, at desc);

-- Trigger arguments: TG_ARGV[0] the column holding the customer id ('' when none),
-- TG_ARGV[1] the key columns, comma separated (default 'id').
create function autocrm_audit() returns trigger
language plpgsql as $$
declare
  hidden text[] := array['password_hash', 'token_hash', 'search_text', 'search_vector', 'updated_at'];
  full_old jsonb;
  full_new jsonb;
  old_values jsonb;
  new_values jsonb;
  key text;
  customer_column text := coalesce(nullif(TG_ARGV[0], ''), '-');
  key_columns text[] := string_to_array(coalesce(nullif(TG_ARGV[1], ''), 'id'), ',');
  the_row jsonb;
  record_key text;
begin
  if current_setting('autocrm.audit', true) = 'off' then
    return null;
  end if;
  if TG_OP <> 'INSERT' then full_old := to_jsonb(OLD); end if;
  if TG_OP <> 'DELETE' then full_new := to_jsonb(NEW); end if;
  the_row := coalesce(full_new, full_old);

  if TG_OP = 'UPDATE' then
    old_values := '{}';
    new_values := '{}';
    for key in select jsonb_object_keys(full_new) loop
      if not key = any(hidden) and (full_new -> key) is distinct from (full_old -> key) then
        old_values := old_values || jsonb_build_object(key, full_old -> key);
        new_values := new_values || jsonb_build_object(key, full_new -> key);
      end if;
    end loop;
    if new_values = '{}' then
      return null;
    end if;
  else
    old_values := full_old - hidden;
    new_values := full_new - hidden;
  end if;

  select string_agg(the_row ->> k, ':') into record_key from unnest(key_columns) as k;

  insert into audit_log (actor_user_id, actor_label, request_id, table_name, record_id,
                         customer_id, action, old_values, new_values)
  values (
    nullif(current_setting('autocrm.actor_id', true), '')::uuid,
    coalesce(nullif(current_setting('autocrm.actor_label', true), ''), 'system'),
    nullif(current_setting('autocrm.request_id', true), ''),
    TG_TABLE_NAME,
    coalesce(record_key, '?'),
    (the_row ->> customer_column)::uuid,
    lower(TG_OP),
    old_values,
    new_values
  );
  return null;
end
$$;

create function autocrm_touch_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;
