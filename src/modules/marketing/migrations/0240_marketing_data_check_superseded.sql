-- A new "please confirm your data" request replaces the customer's older open one: the old
-- link then says so and answers nothing, so one customer never holds two live links.
alter table marketing_data_checks
  add column superseded_by uuid references marketing_data_checks on delete set null;
