import { sql } from 'kysely';
import { auditEvent, dealerVisible, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { QualityProblem } from '../schema.ts';
import { filterDealerId, findingsWhere, type FindingsFilter } from './findings-filter.ts';

/** At most this many records per file, the lowest scores first; the rest are counted. */
export const problemsExportLimit = 10_000;

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
  rows: ProblemsExportRow[];
  /** records matching the filters; more than rows.length when the file was capped */
  total: number;
  filters: FindingsFilter;
};

/**
 * The worklist's records with every score part, for a steward to hand each dealer its list.
 * Same scope and filters as the screen; names leave the CRM, so the export is audited.
 */
export async function exportQualityProblems(
  db: Db,
  actor: Actor,
  filter: FindingsFilter,
  limit = problemsExportLimit,
): Promise<ProblemsExport> {
  const where = findingsWhere(actor, filter, await filterDealerId(db, actor, filter.dealerCode));
  const rows = await sql<{
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
  }>`select q.customer_id, c.display_name, c.source, q.score, q.completeness, q.validity,
            q.consistency, q.freshness, q.problems, q.computed_at,
            array(select d.code from customer_dealers cd join dealers d on d.id = cd.dealer_id
                   where cd.customer_id = c.id and ${dealerVisible(actor, sql.ref('d.id'))}
                   order by d.code) as dealers
       from customer_quality q join customers c on c.id = q.customer_id
       ${where}
      order by q.score, q.customer_id
      limit ${limit}`.execute(db);
  const total =
    rows.rows.length < limit
      ? rows.rows.length
      : (
          await sql<{ total: number }>`select count(*)::int as total
             from customer_quality q join customers c on c.id = q.customer_id ${where}`.execute(db)
        ).rows[0]!.total;
  await auditEvent(db, actor, {
    table: 'customer_quality',
    recordId: 'export',
    details: { filters: filter, rows: rows.rows.length, total },
  });
  return {
    total,
    filters: filter,
    rows: rows.rows.map((row) => ({
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
    })),
  };
}
