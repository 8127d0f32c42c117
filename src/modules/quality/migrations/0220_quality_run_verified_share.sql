-- The verified share in the trend (issue 6): how many of a dealer's customers had their data
-- verified with them in the 12 months before the run, stored at run time so the trend shows
-- how it moved. Null for runs made before this column existed (not known, not zero).
alter table quality_run_dealers add column verified integer;
