import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The customer's vehicles for the 360 view, as JSON. `lastVisitDate` is given by the caller
 * (the service module knows visits), as SQL over the vehicle id `v.id`.
 */
export function vehiclesOfCustomerJson(
  customerId: Expression<unknown>,
  lastVisitDate: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', v.id, 'vin', v.vin, 'makeName', v.make_name, 'modelName', v.model_name,
      'modelYear', v.model_year, 'colour', v.colour, 'plate', v.plate, 'role', o.role,
      'fromDate', o.from_date, 'odometerKm', v.odometer_km, 'lastVisitDate', ${lastVisitDate})
      order by o.from_date desc)
    from vehicle_ownerships o
    join vehicles v on v.id = o.vehicle_id
    where o.customer_id = ${customerId} and o.to_date is null), '[]'::jsonb)`;
}

/** Purchases and ownership starts and ends as timeline rows. */
export function vehicleTimeline(customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`select p.id, 'purchase' as kind, p.purchase_date::timestamptz as at,
      concat_ws(' ', v.make_name, v.model_name) as title,
      concat_ws(' ', v.vin, p.condition) as detail, null::text as channel,
      null::text as direction, null::text as outcome, d.code as dealer_code,
      u.display_name as user_name
    from vehicle_purchases p
    join vehicles v on v.id = p.vehicle_id
    left join dealers d on d.id = p.dealer_id
    left join users u on u.id = p.consultant_user_id
    where p.customer_id = ${customerId}
    union all
    select o.id, 'ownership', o.from_date::timestamptz, concat_ws(' ', v.make_name, v.model_name),
      concat_ws(' ', v.vin, o.role), null, null, 'started', null, null
    from vehicle_ownerships o
    join vehicles v on v.id = o.vehicle_id
    where o.customer_id = ${customerId}
      and not exists (select 1 from vehicle_purchases p
                       where p.vehicle_id = o.vehicle_id and p.customer_id = o.customer_id)
    union all
    select o.id, 'ownership', o.to_date::timestamptz, concat_ws(' ', v.make_name, v.model_name),
      concat_ws(' ', v.vin, o.role), null, null, 'ended', null, null
    from vehicle_ownerships o
    join vehicles v on v.id = o.vehicle_id
    where o.customer_id = ${customerId} and o.to_date is not null`;
}

/** Owners of vehicles whose VIN starts or ends with the text, or with that plate. */
export function vehicleCodeIds(code: string): RawBuilder<unknown> {
  const escape = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
  const tail =
    code.length >= 6
      ? sql`
    union select v.customer_id from vehicles v where reverse(v.vin) like ${`${escape([...code].reverse().join(''))}%`}`
      : sql``;
  return sql`select v.customer_id from vehicles v where v.vin like ${`${escape(code)}%`}${tail}
    union select v.customer_id from vehicles v where upper(v.plate) = ${code}`;
}

/** Has the customer bought a vehicle on or after the given date? (for other modules' queries) */
export function boughtSince(
  customerId: Expression<unknown>,
  since: Expression<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from vehicle_purchases bought
    where bought.customer_id = ${customerId} and bought.purchase_date >= (${since})::date)`;
}
