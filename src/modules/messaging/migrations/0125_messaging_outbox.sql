-- The outbox: every message to a customer is a row here before it leaves (ARCHITECTURE.md,
-- "every send is recorded in an outbox before it leaves"). The sender claims rows, marks
-- them 'sending' and commits before talking to the provider, so a crash can neither lose a
-- message (the row stays) nor send it twice (a row left in 'sending' is never retried blindly).
create table outbox_messages (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  dealer_id uuid references dealers,
  channel text not null check (channel in ('email', 'sms')),
  purpose text not null check (purpose in ('marketing', 'service', 'surveys')),
  recipient text not null,
  subject text,
  body text not null,
  -- [{ "filename", "contentType", "content" }]: small generated files such as an .ics invitation
  attachments jsonb not null default '[]'::jsonb,
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'failed', 'blocked')),
  blocked_reason text,
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 5 check (max_attempts > 0),
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  last_error text,
  provider_message_id text,
  -- what the message is about, e.g. ('test_drive_booking', booking id)
  source_kind text,
  source_id uuid,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  check (status <> 'blocked' or blocked_reason is not null),
  check (status <> 'sent' or sent_at is not null)
);
-- the sender's queue: only the rows still to send are in this index
create index outbox_messages_due_idx on outbox_messages (channel, next_attempt_at)
  where status = 'queued';
create index outbox_messages_sending_idx on outbox_messages (claimed_at) where status = 'sending';
create index outbox_messages_customer_idx on outbox_messages (customer_id, created_at desc);
create index outbox_messages_source_idx on outbox_messages (source_kind, source_id)
  where source_id is not null;

create trigger outbox_messages_touch before update on outbox_messages
  for each row execute function autocrm_touch_updated_at();
create trigger outbox_messages_audit after insert or update or delete on outbox_messages
  for each row execute function autocrm_audit('customer_id');
