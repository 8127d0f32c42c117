/**
 * A dashboard's answer, shaped so that one renderer, one CSV writer and one XLSX writer serve
 * every dashboard: headline figures, then tables of plain cells. Column keys are stable
 * identifiers that the web app translates; ratios are 0..1 (null when the base is 0).
 */
export type Cell = string | number | null;
/** decimal: a mean such as a CSI score, shown with its fraction */
export type ReportColumn = { key: string; kind: 'text' | 'count' | 'ratio' | 'money' | 'decimal' };
export type ReportTable = { key: string; columns: ReportColumn[]; rows: Cell[][] };
/** decimal: a mean or a score in points (CSI) */
export type Kpi = { key: string; kind: 'count' | 'ratio' | 'decimal'; value: number | null };

export type Report = {
  name: string;
  /** when the pre-aggregated figures were last refreshed (null: not yet computed) */
  asOf: string | null;
  filters: Record<string, string | undefined>;
  /** filters given but not applicable to this report's figures (unapplied-filters.ts) */
  unappliedFilters?: string[];
  kpis: Kpi[];
  tables: ReportTable[];
};

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
