-- Campaign channels beyond e-mail (issue 5): SMS through the outbox, call tasks for the call
-- centre (one task per person, with the campaign's script), and direct mail (a print run:
-- the people with postal consent and an address, exported as a CSV and personalised letters).
alter table marketing_campaigns drop constraint marketing_campaigns_channel_check;
alter table marketing_campaigns add constraint marketing_campaigns_channel_check
  check (channel in ('email', 'sms', 'call', 'mail'));
-- a call campaign's tasks go to this user (a call-centre agent or team lead) ...
alter table marketing_campaigns add column call_assignee_user_id uuid references users on delete set null;
-- ... due this many days after the send
alter table marketing_campaigns add column call_due_days smallint not null default 3
  check (call_due_days between 0 and 90);
alter table marketing_campaigns add constraint marketing_campaigns_call_assignee_check
  check (channel <> 'call' or call_assignee_user_id is not null);

-- the task a call campaign created for the person (the message id stays null)
alter table marketing_campaign_recipients add column task_id uuid references tasks on delete set null;
