-- "Please confirm your data" e-mails (issue 6): who asked whom, when, and what the person
-- answered on the public page of the signed link. The token itself is never stored, only its
-- SHA-256: a copy of the table cannot answer anybody's request. Each link answers once
-- (answered_at), until expires_at. "All correct" verifies the customer by `email_link`;
-- "Something is wrong" keeps his text here and in a task (task_id) for the requester.
create table marketing_data_checks (
  id uuid primary key,
  customer_id uuid not null references customers on delete cascade,
  requested_by uuid references users on delete set null,
  -- the dealer the answer's task and contact go to: the requester's, else the customer's last
  dealer_id uuid references dealers on delete set null,
  requested_at timestamptz not null default now(),
  token_hash text not null unique,
  expires_at timestamptz not null,
  message_id uuid,
  answered_at timestamptz,
  answer text check (answer in ('correct', 'wrong')),
  answer_note text,
  task_id uuid,
  check ((answered_at is null) = (answer is null))
);
create index marketing_data_checks_customer_idx
  on marketing_data_checks (customer_id, requested_at desc);
create trigger marketing_data_checks_audit after insert or update or delete
  on marketing_data_checks for each row execute function autocrm_audit();

-- Requests to the public page per client address and fixed window (as web_form_hits): the
-- page shows personal data, so guessing tokens must be slow even though a guess cannot succeed.
create table marketing_data_check_hits (
  client_ip text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (client_ip, window_start)
);
