-- The duplicate check at capture looks for a surname form born in the same year
-- (src/modules/quality/duplicates/capture-candidates.ts). With 0198 PostgreSQL intersects the
-- full-text hits with the year's birth dates, but for the most common surname that is two
-- bitmaps of ten thousand rows and more on every check (Смирнов: 8,863 people; born in 1985:
-- 33,874) for about 265 rows in common. This index holds each word of a customer's search
-- vector joined to his birth year, so the pair is one short posting list.
--
-- The check builds its keys with the same function from the surname's forms; the keys only
-- narrow the rows, the full-text condition and the year are still checked on each one.
create function customer_word_years(words tsvector, born date) returns text[]
language sql immutable strict parallel safe
as $$
  select array(select w || ' ' || extract(year from born)::int::text
                 from unnest(tsvector_to_array(words)) w)
$$;

create index customers_word_year_idx on customers
  using gin (customer_word_years(search_vector, birth_date)) where birth_date is not null;

-- the planner's estimate for the new expression (its most common elements) comes from here
analyze customers;
