-- Event campaigns (issue 5, seed 001's SAAB show): a campaign of kind 'event' invites people to
-- a venue and time with a capacity; each invitee registers through his personal signed link,
-- beyond the capacity onto a waitlist (first come, first promoted when a place frees up), and
-- staff mark who came. An A/B test of the invitation may be won by registration rate.
alter table marketing_campaigns add column kind text not null default 'message'
  check (kind in ('message', 'event'));
alter table marketing_campaigns add column event_venue text check (length(event_venue) <= 300);
alter table marketing_campaigns add column event_starts_at timestamptz;
alter table marketing_campaigns add column event_capacity integer
  check (event_capacity between 1 and 100000);
alter table marketing_campaigns add constraint marketing_campaigns_event_check
  check (kind <> 'event' or (event_starts_at is not null and event_capacity is not null));
alter table marketing_campaigns drop constraint marketing_campaigns_ab_metric_check;
alter table marketing_campaigns add constraint marketing_campaigns_ab_metric_check
  check (ab_metric in ('open_rate', 'click_rate', 'registration_rate'));

create table marketing_event_registrations (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  customer_id uuid not null references customers on delete cascade,
  status text not null check (status in ('registered', 'waitlisted', 'cancelled')),
  -- the place in the queue: a re-registration after a cancellation goes to the back
  registered_at timestamptz not null default now(),
  cancelled_at timestamptz,
  attended_at timestamptz,
  attendance_by uuid references users on delete set null,
  primary key (campaign_id, customer_id),
  check ((status = 'cancelled') = (cancelled_at is not null)),
  check (attended_at is null or status = 'registered')
);
create index marketing_event_registrations_queue_idx
  on marketing_event_registrations (campaign_id, status, registered_at);
create index marketing_event_registrations_customer_idx
  on marketing_event_registrations (customer_id);
create trigger marketing_event_registrations_audit
  after insert or update or delete on marketing_event_registrations
  for each row execute function autocrm_audit('customer_id', 'campaign_id,customer_id');
