-- Weekly dealer pack by e-mail (README "Weekly pack"). Staff mail is not customer mail: the
-- customer outbox needs a customer and consent, so packs have an outbox of their own.

-- A user's own switch. No row means the default: on for dealer and CRM managers of a dealer,
-- off for everyone else who may read analytics.
create table report_subscriptions (
  user_id uuid primary key references users (id) on delete cascade,
  enabled boolean not null,
  updated_at timestamptz not null default now()
);
create trigger report_subscriptions_audit after insert or update or delete on report_subscriptions
  for each row execute function autocrm_audit('', 'user_id');

-- One row per (user, pack, week), written with the rendered mail before anything is sent: the
-- unique key makes a second queueing of the same week a no-op, and a restart finds the row.
-- Not audited row by row: the row is itself the record of the send (and holds the workbook).
create table report_mail (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  -- the scope the figures cover: 'dealer:<id>', 'region:<id>', 'brand:<id>' or 'group'
  pack text not null,
  -- the Monday of the week reported on
  week_start date not null check (extract(isodow from week_start) = 1),
  recipient text not null,
  locale text not null check (locale in ('en', 'ru', 'zh')),
  subject text not null,
  body_text text not null,
  body_html text not null,
  attachment_name text not null,
  attachment bytea not null,
  status text not null default 'queued'
    check (status in ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null default 6,
  next_attempt_at timestamptz not null default now(),
  claimed_at timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (user_id, pack, week_start)
);
create index report_mail_due_idx on report_mail (next_attempt_at) where status = 'queued';
create index report_mail_user_idx on report_mail (user_id, week_start desc);
