-- Changing an event after the invitations are out (venue, start, places). The campaign counts
-- its changes of venue or time, as a calendar entry's SEQUENCE does: the change notices and the
-- reminders written after a change carry it in their idempotency keys, so a reminder already
-- sent for the old time does not keep the one for the new time out of the outbox.
alter table marketing_campaigns add column event_sequence integer not null default 0;

-- Who changed what and when (old -> new), shown on the event page; the campaign row's own audit
-- trail has the same values, but mixed with every other change of the campaign.
create table marketing_event_changes (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  sequence integer not null,
  changed_by uuid references users on delete set null,
  changed_at timestamptz not null default now(),
  old_venue text,
  new_venue text,
  old_starts_at timestamptz not null,
  new_starts_at timestamptz not null,
  old_capacity integer not null,
  new_capacity integer not null,
  -- people moved up from the waitlist into the new places
  promoted integer not null default 0,
  -- change notices written to the outbox: queued, and blocked (consent, rules)
  notices_queued integer not null default 0,
  notices_blocked integer not null default 0
);
create index marketing_event_changes_campaign_idx
  on marketing_event_changes (campaign_id, changed_at);
create trigger marketing_event_changes_audit after insert or update or delete
  on marketing_event_changes for each row execute function autocrm_audit();
