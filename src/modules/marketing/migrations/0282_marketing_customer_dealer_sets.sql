-- The ROI report for a brand under 2 s on a busy machine (issue 7). Every row the report counts
-- (a recipient row of the funnel, a kept credit, a kept uncredited conversion) was checked
-- against the reader's scope through customer_dealers: for a brand, a semi-join that hashed the
-- brand's 741,000 links in each statement, or a probe of them per row (bench/RESULTS.md,
-- "Campaign ROI: the scope checked per row"; 1.5-3.5 s under load). Each such row now carries
-- the id of its person's set of dealers (0281), which the scope rule reads
-- (auth/scope.ts customerVisibleByDealerSet): one integer per row looked up among the few sets
-- the reader sees.
--
-- The id is exact at all times, not as of a refresh: it is written by the row's insert and by
-- a move of the row to another person (a merge), and rewritten in the transaction that changes
-- the person's links (the generic statement triggers of 0204, as the search's dealer copies of
-- 0206 and 0257). A link's consultant or last contact is not part of it: a consultant's own
-- scope still reads the links.

-- no foreign key: a set is never removed, and a key's check would cost every insert a probe
alter table marketing_campaign_recipients add column customer_dealer_set_id integer;
alter table marketing_roi_credits add column customer_dealer_set_id integer;
alter table marketing_roi_uncredited add column customer_dealer_set_id integer;

-- the rows already there: each person's set (0281 added every set the base has)
create temporary table person_dealer_sets on commit drop as
select c.customer_id, s.id as set_id
  from (select customer_id, array_agg(dealer_id order by dealer_id) as dealer_ids
          from customer_dealers group by customer_id) c
  join customer_dealer_sets s on s.dealer_ids = c.dealer_ids;
create index on person_dealer_sets (customer_id);
analyze person_dealer_sets;
update marketing_campaign_recipients r
   set customer_dealer_set_id = coalesce(
         (select p.set_id from person_dealer_sets p where p.customer_id = r.customer_id),
         (select s.id from customer_dealer_sets s where s.dealer_ids = '{}'));
update marketing_roi_credits k
   set customer_dealer_set_id = coalesce(
         (select p.set_id from person_dealer_sets p where p.customer_id = k.customer_id),
         (select s.id from customer_dealer_sets s where s.dealer_ids = '{}'));
update marketing_roi_uncredited u
   set customer_dealer_set_id = coalesce(
         (select p.set_id from person_dealer_sets p where p.customer_id = u.customer_id),
         (select s.id from customer_dealer_sets s where s.dealer_ids = '{}'));
alter table marketing_campaign_recipients alter column customer_dealer_set_id set not null;
alter table marketing_roi_credits alter column customer_dealer_set_id set not null;
alter table marketing_roi_uncredited alter column customer_dealer_set_id set not null;

-- a row written without the id, or moved to another person: his set as his links are now. The
-- ROI refresh's bulk inserts give the id themselves (customers' dealer-sets.ts: one pass over
-- the people's links, not two look-ups per row; a full rebuild 88 s -> 53 s at 1.14M customers) and
-- leave it null where they found no set, so the trigger fills those (customer_dealer_set_fill,
-- 0281).
create trigger marketing_campaign_recipients_dealer_set
  before insert on marketing_campaign_recipients
  for each row when (new.customer_dealer_set_id is null)
  execute function customer_dealer_set_fill();
create trigger marketing_campaign_recipients_dealer_set_move
  before update of customer_id on marketing_campaign_recipients
  for each row execute function customer_dealer_set_fill();
create trigger marketing_roi_credits_dealer_set
  before insert on marketing_roi_credits
  for each row when (new.customer_dealer_set_id is null)
  execute function customer_dealer_set_fill();
create trigger marketing_roi_credits_dealer_set_move
  before update of customer_id on marketing_roi_credits
  for each row execute function customer_dealer_set_fill();
create trigger marketing_roi_uncredited_dealer_set
  before insert on marketing_roi_uncredited
  for each row when (new.customer_dealer_set_id is null)
  execute function customer_dealer_set_fill();
create trigger marketing_roi_uncredited_dealer_set_move
  before update of customer_id on marketing_roi_uncredited
  for each row execute function customer_dealer_set_fill();

-- a person's links added, moved (a merge and its undo) or removed: his rows rewritten where
-- their set is no longer his (the update sets no customer_id, so the row trigger stays out)
create function marketing_customer_dealer_set_sync(ids uuid[]) returns void language sql as $$
  with person as (
    select id as customer_id, customer_dealer_set_of(id) as set_id from unnest(ids) id
     where exists (select 1 from marketing_campaign_recipients r where r.customer_id = id)
        or exists (select 1 from marketing_roi_credits k where k.customer_id = id)
        or exists (select 1 from marketing_roi_uncredited u where u.customer_id = id)
  ),
  recipients as (
    update marketing_campaign_recipients r set customer_dealer_set_id = p.set_id
      from person p
     where r.customer_id = p.customer_id and r.customer_dealer_set_id <> p.set_id
  ),
  credits as (
    update marketing_roi_credits k set customer_dealer_set_id = p.set_id
      from person p
     where k.customer_id = p.customer_id and k.customer_dealer_set_id <> p.set_id
  )
  update marketing_roi_uncredited u set customer_dealer_set_id = p.set_id
    from person p
   where u.customer_id = p.customer_id and u.customer_dealer_set_id <> p.set_id;
$$;
select autocrm_keep_derived('customer_dealers', 'marketing_customer_dealer_set_sync',
                            'customer_id', 'dealer_id');
