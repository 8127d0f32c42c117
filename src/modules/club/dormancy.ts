import { sql, type RawBuilder } from 'kysely';
import { addMonths } from './dates.ts';

/** Seed 002: a dormant member has had no purchase, points, event or service in half a year. */
export const dormantAfterMonths = 6;

/**
 * The member's last sign of life as SQL: his joining day, his last purchase and service visit
 * (any dealer, any brand: he is alive to the group), and his last ledger entry other than a
 * lapse (points earned, redeemed, granted; event attendance earns points). Every part is one
 * index range (customer or member id, date descending).
 */
export function lastActivity(memberAlias: string): RawBuilder<string> {
  const member = sql.ref(`${memberAlias}.id`);
  const customer = sql.ref(`${memberAlias}.customer_id`);
  const joined = sql.ref(`${memberAlias}.joined_on`);
  return sql<string>`greatest(${joined},
    (select max(p.purchase_date) from vehicle_purchases p where p.customer_id = ${customer}),
    (select max(s.visit_date) from service_visits s where s.customer_id = ${customer}),
    (select max(l.occurred_on) from club_points_ledger l
      where l.member_id = ${member} and l.source <> 'expiry'),
    (select max(e.starts_at)::date from club_event_registrations r
       join club_events e on e.id = r.event_id
      where r.member_id = ${member} and r.attended))`;
}

/** The day on or before which the last activity makes a member dormant on `asOf`. */
export function dormantCutoff(asOf: string): string {
  return addMonths(asOf, -dormantAfterMonths);
}

/** SQL: the member is dormant on `asOf` (an active member whose last activity is that old). */
export function isDormant(memberAlias: string, asOf: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${memberAlias}.status`)} = 'active'
    and ${lastActivity(memberAlias)} <= ${dormantCutoff(asOf)}::date)`;
}
