import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { auditEvent, can } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import {
  beforeCursor,
  cursorAt,
  keysetRows,
  type ExportCursor,
  type ExportTable,
} from '../../lib/table-export.ts';
import { qualifiedSql, temperatureSql } from './lead-queries.ts';
import { leadExportTexts } from './lead-export-texts.ts';
import type { LeadFilter } from './leads.schemas.ts';
import { checkPeriod, filteredLeads } from './leads.service.ts';

export type LeadExportFilter = Omit<LeadFilter, 'limit' | 'offset'>;

const defaultBatch = 1000;
const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/**
 * The leads of the list's filters (the very query builder of the list, so scope and filters
 * agree) as a table in the actor's language. Checks run before the first byte is sent, so a
 * refusal is still a JSON error; rows are then read in batches, newest first by the moment the
 * lead came in (stable while leads change, unlike the list's "last updated"), and the export is
 * written to the audit log with its filters and row count.
 */
export async function leadExport(
  db: Db,
  actor: Actor,
  filter: LeadExportFilter,
  batch = defaultBatch,
): Promise<ExportTable> {
  if (!can(actor, 'customers:read') || !can(actor, 'customers:export')) {
    throw new ForbiddenError('Your role may not export leads');
  }
  checkPeriod(filter);
  const texts = leadExportTexts[actor.locale];
  const h = texts.header;
  const header = [
    h.id,
    h.createdAt,
    h.customer,
    h.phone,
    h.stage,
    h.temperature,
    h.source,
    h.campaign,
    h.dealer,
    h.brand,
    h.consultant,
    h.qualified,
    h.models,
    h.intendedPurchaseDate,
    h.nextContactAt,
    h.updatedAt,
  ];

  const page = (after: ExportCursor | null) =>
    filteredLeads(db, actor, filter)
      .leftJoin('lead_sources as s', 's.key', 'l.source_key')
      .select([
        'l.id',
        'l.created_at',
        'l.updated_at',
        'l.stage',
        'l.source_key',
        'l.campaign',
        'l.utm_campaign',
        'l.intended_purchase_date',
        'l.next_contact_at',
        'c.display_name as customer_name',
        'd.code as dealer_code',
        'b.code as brand_code',
        'u.display_name as assignee_name',
        's.name_en',
        's.name_ru',
        's.name_zh',
      ])
      .select([
        temperatureSql().as('temperature'),
        qualifiedSql().as('qualified'),
        sql<string | null>`(select p.e164 from customer_phones p where p.customer_id = l.customer_id
                             order by p.is_primary desc, p.e164 limit 1)`.as('phone'),
        sql<string | null>`(select string_agg(v.model, ', ' order by v.position)
                             from lead_vehicles v where v.lead_id = l.id and v.model <> '')`.as(
          'models',
        ),
        cursorAt('l.created_at').as('cursor_at'),
      ])
      .$if(after !== null, (query) => query.where(beforeCursor('l.created_at', 'l.id', after!)))
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(batch)
      .execute();

  const shape = (row: Awaited<ReturnType<typeof page>>[number]): readonly unknown[] => {
    const names = { en: row.name_en, ru: row.name_ru, zh: row.name_zh };
    return [
      row.id,
      iso(row.created_at),
      row.customer_name,
      row.phone,
      texts.stage[row.stage],
      texts.temperature[row.temperature],
      names[actor.locale] ?? row.source_key,
      row.campaign ?? row.utm_campaign,
      row.dealer_code,
      row.brand_code,
      row.assignee_name,
      row.qualified ? texts.yes : texts.no,
      row.models,
      row.intended_purchase_date,
      iso(row.next_contact_at),
      iso(row.updated_at),
    ];
  };
  const rows = keysetRows(page, batch, shape, (count) =>
    auditEvent(db, actor, {
      table: 'leads',
      recordId: 'export',
      details: { filters: filter, rows: count },
    }),
  );

  return { sheet: texts.sheet, header, rows };
}
