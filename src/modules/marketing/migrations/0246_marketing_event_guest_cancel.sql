-- Issue 5: staff cancel one guest's registration from the event's guest list (a guest on the
-- phone who cannot come), and the whole event's cancel in the event's change history.

-- Who cancelled a registration and why. Both null for the guest's own cancel from his page;
-- the table's audit trigger (0176) keeps the acting user of each cancel as well.
alter table marketing_event_registrations
  add column cancelled_by uuid references users on delete set null,
  add column cancel_reason text check (length(cancel_reason) <= 500);

-- The change history (0228) shows the event's cancel beside its moves: kind 'cancel', old and
-- new details alike (what the event was), with the reason staff gave.
alter table marketing_event_changes
  add column kind text not null default 'change' check (kind in ('change', 'cancel')),
  add column reason text check (length(reason) <= 500);

-- Events cancelled before this migration: who and when from the campaign's audit trail (the
-- update that set the status), no reason (none was asked) and no notice counts (not kept).
insert into marketing_event_changes (
  campaign_id, sequence, changed_by, changed_at, old_venue, new_venue, old_starts_at,
  new_starts_at, old_ends_at, new_ends_at, old_capacity, new_capacity, kind)
select c.id, c.event_sequence, u.id, coalesce(a.at, c.updated_at), c.event_venue, c.event_venue,
       c.event_starts_at, c.event_starts_at, c.event_ends_at, c.event_ends_at, c.event_capacity,
       c.event_capacity, 'cancel'
  from marketing_campaigns c
  left join lateral (
    select l.at, l.actor_user_id from audit_log l
     where l.table_name = 'marketing_campaigns' and l.record_id = c.id::text
       and l.action = 'update' and l.new_values ->> 'status' = 'cancelled'
     order by l.at desc limit 1) a on true
  left join users u on u.id = a.actor_user_id
 where c.kind = 'event' and c.status = 'cancelled'
   and c.event_starts_at is not null and c.event_capacity is not null;
