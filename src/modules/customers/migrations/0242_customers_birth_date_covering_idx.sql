-- A segment that ORs a birthday with another record ("birthday in 30 days or 3+ visits") tests
-- the birthday of each customer the other conditions left, found by id. Through the primary key
-- each test was a visit of the customers heap (590 MB at 1.14 M customers, most of it not in
-- memory): 122,000 of them took about a second in bench/segment-count.ts. With the birth date
-- beside the id these are index-only look-ups in an index of 44 MB.
create index customers_id_birth_date_idx on customers (id) include (birth_date);
