-- Issue 5: a notice about something the person asked for (an event's change or cancellation
-- notice about his own registration) goes under marketing consent like the invitation did, but
-- it is no offer: it must not use up the frequency cap of later marketing messages. The message
-- says so itself (`notice`), so caps count by what a message is, not by who wrote it.
alter table outbox_messages add column notice boolean not null default false;
update outbox_messages set notice = true where source_kind = 'event_change';
drop index outbox_messages_cap_idx;
create index outbox_messages_cap_idx on outbox_messages (customer_id, channel, created_at)
  where purpose = 'marketing' and not notice and status in ('queued', 'sending', 'sent');
