-- Which test decided a split's winner. Winners recorded before this migration were switched to
-- when the fixed-sample z-test, read again at every runner pass, first looked significant
-- ('fixed'): with many looks that names a false winner far more often than the level says.
-- From now on the runner waits for the always-valid mSPRT ('always_valid', split-results.ts),
-- whose level holds however often it looks. The old decisions stand (the switch is final) and
-- keep their label, so the card can say which rule made them.
alter table journey_split_winners
  add column rule text not null default 'fixed' check (rule in ('fixed', 'always_valid'));
