-- A service visit moved to another day moves its points' validity with it (visit-points.ts):
-- its old dated points are reversed by negative rows that keep their expiry day, and the expiry
-- run reads those as a reduction of the points due that day instead of as points spent
-- (expiry.ts). This index finds them by day, as club_points_expiry_idx finds earned points.
create index club_points_dated_reduction_idx on club_points_ledger (expires_on)
  where points < 0 and expires_on is not null;
