-- The first page of a search for a bare e-mail local part ("info@") in name order, without
-- reading every match.
--
-- The address index (0212) finds the customers of "info@" in address order, so their first page
-- by name read every match's sort key and sorted them: for the generic mailboxes of a company
-- (info@, office@, auto@, fleet@: about 9,800 customers each at 1.14 M) that was 9,800 probes of
-- customers per page and the e-mail search's p95 of 164 ms (bench/RESULTS.md). This table holds
-- each local part of a customer's addresses beside his sort key, so the one index range
-- (local_part) yields them already in name order and a page reads about as many rows as it shows.
--
-- local_part is the normalized address up to its first '@'. A search "X@" (X without '@') is
-- `normalized like 'X@%'`, which holds exactly when the address's part before its first '@' is
-- X: the same customers, one row each however many such addresses he has. Addresses without '@'
-- can match no e-mail search and have no row.
create table customer_email_local_parts (
  customer_id uuid not null references customers on delete cascade,
  -- byte order, as equality in the search (and independent of the database's collation)
  local_part text collate "C" not null,
  -- customers.sort_key, in its collation: the list's name order
  sort_key text not null
);

-- The same rows once per dealer the customer is linked to, with the consultant who works him
-- there, as customer_dealer_name_words (0206) for names: a consultant's part of "info@" is one
-- index range, his colleagues' rows skipped inside the index, and his count reads his rows only.
-- The scope check still runs on every row found, as a second wall.
create table customer_dealer_email_local_parts (
  dealer_id uuid not null,
  local_part text collate "C" not null,
  sort_key text not null,
  -- no key to customer_dealers: a merge moves links to the survivor (0206 says why)
  customer_id uuid not null references customers on delete cascade,
  assigned_user_id uuid
);

-- the table's definition: a customer's local parts. Merged-away customers (tombstones, never
-- listed) have none. A filter on customer_id reaches both tables' customer keys.
create view customer_email_local_parts_source as
select distinct c.id as customer_id, split_part(e.normalized, '@', 1) collate "C" as local_part,
       c.sort_key
  from customers c
  join customer_emails e on e.customer_id = c.id
 where c.merged_into is null and strpos(e.normalized, '@') > 0;

-- the dealer copy of the given customers' rows, one per link
create view customer_dealer_email_local_parts_source as
select l.dealer_id, p.local_part, p.sort_key, p.customer_id, l.assigned_user_id
  from customer_email_local_parts p join customer_dealers l on l.customer_id = p.customer_id;

-- the rows of the given customers, from their addresses, sort keys and dealer links
create function customer_email_local_parts_sync(ids uuid[]) returns void language sql as $$
  delete from customer_dealer_email_local_parts where customer_id = any(ids);
  delete from customer_email_local_parts where customer_id = any(ids);
  insert into customer_email_local_parts (customer_id, local_part, sort_key)
  select customer_id, local_part, sort_key
    from customer_email_local_parts_source where customer_id = any(ids);
  insert into customer_dealer_email_local_parts
         (dealer_id, local_part, sort_key, customer_id, assigned_user_id)
  select dealer_id, local_part, sort_key, customer_id, assigned_user_id
    from customer_dealer_email_local_parts_source where customer_id = any(ids);
$$;

-- the customers already recorded, in one pass each, before the indexes (a sorted build each)
insert into customer_email_local_parts (customer_id, local_part, sort_key)
select customer_id, local_part, sort_key from customer_email_local_parts_source;
alter table customer_email_local_parts add primary key (customer_id, local_part);
insert into customer_dealer_email_local_parts
       (dealer_id, local_part, sort_key, customer_id, assigned_user_id)
select dealer_id, local_part, sort_key, customer_id, assigned_user_id
  from customer_dealer_email_local_parts_source;

create index customer_email_local_parts_walk_idx
  on customer_email_local_parts (local_part, sort_key, customer_id);
create index customer_dealer_email_local_parts_walk_idx
  on customer_dealer_email_local_parts (dealer_id, local_part, sort_key, customer_id)
  include (assigned_user_id);
create index customer_dealer_email_local_parts_customer_idx
  on customer_dealer_email_local_parts (customer_id);

-- kept by the generic statement triggers (0204). A customer's sort key or merge; an address
-- added, changed, moved to another customer (a merge: both customers are synced) or removed;
-- a dealer link added, moved or removed, or its consultant changed. Other updates of these
-- tables (a customer's stage, a link's last_at on every service visit) call nothing.
select autocrm_keep_derived('customers', 'customer_email_local_parts_sync', 'id',
                            'sort_key', 'merged_into');
select autocrm_keep_derived('customer_emails', 'customer_email_local_parts_sync', 'customer_id',
                            'normalized');
select autocrm_keep_derived('customer_dealers', 'customer_email_local_parts_sync', 'customer_id',
                            'dealer_id', 'assigned_user_id');
