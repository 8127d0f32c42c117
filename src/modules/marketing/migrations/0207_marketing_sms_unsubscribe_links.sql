-- The unsubscribe link of an SMS gets a short code too (issue 5). Left as the signed link it
-- was some 200 characters: two extra SMS parts for every message that offers a way out. Its
-- row says it is the way out, so following it counts no click for the campaign or journey.
alter table marketing_sms_links
  add column unsubscribe boolean not null default false;
