import { sql, type RawBuilder } from 'kysely';
import { auditEvent, dealerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { QualityProblem } from '../schema.ts';
import { filterDealerId, findingsWhere, type FindingsFilter } from './findings-filter.ts';

/** Records read per statement: the file never holds more than this many in memory. */
export const problemsExportBatch = 2000;

export const problemsExportColumns = [
  'customer_id',
  'customer',
  'dealers',
  'source',
  'score',
  'completeness',
  'validity',
  'consistency',
  'freshness',
  'problems',
  'computed_at',
] as const;

export type ProblemsExportRow = {
  customerId: string;
  customer: string;
  /** codes of the customer's dealers the actor may see */
  dealers: string[];
  source: string | null;
  score: number;
  completeness: number;
  validity: number;
  consistency: number;
  freshness: number;
  problems: QualityProblem[];
  computedAt: string;
};

export type ProblemsExport = {
  /** records matching the filters when the export started */
  total: number;
  /** records the file will hold: the total, or the cap when the total is above it */
  rows: number;
  filters: FindingsFilter;
  /** the rows in order (lowest score first), a batch at a time; read once */
  batches: AsyncGenerator<ProblemsExportRow[]>;
};

type ExportOptions = { limit?: number | undefined; batchSize?: number | undefined };

type Row = {
  customer_id: string;
  display_name: string;
  dealers: string[];
  source: string | null;
  score: number;
  completeness: number;
  validity: number;
  consistency: number;
  freshness: number;
  problems: QualityProblem[];
  computed_at: Date;
};

function exportRow(row: Row): ProblemsExportRow {
  return {
    customerId: row.customer_id,
    customer: row.display_name,
    dealers: row.dealers,
    source: row.source,
    score: row.score,
    completeness: row.completeness,
    validity: row.validity,
    consistency: row.consistency,
    freshness: row.freshness,
    problems: row.problems,
    computedAt: row.computed_at.toISOString(),
  };
}

/**
 * The records page by page, keyset on (score, customer id) so each statement walks the
 * `customer_quality_score_idx` from where the last one stopped. Each page is its own statement,
 * not one long transaction: a slow download must not hold the embedded database's only
 * connection. A record rescored meanwhile may so be missed or read twice, as in any paged read.
 */
async function* pages(
  db: Db,
  actor: Actor,
  where: ReturnType<typeof findingsWhere>,
  limit: number,
  batchSize: number,
): AsyncGenerator<ProblemsExportRow[]> {
  let after: { score: number; id: string } | null = null;
  let left = limit;
  while (left > 0) {
    const take = Math.min(batchSize, left);
    const keyset: RawBuilder<unknown> = after
      ? sql`and (q.score, q.customer_id) > (${after.score}, ${after.id}::uuid)`
      : sql``;
    const { rows }: { rows: Row[] } = await sql<Row>`
      select q.customer_id, c.display_name, c.source, q.score, q.completeness, q.validity,
             q.consistency, q.freshness, q.problems, q.computed_at,
             array(select d.code from customer_dealers cd join dealers d on d.id = cd.dealer_id
                    where cd.customer_id = c.id and ${dealerVisible(actor, sql.ref('d.id'))}
                    order by d.code) as dealers
        from customer_quality q join customers c on c.id = q.customer_id
        ${where} ${keyset}
       order by q.score, q.customer_id
       limit ${take}`.execute(db);
    if (rows.length > 0) yield rows.map(exportRow);
    if (rows.length < take) return;
    left -= rows.length;
    const last: Row = rows[rows.length - 1]!;
    after = { score: last.score, id: last.customer_id };
  }
}

/**
 * The worklist's records with every score part, for a steward to hand each dealer its list.
 * Same scope and filters as the screen. A bad filter fails here, before any byte is sent; the
 * rows then come in batches as the file is written. Names leave the CRM, so the export is
 * audited when it starts (a download broken off has still shown what it sent).
 */
export async function openProblemsExport(
  db: Db,
  actor: Actor,
  filter: FindingsFilter,
  options: ExportOptions = {},
): Promise<ProblemsExport> {
  const { limit = Number.MAX_SAFE_INTEGER, batchSize = problemsExportBatch } = options;
  const where = findingsWhere(actor, filter, await filterDealerId(db, actor, filter.dealerCode));
  const counted = await sql<{ total: number }>`select count(*)::int as total
      from customer_quality q join customers c on c.id = q.customer_id ${where}`.execute(db);
  const total = counted.rows[0]!.total;
  const rows = Math.min(total, limit);
  await auditEvent(db, actor, {
    table: 'customer_quality',
    recordId: 'export',
    details: { filters: filter, rows, total },
  });
  return { total, rows, filters: filter, batches: pages(db, actor, where, rows, batchSize) };
}
