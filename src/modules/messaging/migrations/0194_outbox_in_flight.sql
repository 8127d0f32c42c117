-- Issue 5, "a crash or restart never loses or doubles a message". Until now a sender marked a
-- whole claimed batch 'sending' in one commit, so a process killed mid-batch left messages
-- that never reached the provider looking in flight, and they were failed as "delivery
-- unknown": lost. Now a claim is a lease: the row stays 'queued', carries the claiming pass's
-- token, and its next_attempt_at moves to the end of the lease, so rows of a dead process come
-- due again by themselves. Only the one message about to be handed to the provider is marked
-- 'sending' (its own commit, guarded by the token); that is the only state a crash can leave
-- ambiguous, and it is still failed rather than sent twice.
alter table outbox_messages add column claim_token uuid;

-- The outbox's audit without the rendered bodies. The generic row trigger copied every
-- message's text and HTML (7 KB for a campaign e-mail) into audit_log on insert and turned
-- the whole row into JSON again on each of a send's status changes: measured at 100k
-- customers, that was four fifths of the cost of queueing a campaign. The bodies are written
-- once and kept by the outbox row itself; the audit keeps who queued which message and every
-- change of its delivery state. Inserts are audited per statement (a campaign page is one).
drop trigger outbox_messages_audit on outbox_messages;

create function outbox_messages_audit_insert() returns trigger
language plpgsql as $$
begin
  if current_setting('autocrm.audit', true) = 'off' then
    return null;
  end if;
  insert into audit_log (actor_user_id, actor_label, request_id, table_name, record_id,
                         customer_id, action, new_values)
  select nullif(current_setting('autocrm.actor_id', true), '')::uuid,
         coalesce(nullif(current_setting('autocrm.actor_label', true), ''), 'system'),
         nullif(current_setting('autocrm.request_id', true), ''),
         'outbox_messages', m.id::text, m.customer_id, 'insert',
         jsonb_strip_nulls(jsonb_build_object(
           'id', m.id, 'customer_id', m.customer_id, 'dealer_id', m.dealer_id,
           'channel', m.channel, 'purpose', m.purpose, 'recipient', m.recipient,
           'subject', m.subject, 'status', m.status, 'blocked_reason', m.blocked_reason,
           'next_attempt_at', m.next_attempt_at, 'source_kind', m.source_kind,
           'source_id', m.source_id, 'created_by', m.created_by,
           'idempotency_key', m.idempotency_key))
    from inserted m;
  return null;
end
$$;

create function outbox_messages_audit_change() returns trigger
language plpgsql as $$
declare
  old_state jsonb;
  new_state jsonb;
  old_values jsonb := '{}';
  new_values jsonb := '{}';
  key text;
begin
  if current_setting('autocrm.audit', true) = 'off' then
    return null;
  end if;
  -- the delivery state only: never the bodies, which nothing changes after the insert
  if TG_OP <> 'INSERT' then
    old_state := jsonb_build_object('status', OLD.status, 'blocked_reason', OLD.blocked_reason,
      'attempts', OLD.attempts, 'max_attempts', OLD.max_attempts,
      'next_attempt_at', OLD.next_attempt_at, 'claimed_at', OLD.claimed_at,
      'claim_token', OLD.claim_token, 'last_error', OLD.last_error,
      'provider_message_id', OLD.provider_message_id, 'sent_at', OLD.sent_at,
      'recipient', OLD.recipient, 'customer_id', OLD.customer_id);
  end if;
  if TG_OP = 'UPDATE' then
    new_state := jsonb_build_object('status', NEW.status, 'blocked_reason', NEW.blocked_reason,
      'attempts', NEW.attempts, 'max_attempts', NEW.max_attempts,
      'next_attempt_at', NEW.next_attempt_at, 'claimed_at', NEW.claimed_at,
      'claim_token', NEW.claim_token, 'last_error', NEW.last_error,
      'provider_message_id', NEW.provider_message_id, 'sent_at', NEW.sent_at,
      'recipient', NEW.recipient, 'customer_id', NEW.customer_id);
    for key in select jsonb_object_keys(new_state) loop
      if (new_state -> key) is distinct from (old_state -> key) then
        old_values := old_values || jsonb_build_object(key, old_state -> key);
        new_values := new_values || jsonb_build_object(key, new_state -> key);
      end if;
    end loop;
    if new_values = '{}' then
      return null;
    end if;
  else
    old_values := old_state;
    new_values := null;
  end if;
  insert into audit_log (actor_user_id, actor_label, request_id, table_name, record_id,
                         customer_id, action, old_values, new_values)
  values (
    nullif(current_setting('autocrm.actor_id', true), '')::uuid,
    coalesce(nullif(current_setting('autocrm.actor_label', true), ''), 'system'),
    nullif(current_setting('autocrm.request_id', true), ''),
    'outbox_messages', OLD.id::text, coalesce(NEW.customer_id, OLD.customer_id),
    lower(TG_OP), old_values, new_values);
  return null;
end
$$;

create trigger outbox_messages_audit_insert after insert on outbox_messages
  referencing new table as inserted
  for each statement execute function outbox_messages_audit_insert();
create trigger outbox_messages_audit_change after update or delete on outbox_messages
  for each row execute function outbox_messages_audit_change();
