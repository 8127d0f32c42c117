import type { Actor } from '../../auth/index.ts';
import { auditEvent, can } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { toMajor } from '../../lib/currency.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import {
  beforeCursor,
  cursorAt,
  keysetRows,
  type ExportCursor,
  type ExportTable,
} from '../../lib/table-export.ts';
import { filteredOrders, type OrderFilter } from './order-view.ts';
import { orderExportTexts } from './order-export-texts.ts';
import type { OrderStatus } from './schema.ts';

const defaultBatch = 1000;

/** Minor units as a number in the currency's major unit (2 decimals for RUB and CNY). */
const major = (minor: number | null, currency: string): number | null =>
  minor === null ? null : toMajor(Number(minor), currency);

/**
 * The orders of the list's filters (the list's own query builder, so scope and filters agree)
 * as a table in the actor's language, read in batches newest first by creation (keyset on
 * created_at and id at full precision), amounts in the currency's major unit. Checks run
 * before the first byte; the export is written to the audit log with its filters and rows.
 */
export async function orderExport(
  db: Db,
  actor: Actor,
  filter: OrderFilter,
  batch = defaultBatch,
): Promise<ExportTable> {
  if (!can(actor, 'customers:export')) throw new ForbiddenError('Your role may not export orders');
  const texts = orderExportTexts[actor.locale];
  const h = texts.header;
  const header = [
    h.id,
    h.createdAt,
    h.customer,
    h.dealer,
    h.consultant,
    h.make,
    h.model,
    h.trim,
    h.colour,
    h.status,
    h.currency,
    h.listPrice,
    h.discount,
    h.finalPrice,
    h.tradeIn,
    h.plannedDelivery,
    h.deliveredOn,
  ];

  const page = (after: ExportCursor | null) =>
    filteredOrders(db, actor, filter)
      .select([
        'o.id',
        'o.created_at',
        'o.status',
        'o.make_name',
        'o.model_name',
        'o.trim_name',
        'o.colour',
        'o.currency',
        'o.list_price_minor',
        'o.discount_minor',
        'o.final_price_minor',
        'o.trade_in_make',
        'o.trade_in_model',
        'o.trade_in_year',
        'o.planned_delivery_date',
        'o.delivered_on',
        'c.display_name as customer_name',
        'd.code as dealer_code',
        'u.display_name as consultant_name',
        cursorAt('o.created_at').as('cursor_at'),
      ])
      .$if(after !== null, (query) => query.where(beforeCursor('o.created_at', 'o.id', after!)))
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(batch)
      .execute();

  const shape = (row: Awaited<ReturnType<typeof page>>[number]): readonly unknown[] => {
    const currency = row.currency.trim();
    return [
      row.id,
      row.created_at.toISOString(),
      row.customer_name,
      row.dealer_code,
      row.consultant_name,
      row.make_name,
      row.model_name,
      row.trim_name,
      row.colour,
      texts.status[row.status as OrderStatus],
      currency,
      major(row.list_price_minor, currency),
      major(row.discount_minor, currency),
      major(row.final_price_minor, currency),
      [row.trade_in_make, row.trade_in_model, row.trade_in_year].filter(Boolean).join(' '),
      row.planned_delivery_date,
      row.delivered_on,
    ];
  };
  const rows = keysetRows(page, batch, shape, (count) =>
    auditEvent(db, actor, {
      table: 'orders',
      recordId: 'export',
      details: { filters: filter, rows: count },
    }),
  );

  return { sheet: texts.sheet, header, rows };
}
