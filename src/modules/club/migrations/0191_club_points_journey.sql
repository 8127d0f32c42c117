-- Journeys award points (issue 5, "add points" step): a new ledger source. Its source_id is
-- derived from the journey run and step, so the ledger's unique (member, source, source_id)
-- makes a retried step award once.
alter table club_points_ledger drop constraint club_points_ledger_source_check;
alter table club_points_ledger add constraint club_points_ledger_source_check check (source in (
  'purchase', 'service_visit', 'event', 'referral', 'manual', 'redemption', 'expiry', 'correction',
  'journey'));
