-- When the person's data was last verified with the person himself, by whom and how (issue 6:
-- the freshness part of the quality score and "verified wins" in merge survivorship). Only the
-- latest verification is kept on the record; the audit trail of customers keeps the earlier ones,
-- and the action in the customer page also logs an activity for the contact history.
alter table customers
  add column verified_at timestamptz,
  add column verified_by uuid references users on delete set null,
  add column verification_method text check (verification_method in (
    'phone_call', 'in_person', 'service_reception', 'document', 'email_link', 'trusted_import')),
  add column verification_note text,
  -- a method and a time go together; the user may be gone (set null) or a system (imports)
  add constraint customers_verification_complete
    check ((verified_at is null) = (verification_method is null));
