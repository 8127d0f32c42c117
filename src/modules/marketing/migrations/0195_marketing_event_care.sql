-- Event care (seed 001's show: reminders, the door, follow-up and feedback). Per event campaign:
-- how long before the start the reminder goes (null: none), whether a second one goes the same
-- morning, and whether attendees are asked for feedback the day after.
alter table marketing_campaigns add column event_reminder_hours integer default 48
  check (event_reminder_hours between 1 and 720);
alter table marketing_campaigns add column event_morning_reminder boolean not null default false;
alter table marketing_campaigns add column event_feedback boolean not null default true;
-- events already over when this arrives are not asked about afterwards: their guests would get a
-- feedback request out of the blue on the first pass
update marketing_campaigns set event_feedback = false
 where kind = 'event' and event_starts_at < now();

-- A walk-in came without registering: he is attended on arrival and never held a place, so he
-- is left out of the capacity count and of the waitlist's promotion.
alter table marketing_event_registrations add column walk_in boolean not null default false;
alter table marketing_event_registrations add constraint marketing_event_registrations_walk_in_check
  check (not walk_in or (status = 'registered' and attended_at is not null));
-- the 1-5 answer from the person's signed feedback link (the last answer counts)
alter table marketing_event_registrations add column feedback_rating smallint
  check (feedback_rating between 1 and 5);
alter table marketing_event_registrations add column feedback_at timestamptz;

-- What the care job wrote for a registration, one row per kind: the job's "already done" list
-- (the outbox's idempotency key is the second wall) and the counts on the campaign page.
create table marketing_event_messages (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  kind text not null check (kind in ('reminder', 'morning', 'feedback')),
  message_id uuid references outbox_messages on delete set null,
  status text not null check (status in ('queued', 'blocked')),
  blocked_reason text,
  created_at timestamptz not null default now(),
  primary key (campaign_id, customer_id, kind)
);
create index marketing_event_messages_customer_idx on marketing_event_messages (customer_id);
create trigger marketing_event_messages_audit
  after insert or update or delete on marketing_event_messages
  for each row execute function autocrm_audit('customer_id', 'campaign_id,customer_id,kind');
