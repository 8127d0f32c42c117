import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { openStages } from '../../leads/index.ts';
import type { Profile } from './profile.ts';

export type CustomerProfile = { customerId: string; displayName: string; profile: Profile };

export type ProfileOptions = { where?: RawBuilder<boolean>; withLeads?: boolean };

export type ProfileRow = {
  customer_id: string;
  display_name: string;
  age: number | null;
  gender: string | null;
  income_band: string | null;
  marital_status: string | null;
  children_count: number | null;
  education: string | null;
  occupation: string | null;
  region: string | null;
  dealer_code: string | null;
  current_make: string | null;
  current_segment: string | null;
  current_car_year: number | null;
  interests: string[];
  open_lead: boolean;
  advanced_lead: boolean;
  purchase_within_months: number | null;
};

/**
 * Every person's profile as it stood on `asOf`, in one set-based statement: the car he owned
 * that day (not the one he bought later, which would leak the answer into the features), his
 * primary region, the first dealer he came to, and his open lead. `where` narrows the people
 * (the data scope when scoring); leads are read as they are now, so only the scoring of today
 * uses them. A relation to build on: banded and counted in SQL by the fit and the kept scores
 * (profile-features.ts), read into Node only for a few people (customerProfiles).
 */
export function profileRows(asOf: string, options: ProfileOptions = {}): RawBuilder<ProfileRow> {
  const where = options.where ?? sql<boolean>`true`;
  const leads = options.withLeads
    ? sql`left join lateral (
        select true as open_lead,
               bool_or(l.stage in ('test_drive', 'offer', 'order')) as advanced_lead,
               min(greatest(0, (l.intended_purchase_date - ${asOf}::date) / 30)) as months
          from leads l
         where l.customer_id = c.id and l.stage = any(${[...openStages]}::text[])
        having count(*) > 0) lead on true`
    : sql`left join lateral (select null::boolean as open_lead, null::boolean as advanced_lead,
            null::integer as months) lead on true`;
  return sql<ProfileRow>`
    with car as (
      select distinct on (o.customer_id)
             o.customer_id, v.make_name, m.segment,
             coalesce(v.model_year, extract(year from o.from_date)::int) as car_year
        from vehicle_ownerships o
        join vehicles v on v.id = o.vehicle_id
        left join catalog_models m on m.id = v.model_id
       where o.role = 'owner' and o.from_date <= ${asOf}::date
         and (o.to_date is null or o.to_date > ${asOf}::date)
       order by o.customer_id, o.from_date desc
    ), home_region as (
      select distinct on (customer_id) customer_id, region
        from customer_addresses
       where region is not null
       order by customer_id, is_primary desc, created_at
    ), home_dealer as (
      select distinct on (cd.customer_id) cd.customer_id, d.code
        from customer_dealers cd join dealers d on d.id = cd.dealer_id
       order by cd.customer_id, cd.first_at, d.code
    )
    select c.id as customer_id, c.display_name,
           extract(year from age(${asOf}::date, c.birth_date))::int as age,
           c.gender, c.income_band, c.marital_status, c.children_count, c.education,
           c.occupation, home_region.region, home_dealer.code as dealer_code,
           car.make_name as current_make, car.segment as current_segment,
           car.car_year as current_car_year, c.interests,
           coalesce(lead.open_lead, false) as open_lead,
           coalesce(lead.advanced_lead, false) as advanced_lead,
           lead.months as purchase_within_months
      from customers c
      left join car on car.customer_id = c.id
      left join home_region on home_region.customer_id = c.id
      left join home_dealer on home_dealer.customer_id = c.id
      ${leads}
     where c.kind = 'person' and c.merged_into is null and ${where}`;
}

/** The profiles of profileRows in Node: for small sets of people (tests, comparisons). */
export async function customerProfiles(
  db: Db,
  asOf: string,
  options: ProfileOptions = {},
): Promise<CustomerProfile[]> {
  const { rows } = await profileRows(asOf, options).execute(db);
  return rows.map((row) => ({
    customerId: row.customer_id,
    displayName: row.display_name,
    profile: {
      age: row.age,
      gender: row.gender,
      incomeBand: row.income_band,
      maritalStatus: row.marital_status,
      childrenCount: row.children_count,
      education: row.education,
      occupation: row.occupation,
      region: row.region,
      dealerCode: row.dealer_code,
      currentMake: row.current_make,
      currentSegment: row.current_segment,
      currentCarYear: row.current_car_year,
      interests: row.interests,
      openLead: row.open_lead,
      advancedLead: row.advanced_lead,
      purchaseWithinMonths: row.purchase_within_months,
    },
  }));
}

/** Customers who bought a car of the series in (from, to]. */
export async function seriesBuyers(
  db: Db,
  series: string,
  from: string,
  to: string,
): Promise<Set<string>> {
  const { rows } = await sql<{ customer_id: string }>`
    select distinct p.customer_id
      from vehicle_purchases p join vehicles v on v.id = p.vehicle_id
     where lower(v.series) = lower(${series})
       and p.purchase_date > ${from}::date and p.purchase_date <= ${to}::date`.execute(db);
  return new Set(rows.map((row) => row.customer_id));
}

/** The model series that have been sold, with how many and when last: the page's picker. */
export async function soldSeries(
  db: Db,
): Promise<{ series: string; purchases: number; lastPurchase: string }[]> {
  const { rows } = await sql<{ series: string; purchases: string; last_purchase: string }>`
    select v.series, count(*) as purchases, max(p.purchase_date)::text as last_purchase
      from vehicle_purchases p join vehicles v on v.id = p.vehicle_id
     where v.series is not null
     group by v.series
     order by count(*) desc, v.series`.execute(db);
  return rows.map((row) => ({
    series: row.series,
    purchases: Number(row.purchases),
    lastPurchase: row.last_purchase,
  }));
}
