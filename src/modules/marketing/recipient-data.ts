import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import { clubSummarySql, type ClubSummary } from '../club/index.ts';
import type { Language } from '../customers/index.ts';
import { pickText, type DealerTexts } from './dealer-texts.ts';
import type { MessageContext, PostalAddress } from './templates.ts';
import { toMajor } from '../../lib/currency.ts';

/**
 * The data a personalised e-mail may use, for a page of customers in one query: the person,
 * his latest vehicle, his dealer (the campaign's dealer, or for a group campaign the dealer he
 * dealt with last: a group campaign goes out with each dealer's signature), his consultant and
 * his last service visit, and his owners-club membership with the bonus points he has. With the
 * dealer come its own signature and, for a campaign, its own paragraph there (0273), each
 * per language: two key lookups inside the same page query.
 */
export type RecipientRow = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  display_name: string;
  preferred_language: Language | null;
  timezone: string | null;
  email: string | null;
  /** the number SMS and calls use: the primary one, else a mobile one */
  phone: string | null;
  /** the postal address letters go to: the primary one, else home */
  address: PostalAddress | null;
  vehicle: {
    make: string | null;
    model: string | null;
    model_year: number | null;
    plate: string | null;
    odometer_km: number | null;
  } | null;
  dealer: {
    name: string;
    phone: string | null;
    email: string | null;
    city: string | null;
    address: string | null;
    timezone: string;
    signature: DealerTexts | null;
    /** the dealer's own paragraph in this campaign (none outside a campaign) */
    note: DealerTexts | null;
  } | null;
  consultant: { name: string; email: string | null } | null;
  last_visit: { date: string; total_minor: number; currency: string } | null;
  club: ClubSummary | null;
};

export function selectRecipientData<O>(
  query: SelectQueryBuilder<Schema & { c: Schema['customers'] }, 'c', O>,
  dealerId: string | null,
  campaignId: string | null = null,
) {
  const note: RawBuilder<unknown> = campaignId
    ? sql`(select n.texts from marketing_campaign_dealer_notes n
        where n.campaign_id = ${campaignId} and n.dealer_id = d.id)`
    : sql`null::jsonb`;
  const dealerLink: RawBuilder<unknown> = dealerId
    ? sql`(select l.* from customer_dealers l where l.customer_id = c.id and l.dealer_id = ${dealerId})`
    : sql`(select l.* from customer_dealers l where l.customer_id = c.id order by l.last_at desc limit 1)`;
  return query.select([
    'c.id',
    'c.first_name',
    'c.last_name',
    'c.middle_name',
    'c.display_name',
    'c.preferred_language',
    'c.timezone',
    sql<string | null>`(select e.address from customer_emails e where e.customer_id = c.id
      order by e.is_primary desc, e.created_at limit 1)`.as('email'),
    sql<string | null>`(select p.e164 from customer_phones p where p.customer_id = c.id
      order by p.is_primary desc, p.kind = 'mobile' desc, p.created_at limit 1)`.as('phone'),
    sql<RecipientRow['address']>`(select jsonb_build_object('country', a.country,
        'region', a.region, 'city', a.city, 'postcode', a.postcode, 'street', a.street,
        'building', a.building, 'apartment', a.apartment)
      from customer_addresses a where a.customer_id = c.id
      order by a.is_primary desc, a.kind = 'home' desc, a.created_at limit 1)`.as('address'),
    sql<
      RecipientRow['vehicle']
    >`(select jsonb_build_object('make', v.make_name, 'model', v.model_name,
        'model_year', v.model_year, 'plate', v.plate, 'odometer_km', v.odometer_km)
      from vehicles v where v.customer_id = c.id order by v.created_at desc limit 1)`.as('vehicle'),
    sql<RecipientRow['dealer']>`(select jsonb_build_object('name', d.name, 'phone', d.phone,
        'email', d.email, 'city', d.city, 'address', d.address, 'timezone', d.timezone,
        'signature', (select s.texts from marketing_dealer_signatures s where s.dealer_id = d.id),
        'note', ${note})
      from ${dealerLink} link join dealers d on d.id = link.dealer_id)`.as('dealer'),
    sql<
      RecipientRow['consultant']
    >`(select jsonb_build_object('name', u.display_name, 'email', u.email)
      from ${dealerLink} link join users u on u.id = link.assigned_user_id)`.as('consultant'),
    sql<RecipientRow['last_visit']>`(select jsonb_build_object('date', s.visit_date,
        'total_minor', s.total_minor, 'currency', s.currency)
      from service_visits s where s.customer_id = c.id
      order by s.visit_date desc limit 1)`.as('last_visit'),
    clubSummarySql(sql.ref('c.id')).as('club'),
  ]);
}

export async function loadRecipient(
  db: Db,
  customerId: string,
  dealerId: string | null,
  campaignId: string | null = null,
): Promise<RecipientRow | undefined> {
  const row = await selectRecipientData(db.selectFrom('customers as c'), dealerId, campaignId)
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  return row as RecipientRow | undefined;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
function money(minor: number, currency: string, language: Language): string {
  const key = `${language}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format.format(toMajor(minor, currency));
}

/**
 * The template's data for one person. `fallbackLanguage` (the campaign's default) chooses the
 * dealer's signature and paragraph when neither the message's language nor the person's has
 * one; else any language written.
 */
export function messageContext(
  row: RecipientRow,
  language: Language,
  unsubscribe: string,
  preferences?: string,
  fallbackLanguage?: Language,
): MessageContext {
  const languages = [language, row.preferred_language, fallbackLanguage];
  return {
    customer: {
      firstName: row.first_name,
      lastName: row.last_name,
      middleName: row.middle_name,
      displayName: row.display_name,
      email: row.email,
      phone: row.phone,
    },
    address: row.address,
    vehicle: row.vehicle
      ? {
          make: row.vehicle.make,
          model: row.vehicle.model,
          modelYear: row.vehicle.model_year,
          plate: row.vehicle.plate,
          mileageKm: row.vehicle.odometer_km,
        }
      : null,
    dealer: row.dealer
      ? {
          name: row.dealer.name,
          phone: row.dealer.phone,
          email: row.dealer.email,
          city: row.dealer.city,
          address: row.dealer.address,
          signature: pickText(row.dealer.signature, languages),
          note: pickText(row.dealer.note, languages),
        }
      : null,
    consultant: row.consultant,
    club: row.club
      ? {
          name: row.club.club,
          memberNumber: row.club.memberNumber,
          tier: row.club.tier,
          points: row.club.points,
        }
      : null,
    lastVisit: row.last_visit
      ? {
          date: row.last_visit.date,
          total: money(row.last_visit.total_minor, row.last_visit.currency, language),
        }
      : null,
    links: { unsubscribe, ...(preferences ? { preferences } : {}) },
  };
}
