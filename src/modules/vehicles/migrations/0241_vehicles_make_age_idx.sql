-- The vehicle condition of segments ("a Geely or Haval, 3 to 7 years old") is compiled to a make
-- list and one date range on coalesce(first_registration, make_date(model_year, 1, 1))
-- (marketing's segment-compiler.ts, vehicleAgeYears; a car known only by its model year is dated
-- 1 January of it, which gives exactly the model-year rule).
--
-- It replaces 0209's index on (lower(make_name), first_registration). With the registration-or-
-- model-year `or` that index could only be used as a bitmap of two ranges, and every matching car
-- was then read from the heap: 240,000 cars on 27,700 pages for the two commonest makes at 1.14 M
-- customers. Here the make and the age date are the index's keys, so the range holds only the
-- cars in range, and the columns the condition names are included so PostgreSQL answers it
-- from the index alone (its planner needs the plain columns, not only the expressions, for an
-- index-only scan).
create index vehicles_make_age_idx on vehicles
  (lower(make_name), coalesce(first_registration, make_date(model_year, 1, 1)))
  include (customer_id, make_name, first_registration, model_year);
drop index if exists vehicles_make_registration_idx;

-- statistics on the two expressions now, not when autovacuum next analyzes the table
analyze vehicles;
