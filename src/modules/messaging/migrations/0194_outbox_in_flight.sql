-- Issue 5, "a crash or restart never loses or doubles a message". Until now a sender marked a
-- whole claimed batch 'sending' in one commit, so a process killed mid-batch left messages
-- that never reached the provider looking in flight, and they were failed as "delivery
-- unknown": lost. Now a claim is a lease: the row stays 'queued', carries the claiming pass's
-- token, and its next_attempt_at moves to the end of the lease, so rows of a dead process come
-- due again by themselves. Only the one message about to be handed to the provider is marked
-- 'sending' (its own commit, guarded by the token); that is the only state a crash can leave
-- ambiguous, and it is still failed rather than sent twice.
alter table outbox_messages add column claim_token uuid;
