-- An event campaign's own reminder and feedback texts, per kind and language; a missing row
-- means the built-in text (event-care-texts.ts). The channel they were written for is kept:
-- if the campaign moves from e-mail to SMS before sending, e-mail texts are not used for SMS.
create table marketing_event_texts (
  campaign_id uuid not null references marketing_campaigns on delete cascade,
  kind text not null check (kind in ('reminder', 'morning', 'feedback')),
  language text not null check (language in ('en', 'ru', 'zh')),
  channel text not null check (channel in ('email', 'sms')),
  subject text not null default '',
  mjml text not null default '',
  text text,
  updated_by uuid references users on delete set null,
  updated_at timestamptz not null default now(),
  primary key (campaign_id, kind, language)
);
create trigger marketing_event_texts_audit after insert or update or delete on marketing_event_texts
  for each row execute function autocrm_audit('', 'campaign_id,kind,language');
