import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { isoDate } from '../../../http/schemas.ts';
import { ValidationError, type FieldProblem } from '../../../lib/errors.ts';
import { leadVisible, qualifiedSql, temperatureSql } from '../../leads/index.ts';

/** The filters every dashboard takes. The period is [from, to] in whole days (UTC). */
export const dashboardQuery = {
  from: isoDate,
  to: isoDate,
  brandCode: z.string().trim().max(16).optional(),
  regionCode: z.string().trim().max(16).optional(),
  dealerCode: z.string().trim().max(16).optional(),
  consultantId: z.uuid().optional(),
  channel: z.string().trim().max(40).optional(),
  series: z.string().trim().max(80).optional(),
};
export type DashboardQuery = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
  consultantId?: string;
  channel?: string;
  series?: string;
};

export type ResolvedFilter = DashboardQuery & {
  /** the instant after the last day of the period */
  toExclusive: Date;
  fromInstant: Date;
  brandId?: string;
  regionId?: string;
  dealerId?: string;
};

/** Codes to ids; an unknown code is a 400 naming the field (never an empty report). */
export async function resolveFilter(db: Db, query: DashboardQuery): Promise<ResolvedFilter> {
  const problems: FieldProblem[] = [];
  if (query.to < query.from) problems.push({ path: 'to', message: 'must not be before from' });
  const lookup = async (
    table: 'brands' | 'regions' | 'dealers',
    code: string | undefined,
    path: string,
  ) => {
    if (!code) return undefined;
    const row = await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
    if (!row) problems.push({ path, message: `no ${table.slice(0, -1)} with this code` });
    return row?.id;
  };
  const brandId = await lookup('brands', query.brandCode, 'brandCode');
  const regionId = await lookup('regions', query.regionCode, 'regionCode');
  const dealerId = await lookup('dealers', query.dealerCode, 'dealerCode');
  if (problems.length) throw new ValidationError(problems);
  const toExclusive = new Date(`${query.to}T00:00:00Z`);
  toExclusive.setUTCDate(toExclusive.getUTCDate() + 1);
  return {
    ...query,
    fromInstant: new Date(`${query.from}T00:00:00Z`),
    toExclusive,
    brandId,
    regionId,
    dealerId,
  };
}

/**
 * The prospects a dashboard counts: leads in the actor's scope (the leads module's own rule,
 * so a dealer manager counts only his dealer's and a consultant only his own), narrowed by
 * brand, region, dealer, consultant, channel and model series. The period is not applied
 * here: each figure says which part of time it counts (created in the period, open at its end).
 * Each row carries the flags the figures are made of, computed once per lead.
 */
export function filteredLeads(db: Db, actor: Actor, filter: ResolvedFilter) {
  return db
    .selectFrom('leads as l')
    .innerJoin('customers as c', 'c.id', 'l.customer_id')
    .leftJoin('dealers as d', 'd.id', 'l.dealer_id')
    .where(leadVisible(actor))
    .where('l.created_at', '<', filter.toExclusive)
    .$if(filter.brandId !== undefined, (q) => q.where('l.brand_id', '=', filter.brandId!))
    .$if(filter.regionId !== undefined, (q) => q.where('d.region_id', '=', filter.regionId!))
    .$if(filter.dealerId !== undefined, (q) => q.where('l.dealer_id', '=', filter.dealerId!))
    .$if(filter.consultantId !== undefined, (q) =>
      q.where('l.assigned_user_id', '=', filter.consultantId!),
    )
    .$if(filter.channel !== undefined, (q) => q.where('l.source_key', '=', filter.channel!))
    .$if(filter.series !== undefined, (q) =>
      q.where(
        sql<boolean>`exists (select 1 from lead_vehicles sv
          where sv.lead_id = l.id and lower(sv.model) = lower(${filter.series}))`,
      ),
    )
    .select([
      'l.id',
      'l.source_key',
      'l.assigned_user_id',
      'l.stage',
      'l.competitor_models',
      sql<boolean>`l.created_at >= ${filter.fromInstant}`.as('is_new'),
      sql<boolean>`l.stage not in ('lost', 'delivered')`.as('is_open'),
      qualifiedSql().as('qualified'),
      temperatureSql().as('temperature'),
      // the furthest stage the lead ever reached (1 = new ... 7 = delivered), lost or not
      sql<number>`greatest(
        coalesce(array_position(${sql.raw(stageArray)}, l.stage::text), 0),
        coalesce((select max(array_position(${sql.raw(stageArray)}, h.to_stage::text))
                    from lead_stage_history h where h.lead_id = l.id), 0))`.as('reached'),
      sql<boolean>`(exists (select 1 from lead_stage_history th
                       where th.lead_id = l.id and th.to_stage = 'test_drive')
                 or exists (select 1 from test_drive_bookings tb
                       where tb.lead_id = l.id and tb.status = 'came'))`.as('test_driven'),
    ]);
}

export const funnelStages = [
  'new',
  'contacted',
  'showroom_visit',
  'test_drive',
  'offer',
  'order',
  'delivered',
] as const;
const stageArray = `array[${funnelStages.map((stage) => `'${stage}'`).join(',')}]::text[]`;
/** A lead that reached "order" (rank 6) or "delivered" counts as a sale. */
export const saleRank = funnelStages.indexOf('order') + 1;
