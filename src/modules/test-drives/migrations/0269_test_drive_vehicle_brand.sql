-- A demo car carries its brand (issue 3): the one-owner-per-brand rule judges a booking
-- without a lead by the brand of the car driven, not by every brand the dealer sells, so a
-- two-brand dealer is not refused a drive of the brand nobody owns the person for.
-- Nullable: a car whose brand the backfill cannot tell keeps the old judgement until a
-- manager names it; the API requires it for every new car.
alter table test_drive_vehicles add column brand_id uuid references brands;

-- Backfill, only ever with a brand the car's dealer sells, first clue that answers:
--   1. the model text starts with the brand's name or code, or a catalogue make of the brand
--      ("Xcar X5", "BMW 320i");
--   2. the model text is (or ends with) a catalogue model of exactly one of those brands ("X5");
--   3. the car's VIN is registered as a vehicle whose catalogue make has a brand;
--   4. the dealer sells one brand only.
update test_drive_vehicles v
   set brand_id = coalesce(
     (select min(b.id::text)::uuid
        from dealer_brands db
        join brands b on b.id = db.brand_id
        left join catalog_makes k on k.brand_id = b.id
       where db.dealer_id = v.dealer_id
         and (lower(v.model) = lower(b.name) or lower(v.model) like lower(b.name) || ' %'
           or lower(v.model) = lower(b.code) or lower(v.model) like lower(b.code) || ' %'
           or lower(v.model) = lower(k.name) or lower(v.model) like lower(k.name) || ' %')
      having count(distinct b.id) = 1),
     (select min(k.brand_id::text)::uuid
        from catalog_models m
        join catalog_makes k on k.id = m.make_id
        join dealer_brands db on db.brand_id = k.brand_id and db.dealer_id = v.dealer_id
       where lower(v.model) = lower(m.name) or lower(v.model) like '% ' || lower(m.name)
      having count(distinct k.brand_id) = 1),
     (select min(k.brand_id::text)::uuid
        from vehicles rv
        join catalog_makes k on k.id = coalesce(rv.make_id,
          (select m.make_id from catalog_models m where m.id = rv.model_id))
        join dealer_brands db on db.brand_id = k.brand_id and db.dealer_id = v.dealer_id
       where rv.vin = v.vin
      having count(distinct k.brand_id) = 1),
     (select min(db.brand_id::text)::uuid
        from dealer_brands db
       where db.dealer_id = v.dealer_id
      having count(*) = 1))
 where v.brand_id is null;
