-- The duplicate check at capture also compares a new person with his namesakes (a surname form
-- and a given-name form, src/modules/quality/duplicates/capture-candidates.ts), leaving out
-- those born apart: the check's engine grades their birth dates "different" (household rule).
-- For the commonest name of the 1.14 M demo base (566 Соколов Александр) the full-text index
-- found every namesake and each was read from the heap to be dropped there (524 of 566).
--
-- A namesake can be kept only if his birth date is unknown, falls within a year of the new
-- person's (so in the year before, the same or the next), or differs in at most two of the
-- eight digits of YYYYMMDD; in that last case, when the year differs, month and day differ in
-- at most one digit. So each word of a customer's search vector is joined here to his year
-- (' y1980'), to his month and day (' d0515'), or to ' -' when the date is unknown or has no
-- four-digit year. The check asks for its surname's words and its given name's words, each
-- joined to the years and the month-days it can keep, and still checks its exact condition on
-- the rows found: the keys only narrow them.
create or replace function customer_word_dates(words tsvector, born date) returns text[]
language sql immutable parallel safe
as $$
  select array(
    select w || k
      from unnest(tsvector_to_array(words)) w,
           unnest(case when born is null or extract(year from born) not between 1 and 9999
                       then array[' -']
                       else array[' y' || extract(year from born)::int::text,
                                  ' d' || lpad(extract(month from born)::int::text, 2, '0')
                                       || lpad(extract(day from born)::int::text, 2, '0')]
                  end) k)
$$;

create index if not exists customers_word_date_idx on customers
  using gin (customer_word_dates(search_vector, birth_date));

-- "or replace" and "if not exists": the shared bench database got them by hand first (the
-- index concurrently); the planner's estimate for the new expression comes from the analyze
analyze customers;
