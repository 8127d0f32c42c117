-- Merging two customer records (quality module) moves the loser's club rows to the survivor.
-- The ledger stays append-only for everything else: only the customer it belongs to may change,
-- and only inside a merge, which says so with the transaction-local autocrm.customer_merge.
create or replace function club_points_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  if tg_op = 'UPDATE' and current_setting('autocrm.customer_merge', true) = 'on'
     and (to_jsonb(new) - 'customer_id') = (to_jsonb(old) - 'customer_id') then
    return new;
  end if;
  raise exception 'the points ledger is append-only; add a correction instead'
    using errcode = 'restrict_violation';
end $$;
