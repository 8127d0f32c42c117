-- Replies (issue 5, "replies ... attributed to campaign, variant and person"). An e-mail's
-- Reply-To is reply+<signed outbox id>@REPLY_DOMAIN and the inbound SMTP listener takes the
-- answers; an SMS answer comes from the gateway's inbound hook and is matched to the last SMS
-- sent to that number. Each answer is one row: whose, to which outbox message, and through it
-- which campaign and variant (or journey), when, and the first part of its text.
--   kind: 'reply' a person's answer (logged on his timeline, a task to answer it);
--         'auto_reply' an out-of-office or other machine answer (kept, counted apart, no task);
--         'stop' an SMS STOP: his SMS consent was withdrawn (recorded as the unsubscribe
--         link records it), kept here so the campaign shows why he left.
create table marketing_replies (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references customers on delete cascade,
  message_id uuid references outbox_messages on delete set null,
  channel text not null check (channel in ('email', 'sms')),
  kind text not null check (kind in ('reply', 'auto_reply', 'stop')),
  campaign_id uuid references marketing_campaigns on delete set null,
  variant text,
  -- the journeys module owns its tables: the journey is a plain id, as in marketing_sms_links
  journey_id uuid,
  -- the sender's address or E.164 number, as received
  sender text not null,
  subject text,
  excerpt text not null,
  received_at timestamptz not null,
  -- the e-mail's Message-ID or the gateway's id: the same answer delivered twice is one row
  external_id text,
  activity_id uuid references activities on delete set null,
  task_id uuid references tasks on delete set null,
  created_at timestamptz not null default now(),
  check (campaign_id is null or variant is not null)
);
create unique index marketing_replies_external_idx on marketing_replies (channel, external_id)
  where external_id is not null;
create index marketing_replies_campaign_idx on marketing_replies (campaign_id, received_at desc)
  where campaign_id is not null;
create index marketing_replies_customer_idx on marketing_replies (customer_id, received_at desc);

create trigger marketing_replies_audit after insert or update or delete on marketing_replies
  for each row execute function autocrm_audit('customer_id');

-- the segment leaf { type: 'campaign', response: 'replied' } reads the first reply's time from
-- the recipient row, as it reads opened_at and clicked_at
alter table marketing_campaign_recipients add column replied_at timestamptz;
