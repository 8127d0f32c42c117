-- Bounces (issue 5): what providers and SMTP servers said about messages that did not arrive.
-- A hard bounce (the address does not exist) stops marketing to the address (the marketing
-- module records a do-not-contact "bounced"); soft bounces (mailbox full, greylisting) are
-- kept, and three within 30 days count as a hard one.
create table outbox_bounces (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  message_id uuid references outbox_messages on delete set null,
  channel text not null check (channel in ('email', 'sms')),
  recipient text not null,
  kind text not null check (kind in ('hard', 'soft')),
  -- the enhanced status code (RFC 3463), e.g. 5.1.1, and the server's words
  status_code text,
  diagnostic text,
  source text not null check (source in ('smtp', 'webhook')),
  occurred_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create index outbox_bounces_customer_idx on outbox_bounces (customer_id, occurred_at desc);
create index outbox_bounces_message_idx on outbox_bounces (message_id) where message_id is not null;
-- the provider's id finds the message a webhook speaks of
create index outbox_messages_provider_idx on outbox_messages (provider_message_id)
  where provider_message_id is not null;

create trigger outbox_bounces_audit after insert or update or delete on outbox_bounces
  for each row execute function autocrm_audit('customer_id');
