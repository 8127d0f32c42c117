import { sql, type Expression, type RawBuilder } from 'kysely';

/** Date of the vehicle's latest service visit, as SQL. */
export function lastVisitDate(vehicleId: Expression<unknown>): RawBuilder<string | null> {
  return sql<
    string | null
  >`(select max(s.visit_date) from service_visits s where s.vehicle_id = ${vehicleId})`;
}

/** Service visits and roadside / hotline calls as timeline rows. */
export function serviceTimeline(customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`select s.id, 'service_visit' as kind, s.visit_date::timestamptz as at,
      s.visit_type as title,
      concat_ws(' · ', concat_ws(' ', v.make_name, v.model_name),
                case when s.mileage_km is not null then s.mileage_km || ' km' end, s.description) as detail,
      null::text as channel, null::text as direction, s.paid_by as outcome,
      d.code as dealer_code, u.display_name as user_name
    from service_visits s
    join vehicles v on v.id = s.vehicle_id
    join dealers d on d.id = s.dealer_id
    left join users u on u.id = s.advisor_user_id
    where s.customer_id = ${customerId}
    union all
    -- roadside and hotline calls: title "type:reason", the codes the client puts into words
    select c.id, 'service_call' as kind, c.occurred_at as at,
      c.call_type || ':' || c.reason as title,
      concat_ws(' · ', c.location, c.note) as detail,
      c.channel, 'inbound'::text as direction, c.outcome,
      d.code as dealer_code, u.display_name as user_name
    from service_calls c
    left join dealers d on d.id = c.dealer_id
    left join users u on u.id = c.user_id
    where c.customer_id = ${customerId}`;
}

export function visitsOfVehicleJson(vehicleId: Expression<unknown>): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', s.id, 'date', s.visit_date, 'dealerCode', d.code, 'type', s.visit_type,
      'mileageKm', s.mileage_km, 'totalMinor', s.total_minor, 'currency', s.currency,
      'paidBy', s.paid_by, 'description', s.description, 'advisor', u.display_name)
      order by s.visit_date desc)
    from service_visits s
    join dealers d on d.id = s.dealer_id
    left join users u on u.id = s.advisor_user_id
    where s.vehicle_id = ${vehicleId}), '[]'::jsonb)`;
}
