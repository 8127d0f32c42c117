-- The best-customer kept list for a brand (issue 7): a page's count read every run row's person
-- against the reader's scope through customer_dealers, for a brand a hash of its 741,000 links
-- (the brand manager's count alone 0.58-0.65 s quiet; his first page 1.02 s quiet, 2.3-3.5 s
-- at load 8: bench/RESULTS.md). Each kept row now carries
-- the id of its person's set of dealers (0281), as the ROI report's rows do (0282), and the
-- scope reads it (auth/scope.ts customerVisibleByDealerSet): a brand manager's first page 0.85 s
-- -> 0.35 s quiet at 1.14M customers (bench/RESULTS.md, "Campaign ROI for a brand: the dealer
-- set on the row").
--
-- Exact at all times: written by the fit's insert (from one pass over the links,
-- customers' dealer-sets.ts; the trigger fills what it leaves null), rewritten when a merge
-- moves a row to another person and in the transaction that changes a person's links.

-- no foreign key: a set is never removed, and a key's check would cost every insert a probe
alter table analytics_best_customer_scores add column customer_dealer_set_id integer;
update analytics_best_customer_scores k
   set customer_dealer_set_id = coalesce(p.set_id,
         (select s.id from customer_dealer_sets s where s.dealer_ids = '{}'))
  from (select c.id as customer_id, s.id as set_id
          from customers c
          left join (select customer_id, array_agg(dealer_id order by dealer_id) as dealer_ids
                       from customer_dealers group by customer_id) l on l.customer_id = c.id
          left join customer_dealer_sets s on s.dealer_ids = l.dealer_ids) p
 where p.customer_id = k.customer_id;
alter table analytics_best_customer_scores alter column customer_dealer_set_id set not null;

create trigger analytics_best_customer_scores_dealer_set
  before insert on analytics_best_customer_scores
  for each row when (new.customer_dealer_set_id is null)
  execute function customer_dealer_set_fill();
create trigger analytics_best_customer_scores_dealer_set_move
  before update of customer_id on analytics_best_customer_scores
  for each row execute function customer_dealer_set_fill();

-- a person's links added, moved or removed: his kept rows rewritten where their set is no longer
-- his (the update sets no customer_id, so the row trigger stays out)
create function analytics_best_customer_dealer_set_sync(ids uuid[]) returns void
language sql as $$
  with person as (
    select id as customer_id, customer_dealer_set_of(id) as set_id from unnest(ids) id
     where exists (select 1 from analytics_best_customer_scores k where k.customer_id = id)
  )
  update analytics_best_customer_scores k set customer_dealer_set_id = p.set_id
    from person p
   where k.customer_id = p.customer_id and k.customer_dealer_set_id <> p.set_id;
$$;
select autocrm_keep_derived('customer_dealers', 'analytics_best_customer_dealer_set_sync',
                            'customer_id', 'dealer_id');
