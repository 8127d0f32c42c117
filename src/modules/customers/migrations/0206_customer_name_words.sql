-- The first page of a broad name search in name order, without reading every match.
--
-- The full-text index finds the customers of a word prefix in no useful order: for a bare common
-- surname (王, 李, 张: 23,000 of 1.14 M demo customers) the page had to read and sort them all
-- (bench/RESULTS.md, "API latency"). This table holds every lexeme of a customer's search_vector
-- beside his sort key, so one index range (root_len, word) yields that word's customers already
-- in name order and a page reads about as many rows as it shows.
--
-- root_len is the length of the longest *other* lexeme of the same customer that is a prefix of
-- this one (0 when none). A prefix search P matches a customer exactly when one of his lexemes
-- starts with P, and his shortest such lexeme always has root_len < length(P) (a longer prefix
-- lexeme would itself start with P). So the search reads only the rows with word starting with P
-- and root_len < length(P): for 王 that is the one range (0, '王'), because the full names 王伟,
-- 王芳 ... of the same customers have root_len 1 and need not be walked.
create table customer_name_words (
  customer_id uuid not null references customers on delete cascade,
  -- byte order, so that a prefix is one index range whatever the database's collation
  word text collate "C" not null,
  root_len smallint not null,
  -- customers.sort_key, in its collation: the list's name order
  sort_key text not null,
  primary key (customer_id, word)
);
create index customer_name_words_walk_idx
  on customer_name_words (root_len, word, sort_key, customer_id);

-- The same rows once per dealer the customer is linked to, with the consultant who works him
-- there. A consultant sees 1 in 15 of the demo customers: walking all 8,000 Петров to find
-- his 540 (a scope probe each) cost as much as the old search; here his dealer's Петров are one
-- index range and his colleagues' are skipped inside the index. Used for one-dealer scopes
-- (consultants, dealer staff); the scope check still runs on every row found, as a second wall.
create table customer_dealer_name_words (
  dealer_id uuid not null,
  root_len smallint not null,
  word text collate "C" not null,
  sort_key text not null,
  -- no key to customer_dealers: a merge moves links to the survivor (an update of customer_id
  -- that such a key would refuse); the triggers below rebuild both customers' rows instead
  customer_id uuid not null references customers on delete cascade,
  assigned_user_id uuid
);
create index customer_dealer_name_words_walk_idx
  on customer_dealer_name_words (dealer_id, root_len, word, sort_key, customer_id)
  include (assigned_user_id);
create index customer_dealer_name_words_customer_idx on customer_dealer_name_words (customer_id);

-- the table's definition: a customer's lexemes with their root lengths. Merged-away customers
-- (tombstones, never listed) have none. A filter on customer_id reaches the customers' key.
create view customer_name_words_source as
select c.id as customer_id, x.word collate "C" as word,
       coalesce((select max(length(o.word)) from unnest(l.words) o(word)
                  where o.word <> x.word and starts_with(x.word, o.word)), 0)::smallint as root_len,
       c.sort_key
  from customers c
 cross join lateral (select tsvector_to_array(c.search_vector) as words) l
 cross join lateral unnest(l.words) x(word)
 where c.merged_into is null;

-- the dealer copy of the given customers' rows, one per link
create view customer_dealer_name_words_source as
select l.dealer_id, w.root_len, w.word, w.sort_key, w.customer_id, l.assigned_user_id
  from customer_name_words w join customer_dealers l on l.customer_id = w.customer_id;

-- the rows of the given customers, from their search vectors and dealer links
create function customer_name_words_sync(ids uuid[]) returns void language sql as $$
  delete from customer_dealer_name_words where customer_id = any(ids);
  delete from customer_name_words where customer_id = any(ids);
  insert into customer_name_words (customer_id, word, root_len, sort_key)
  select customer_id, word, root_len, sort_key
    from customer_name_words_source where customer_id = any(ids);
  insert into customer_dealer_name_words
         (dealer_id, root_len, word, sort_key, customer_id, assigned_user_id)
  select dealer_id, root_len, word, sort_key, customer_id, assigned_user_id
    from customer_dealer_name_words_source where customer_id = any(ids);
$$;

-- kept by the generic statement triggers (0204): most updates of a customer (stage, notes,
-- consent ...) touch neither his names nor his sort order and call nothing
select autocrm_keep_derived('customers', 'customer_name_words_sync', 'id',
                            'search_text', 'sort_key', 'merged_into');
-- a new, moved or removed link, or a new consultant; a service visit touches last_at and
-- relations on every visit, which changes no name word. A merge moves a link to the survivor:
-- both customers are synced (the old and the new customer_id both differ).
select autocrm_keep_derived('customer_dealers', 'customer_name_words_sync', 'customer_id',
                            'dealer_id', 'assigned_user_id');

-- the customers already recorded, in one pass
insert into customer_name_words (customer_id, word, root_len, sort_key)
select customer_id, word, root_len, sort_key from customer_name_words_source;
insert into customer_dealer_name_words
       (dealer_id, root_len, word, sort_key, customer_id, assigned_user_id)
select dealer_id, root_len, word, sort_key, customer_id, assigned_user_id
  from customer_dealer_name_words_source;
