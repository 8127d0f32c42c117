-- An SMS answer names only the number it came from: the inbound hook finds the last SMS sent to
-- that number (marketing's replies, issue 5). Without this index that is a scan of the outbox.
create index outbox_messages_sms_recipient_idx on outbox_messages (recipient, sent_at desc)
  where channel = 'sms' and status = 'sent';
