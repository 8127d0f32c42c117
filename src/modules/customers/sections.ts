import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The customer's parts of the 360 view as SQL that yields JSON, so that the whole view is
 * one round trip (customer-view composes them). Keys are already camelCase.
 */
type Json = RawBuilder<unknown>;

export function phonesJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', p.id, 'e164', p.e164, 'raw', p.raw, 'kind', p.kind, 'primary', p.is_primary)
      order by p.is_primary desc, p.created_at)
    from customer_phones p where p.customer_id = ${customerId}), '[]'::jsonb)`;
}

export function emailsJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', e.id, 'address', e.address, 'kind', e.kind, 'primary', e.is_primary)
      order by e.is_primary desc, e.created_at)
    from customer_emails e where e.customer_id = ${customerId}), '[]'::jsonb)`;
}

export function messengersJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object('kind', m.kind, 'handle', m.handle)
      order by m.created_at)
    from customer_messengers m where m.customer_id = ${customerId}), '[]'::jsonb)`;
}

export function addressesJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', a.id, 'kind', a.kind, 'country', a.country, 'region', a.region, 'city', a.city,
      'postcode', a.postcode, 'street', a.street, 'building', a.building,
      'apartment', a.apartment, 'primary', a.is_primary)
      order by a.is_primary desc, a.created_at)
    from customer_addresses a where a.customer_id = ${customerId}), '[]'::jsonb)`;
}

export function familyJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'relation', f.relation, 'name', f.name, 'birthDate', f.birth_date) order by f.created_at)
    from customer_family_members f where f.customer_id = ${customerId}), '[]'::jsonb)`;
}

/**
 * The household and its members. Members outside the actor's scope are left out: `visible`
 * is the scope condition for a member's id.
 */
export function householdJson(
  householdId: Expression<unknown>,
  visible: (memberId: Expression<unknown>) => RawBuilder<boolean>,
): Json {
  return sql`(select jsonb_build_object('id', h.id, 'name', h.name, 'members',
      coalesce((select jsonb_agg(jsonb_build_object(
          'id', m.id, 'displayName', m.display_name, 'role', m.household_role) order by m.sort_key)
        from customers m where m.household_id = h.id and ${visible(sql.ref('m.id'))}), '[]'::jsonb))
    from households h where h.id = ${householdId})`;
}

/** Companies a person works for, or persons a company has as contacts (visible ones only). */
export function companyLinksJson(
  customerId: Expression<unknown>,
  visible: (otherId: Expression<unknown>) => RawBuilder<boolean>,
): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', o.id, 'displayName', o.display_name, 'kind', o.kind, 'role', l.role) order by o.sort_key)
    from company_contacts l
    join customers o on o.id = case when l.company_id = ${customerId} then l.person_id else l.company_id end
    where (l.company_id = ${customerId} or l.person_id = ${customerId}) and ${visible(sql.ref('o.id'))}),
    '[]'::jsonb)`;
}

export function dealersJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'code', d.code, 'name', d.name, 'relations', to_jsonb(cd.relations),
      'assignedTo', case when u.id is null then null
                         else jsonb_build_object('id', u.id, 'name', u.display_name) end,
      'firstAt', cd.first_at, 'lastAt', cd.last_at) order by cd.first_at)
    from customer_dealers cd
    join dealers d on d.id = cd.dealer_id
    left join users u on u.id = cd.assigned_user_id
    where cd.customer_id = ${customerId}), '[]'::jsonb)`;
}

export function consentsJson(customerId: Expression<unknown>): Json {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'channel', k.channel, 'purpose', k.purpose, 'status', k.status, 'method', k.method,
      'effectiveAt', k.effective_at) order by k.channel, k.purpose)
    from (select distinct on (channel, purpose) channel, purpose, status, method, effective_at
            from consents where customer_id = ${customerId}
           order by channel, purpose, effective_at desc, recorded_at desc) k), '[]'::jsonb)`;
}

/** Consent changes as timeline rows (see customer-view/timeline.ts for the columns). */
export function consentTimeline(customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`select k.id, 'consent' as kind, k.effective_at as at, k.channel as title,
      k.status || ' (' || k.method || ')' as detail, k.channel, null::text as direction,
      k.status as outcome, d.code as dealer_code, u.display_name as user_name
    from consents k
    left join dealers d on d.id = k.dealer_id
    left join users u on u.id = k.recorded_by
    where k.customer_id = ${customerId}`;
}
