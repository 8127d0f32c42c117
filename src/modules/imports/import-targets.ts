import type { Actor, Permission } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { FieldProblem } from '../../lib/errors.ts';
import type { ImportTargetName } from './schema.ts';

/** What writing one good row made: the record and its customer, for the report. */
export type TargetOutcome =
  { ok: true; recordId: string; customerId: string | null } | { ok: false; reason: string };

/** One data line of a file, validated: a summary to preview and the write to run, or its fault. */
export type TargetCandidate = { line: number } & (
  | { ok: true; preview: Record<string, unknown>; write: () => Promise<TargetOutcome> }
  | { ok: false; reason: string }
);

/** The job as a target sees it. */
export type TargetJob = { id: string; dealerId: string | null; fileName: string };

/**
 * A kind of record a CSV/XLSX import job can feed besides leads. The owning module registers it
 * (imports may not import the modules that use it); the job machinery stays the one in this
 * module: upload, mapping, dry-run preview, background run with progress, per-row report.
 */
export type ImportTarget = {
  /** the right to upload, preview and run such a job */
  permission: Permission;
  /** a job must name one dealer: rows go there only */
  needsDealer: boolean;
  fields: readonly string[];
  suggestMapping(headers: string[]): Record<string, number>;
  /** problems of a mapping as a whole (a required field not mapped) */
  mappingProblems(mapping: Record<string, number>): FieldProblem[];
  /** a row reader for one pass over the job's file (preview or run) */
  reader(
    db: Db,
    actor: Actor,
    job: TargetJob,
    mapping: Record<string, number>,
  ): Promise<(values: string[], line: number) => Promise<TargetCandidate>>;
};

const targets = new Map<ImportTargetName, ImportTarget>();

export function registerImportTarget(
  name: Exclude<ImportTargetName, 'leads'>,
  target: ImportTarget,
) {
  targets.set(name, target);
}

/** The registered target of a job, or undefined for leads (handled by the run service itself). */
export function importTarget(name: ImportTargetName): ImportTarget | undefined {
  if (name === 'leads') return undefined;
  const target = targets.get(name);
  if (!target) throw new Error(`import target ${name} is not registered`);
  return target;
}
