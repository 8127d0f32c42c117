-- The winner an automatic split switched to (opt-in per split step, `autoWinner`): one row per
-- journey and split step, written once by the runner when the leading branch beat every other
-- branch significantly. `figures` keeps the branches' people, conversions and p-values of that
-- moment, so the decision can be read later even when the figures have moved on. From then on
-- the runner sends everyone who reaches the split down `branch_key`; who passed it stays put.
create table journey_split_winners (
  journey_id uuid not null references journeys on delete cascade,
  step_id text not null,
  branch_key text not null,
  confidence int not null check (confidence in (90, 95, 99)),
  min_people int not null,
  figures jsonb not null,
  decided_at timestamptz not null,
  primary key (journey_id, step_id)
);

create trigger journey_split_winners_audit after insert or update or delete on journey_split_winners
  for each row execute function autocrm_audit('', 'journey_id,step_id');
