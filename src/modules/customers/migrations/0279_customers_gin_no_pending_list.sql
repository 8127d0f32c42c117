-- The check at capture (src/modules/quality/duplicates/capture-candidates.ts) reads the three GIN
-- indexes of customers: 0270's word-and-date index (its name block and, for a surname in Han
-- characters, the near dates of the year block), 0208's word-and-year index and the full-text
-- index (a name without a birth date). With fastupdate on (PostgreSQL's default) each index keeps
-- the entries of recently written customers in an unsorted pending list until the list outgrows
-- gin_pending_list_limit (4 MB, about 8,000 customers here) or a vacuum merges it, and every scan
-- reads that list whole and compares each entry with each of its keys. Every insert and every
-- update of a customer adds to it (updated_at is indexed, so no update is HOT). On a copy of the
-- 1.14M bench customers a scan of the word-and-date index for the 126 keys of 李 born within
-- 31 days took 2.4 ms with the list empty, 16 ms with 1,000 customers pending, 60-140 ms with
-- 4,000 and over 200 ms with 8,000 (bench/RESULTS.md, "The check at capture and the GIN pending
-- list").
--
-- Without the list a write puts its entries into the index at once: about the same cost one
-- customer at a time (the list's merge is paid later either way), 0.1-0.25 ms more per row in a
-- large one-statement insert (an import), and no scan ever reads a backlog.
alter index customers_word_date_idx set (fastupdate = off);
alter index customers_word_year_idx set (fastupdate = off);
alter index customers_search_idx set (fastupdate = off);

-- turning it off does not merge what is already pending
select gin_clean_pending_list('customers_word_date_idx'::regclass),
       gin_clean_pending_list('customers_word_year_idx'::regclass),
       gin_clean_pending_list('customers_search_idx'::regclass);
