-- The vehicle condition of segments ("a Geely or Haval, 3 to 7 years old"): the make is matched
-- case-insensitively (lower(make_name) = any(...)) and the age as a range of the first
-- registration, else of the model year (segment-compiler.ts, vehicleAgeYears).
--
-- Without this index PostgreSQL scans every vehicle and, having no statistics on
-- lower(make_name), guesses about 3,000 owners of two common makes where there are 240,000
-- (bench/segment-count.ts at 1.14 M customers), and plans the rest of the segment for that
-- guess. An expression index gives both: ANALYZE keeps statistics on its expression, and the
-- make and registration range are read from the index (customer and model year included, so
-- the fallback to the model year needs no extra column).
create index vehicles_make_registration_idx on vehicles (lower(make_name), first_registration)
  include (customer_id, model_year);

-- the expression's statistics now, not when autovacuum next analyzes the table
analyze vehicles;
