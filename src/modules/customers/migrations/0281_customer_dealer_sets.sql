-- The sets of dealers customers are linked to, each once, with a small id (issue 7: the ROI
-- report for a brand). A table whose rows belong to a person can carry his set's id, kept equal
-- to his links by its own triggers (0282), and check the data scope by that id: the sets a
-- reader sees are found once per statement among a few dozen (23 in the 1.14M demo base, out
-- of 1.14M people), and each row is then one integer looked up in a hash of them, instead of a
-- look into customer_dealers (for a brand, a hash of its 741,000 links in every statement) or
-- an overlap of two arrays per row (0.5 us each, as much as the hash at 1M rows).
--
-- A set is never changed or removed: a person whose links change gets another set's id (a new
-- set is added the first time it is needed). The empty set is a person linked to no dealer,
-- seen group-wide only, as he is (auth/scope.ts).
create table customer_dealer_sets (
  id integer generated always as identity primary key,
  -- sorted, so one set has one row
  dealer_ids uuid[] not null unique
);

-- the id of a person's set of dealers as his links are now, the set added if it is new
create function customer_dealer_set_of(customer uuid) returns integer language plpgsql as $$
declare
  wanted uuid[] := (select coalesce(array_agg(l.dealer_id order by l.dealer_id), '{}')
                      from customer_dealers l where l.customer_id = customer);
  found integer;
begin
  select s.id into found from customer_dealer_sets s where s.dealer_ids = wanted;
  if found is null then
    -- another transaction adding the same set first: its row is waited for and read
    insert into customer_dealer_sets (dealer_ids) values (wanted)
      on conflict (dealer_ids) do nothing returning id into found;
    if found is null then
      select s.id into found from customer_dealer_sets s where s.dealer_ids = wanted;
    end if;
  end if;
  return found;
end $$;

-- for a BEFORE row trigger of a table whose rows carry customer_id and customer_dealer_set_id:
-- the row's set as its person's links are now (e.g. 0282, 0283)
create function customer_dealer_set_fill() returns trigger language plpgsql as $$
begin
  new.customer_dealer_set_id := customer_dealer_set_of(new.customer_id);
  return new;
end $$;

-- every set the base has now, and the empty one
insert into customer_dealer_sets (dealer_ids) values ('{}');
insert into customer_dealer_sets (dealer_ids)
select distinct dealer_ids
  from (select array_agg(dealer_id order by dealer_id) as dealer_ids
          from customer_dealers group by customer_id) linked
 order by dealer_ids;
analyze customer_dealer_sets;
