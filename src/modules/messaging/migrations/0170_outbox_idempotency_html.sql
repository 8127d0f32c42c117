-- Campaign sends write many messages at once and may be re-run (a retry after a crash, a user
-- pressing "send" twice): the idempotency key makes the second write of the same message a
-- no-op. E-mails may carry an HTML body beside the plain text.
alter table outbox_messages add column idempotency_key text;
alter table outbox_messages add column body_html text;
create unique index outbox_messages_idempotency_idx on outbox_messages (idempotency_key)
  where idempotency_key is not null;
-- frequency caps count a person's recent marketing messages per channel
create index outbox_messages_cap_idx on outbox_messages (customer_id, channel, created_at)
  where purpose = 'marketing' and status in ('queued', 'sending', 'sent');
