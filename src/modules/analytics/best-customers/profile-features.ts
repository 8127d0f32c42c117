import { sql, type RawBuilder } from 'kysely';
import { profileRows, type ProfileOptions } from './profile-query.ts';
import type { profileFeatures } from './profile.ts';

/** The column of each base feature in the relation of featureRows, in profileFeatures' order. */
export const featureColumns: Record<(typeof profileFeatures)[number], string> = {
  ageBand: 'age_band',
  gender: 'gender',
  incomeBand: 'income_band',
  maritalStatus: 'marital_status',
  children: 'children',
  education: 'education',
  occupation: 'occupation',
  region: 'region',
  dealer: 'dealer',
  currentMake: 'current_make',
  currentSegment: 'current_segment',
  carAge: 'car_age',
};

export type FeatureRow = {
  customer_id: string;
  buyer: boolean;
  /** his interest tags, trimmed, lower-cased, each once */
  interests: string[];
  open_lead: boolean;
  advanced_lead: boolean;
  purchase_within_months: number | null;
} & Record<string, string | null>;

// JavaScript's trim() takes these (and rarer Unicode spaces); btrim() alone only the space
const blanks = sql.lit(' \t\n\r\f\v\u00a0');

/** profile.ts's text(): trimmed, lower-cased, empty = not known. */
function text(column: string): RawBuilder<string | null> {
  return sql`nullif(lower(btrim(${sql.ref(column)}, ${blanks})), '')`;
}

/**
 * Each person's model features as of `asOf`, banded in SQL exactly as toExample() bands them
 * in Node (age band, children band, car age band by the year of `asOf`, free text trimmed and
 * lower-cased), with `buyer`: he bought a car of `series` in (buyersFrom, buyersTo]. Scoring
 * leaves buyers out of nothing; pass no window to mark nobody.
 */
export function featureRows(
  asOf: string,
  options: ProfileOptions & { series?: string; buyersFrom?: string; buyersTo?: string } = {},
): RawBuilder<FeatureRow> {
  const year = Number(asOf.slice(0, 4));
  const buyers =
    options.series !== undefined && options.buyersFrom && options.buyersTo
      ? sql`exists (select 1 from vehicle_purchases bp join vehicles bv on bv.id = bp.vehicle_id
                     where bp.customer_id = p.customer_id
                       and lower(bv.series) = lower(${options.series})
                       and bp.purchase_date > ${options.buyersFrom}::date
                       and bp.purchase_date <= ${options.buyersTo}::date)`
      : sql`false`;
  return sql<FeatureRow>`
    select p.customer_id, ${buyers} as buyer,
           case when p.age is null or p.age < 16 then null
                when p.age < 25 then '18-24' when p.age < 35 then '25-34'
                when p.age < 45 then '35-44' when p.age < 55 then '45-54'
                when p.age < 65 then '55-64' else '65+' end as age_band,
           case when p.gender = 'unknown' then null else ${text('p.gender')} end as gender,
           ${text('p.income_band')} as income_band,
           ${text('p.marital_status')} as marital_status,
           case when p.children_count >= 3 then '3+' else p.children_count::text end as children,
           ${text('p.education')} as education,
           ${text('p.occupation')} as occupation,
           ${text('p.region')} as region,
           ${text('p.dealer_code')} as dealer,
           ${text('p.current_make')} as current_make,
           ${text('p.current_segment')} as current_segment,
           case when p.current_car_year is null then 'none'
                when ${year}::int - p.current_car_year < 3 then '0-2'
                when ${year}::int - p.current_car_year < 6 then '3-5'
                when ${year}::int - p.current_car_year < 10 then '6-9' else '10+' end as car_age,
           array(select distinct lower(btrim(tag, ${blanks})) from unnest(p.interests) tag)
             as interests,
           p.open_lead, p.advanced_lead, p.purchase_within_months
      from (${profileRows(asOf, options)}) p`;
}
