import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { leadRowVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { missingQualification, temperatureOf, type QualificationField } from './qualification.ts';
import type { LeadStage, LostReason, Temperature } from './schema.ts';

type LeadScope = ExpressionBuilder<Schema & { l: Schema['leads'] }, 'l'>;

/**
 * Which leads the actor sees: auth's leadRowVisible (shared with modules that cannot import
 * leads, e.g. the duplicate review), built on the one scope rule (auth/scope.ts): the leads of his
 * dealers; a consultant only his own and his dealer's unassigned ones. Unrouted leads (no
 * dealer yet) are seen by group staff only. A brand-level actor's dealers may sell other
 * brands too: of their leads only his brand's are his (brandRowVisible, the very condition
 * the dashboards and the ROI count with), so a lead naming no brand at a dealer selling
 * several is left to that dealer's staff and those above the brand.
 */
export function leadVisible(actor: Actor) {
  return (eb: LeadScope) =>
    leadRowVisible(actor, {
      dealerId: eb.ref('l.dealer_id'),
      brandId: eb.ref('l.brand_id'),
      assignedUserId: eb.ref('l.assigned_user_id'),
    });
}

/** Today's date in UTC, the day temperature is reckoned from in SQL and in code alike. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The temperature rule of qualification.ts, as SQL for filtering lists. */
export function temperatureSql(): RawBuilder<Temperature> {
  return sql<Temperature>`case
    when l.intended_purchase_date is null then 'unknown'
    when l.intended_purchase_date <= ((now() at time zone 'UTC')::date + interval '3 months')::date then 'hot'
    when l.intended_purchase_date <= ((now() at time zone 'UTC')::date + interval '12 months')::date then 'warm'
    else 'cold' end`;
}

const hasPhoneSql = sql<boolean>`exists (select 1 from customer_phones p where p.customer_id = l.customer_id)`;
const hasModelSql = sql<boolean>`exists (select 1 from lead_vehicles v where v.lead_id = l.id and coalesce(v.model, '') <> '')`;

/** The 11 basic fields (qualification.ts) as one SQL condition, for the "qualified" filter. */
export function qualifiedSql(): RawBuilder<boolean> {
  return sql<boolean>`(l.assigned_user_id is not null
    and (c.kind = 'company' or c.gender in ('male', 'female'))
    and coalesce(case when c.kind = 'company' then c.company_name else c.last_name end, '') <> ''
    and ${hasPhoneSql}
    and coalesce(l.current_car_make, '') <> '' and coalesce(l.current_car_model, '') <> ''
    and l.intended_purchase_date is not null
    and ${hasModelSql}
    and coalesce(l.last_contact_result, '') <> '' and coalesce(l.next_contact_plan, '') <> '')`;
}

export function leadBaseQuery(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('leads as l')
    .innerJoin('customers as c', 'c.id', 'l.customer_id')
    .leftJoin('dealers as d', 'd.id', 'l.dealer_id')
    .leftJoin('brands as b', 'b.id', 'l.brand_id')
    .leftJoin('users as u', 'u.id', 'l.assigned_user_id')
    .where(leadVisible(actor));
}

export const leadColumns = [
  'l.id',
  'l.customer_id',
  'l.stage',
  'l.source_key',
  'l.campaign',
  'l.utm_source',
  'l.utm_medium',
  'l.utm_campaign',
  'l.utm_term',
  'l.utm_content',
  'l.lost_reason',
  'l.lost_competitor_make',
  'l.lost_competitor_model',
  'l.interest_type',
  'l.intended_purchase_date',
  'l.timeframe',
  'l.budget_minor',
  'l.currency',
  'l.colour',
  'l.condition',
  'l.current_car_make',
  'l.current_car_model',
  'l.current_car_year',
  'l.promotions',
  'l.competitor_models',
  'l.trade_in',
  'l.comment',
  'l.external_ref',
  'l.last_contact_result',
  'l.next_contact_plan',
  'l.next_contact_at',
  'l.first_response_at',
  'l.requested_at',
  'l.stage_changed_at',
  'l.created_at',
  'l.updated_at',
  'l.dealer_id',
  'l.assigned_user_id',
  'c.display_name as customer_name',
  'c.kind as customer_kind',
  'c.gender as customer_gender',
  'c.lifecycle_stage as customer_stage',
  'c.last_name as customer_last_name',
  'c.company_name as customer_company_name',
  'd.code as dealer_code',
  'b.code as brand_code',
  'u.display_name as assignee_name',
] as const;

/** Columns computed per row: contact facts and the vehicles of interest. */
export function leadExtras() {
  return [
    hasPhoneSql.as('has_phone'),
    sql<string | null>`(select p.e164 from customer_phones p where p.customer_id = l.customer_id
                         order by p.is_primary desc, p.e164 limit 1)`.as('phone'),
    sql<LeadVehicle[]>`coalesce((select json_agg(json_build_object(
        'make', v.make, 'model', v.model, 'year', v.year, 'trim', v.trim,
        'colour', v.colour, 'condition', v.condition) order by v.position)
        from lead_vehicles v where v.lead_id = l.id), '[]'::json)`.as('vehicles'),
  ] as const;
}

export type LeadVehicle = {
  make: string | null;
  model: string | null;
  year: number | null;
  trim: string | null;
  colour: string | null;
  condition: 'new' | 'used' | null;
};

type LeadRow = {
  id: string;
  customer_id: string;
  stage: LeadStage;
  source_key: string;
  campaign: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  lost_reason: LostReason | null;
  lost_competitor_make: string | null;
  lost_competitor_model: string | null;
  interest_type: string | null;
  intended_purchase_date: string | null;
  timeframe: string | null;
  budget_minor: number | null;
  currency: string | null;
  colour: string | null;
  condition: 'new' | 'used' | null;
  current_car_make: string | null;
  current_car_model: string | null;
  current_car_year: number | null;
  promotions: string[];
  competitor_models: string[];
  trade_in: unknown;
  comment: string | null;
  external_ref: string | null;
  last_contact_result: string | null;
  next_contact_plan: string | null;
  next_contact_at: Date | null;
  first_response_at: Date | null;
  requested_at: Date;
  stage_changed_at: Date;
  created_at: Date;
  updated_at: Date;
  dealer_id: string | null;
  assigned_user_id: string | null;
  customer_name: string;
  customer_kind: 'person' | 'company';
  customer_gender: string | null;
  customer_stage: string;
  customer_last_name: string | null;
  customer_company_name: string | null;
  dealer_code: string | null;
  brand_code: string | null;
  assignee_name: string | null;
  has_phone: boolean;
  phone: string | null;
  vehicles: LeadVehicle[];
};

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export function leadView(row: LeadRow, today: string) {
  const missing: QualificationField[] = missingQualification({
    assignedUserId: row.assigned_user_id,
    lifecycleStage: row.customer_stage,
    sourceKey: row.source_key,
    customerKind: row.customer_kind,
    gender: row.customer_gender,
    surname: row.customer_kind === 'company' ? row.customer_company_name : row.customer_last_name,
    hasPhone: row.has_phone,
    currentCarMake: row.current_car_make,
    currentCarModel: row.current_car_model,
    intendedPurchaseDate: row.intended_purchase_date,
    hasModelOfInterest: row.vehicles.some((vehicle) => !!vehicle.model),
    lastContactResult: row.last_contact_result,
    nextContactPlan: row.next_contact_plan,
  });
  return {
    id: row.id,
    stage: row.stage,
    temperature: temperatureOf(row.intended_purchase_date, today),
    qualified: missing.length === 0,
    missing,
    customer: {
      id: row.customer_id,
      displayName: row.customer_name,
      kind: row.customer_kind,
      phone: row.phone,
    },
    dealer: row.dealer_id ? { id: row.dealer_id, code: row.dealer_code ?? '' } : null,
    brandCode: row.brand_code,
    assignee: row.assigned_user_id
      ? { id: row.assigned_user_id, name: row.assignee_name ?? '' }
      : null,
    source: row.source_key,
    campaign: row.campaign,
    utm: {
      source: row.utm_source,
      medium: row.utm_medium,
      campaign: row.utm_campaign,
      term: row.utm_term,
      content: row.utm_content,
    },
    interestType: row.interest_type,
    intendedPurchaseDate: row.intended_purchase_date,
    timeframe: row.timeframe,
    budget:
      row.budget_minor != null ? { minor: Number(row.budget_minor), currency: row.currency } : null,
    colour: row.colour,
    condition: row.condition,
    currentCar: {
      make: row.current_car_make,
      model: row.current_car_model,
      year: row.current_car_year,
    },
    promotions: row.promotions,
    competitorModels: row.competitor_models,
    tradeIn: (row.trade_in ?? null) as Record<string, unknown> | null,
    comment: row.comment,
    externalRef: row.external_ref,
    lastContactResult: row.last_contact_result,
    nextContactPlan: row.next_contact_plan,
    nextContactAt: iso(row.next_contact_at),
    firstResponseAt: iso(row.first_response_at),
    lost: row.lost_reason
      ? {
          reason: row.lost_reason,
          competitorMake: row.lost_competitor_make,
          competitorModel: row.lost_competitor_model,
        }
      : null,
    vehicles: row.vehicles,
    requestedAt: iso(row.requested_at)!,
    stageChangedAt: iso(row.stage_changed_at)!,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export type LeadView = ReturnType<typeof leadView>;

/** One lead the actor may see, else 404 (whether it exists or lies outside his scope). */
export async function loadLead(db: Db | Tx, actor: Actor, leadId: string): Promise<LeadView> {
  const row = await leadBaseQuery(db, actor)
    .select(leadColumns)
    .select(leadExtras())
    .where('l.id', '=', leadId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Lead');
  return leadView(row, todayUtc());
}
