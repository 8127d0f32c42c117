import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  AppError,
  ConflictError,
  fieldError,
  ForbiddenError,
  NotFoundError,
} from '../../lib/errors.ts';
import { openDuplicatesOf, type ProbableDuplicate } from '../quality/index.ts';
import { readAdfProspects } from './adf-parser.ts';
import { suggestMapping, type ColumnSuggestion } from './column-mapping.ts';
import { dealerDirectory, targetDealerCode } from './dealer-target.ts';
import { describeFile } from './file-reader.ts';
import { importTarget } from './import-targets.ts';
import type { ImportKind, ImportStatus, ImportTargetName } from './schema.ts';

export type ImportJobView = {
  id: string;
  kind: ImportKind;
  target: ImportTargetName;
  fileName: string;
  status: ImportStatus;
  source: string;
  campaign: string | null;
  dealerCode: string | null;
  /** a file from a trusted system: its rows verify their customers */
  trusted: boolean;
  headers: string[];
  suggestedMapping: ColumnSuggestion;
  mapping: ColumnSuggestion | null;
  totalRows: number;
  importedRows: number;
  rejectedRows: number;
  processedRows: number;
  /** a running job whose process stopped answering; running it again resumes it */
  stalled: boolean;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type NewImportJob = {
  fileName: string;
  contentBase64: string;
  source: string;
  campaign?: string;
  dealerCode?: string;
  target?: ImportTargetName;
  trusted?: boolean;
};

/** The right to work on jobs of a target (upload, preview, run). */
export function assertMayImport(actor: Actor, target: ImportTargetName): void {
  if (!can(actor, importTarget(target)?.permission ?? 'leads:import')) throw new ForbiddenError();
}

/**
 * Marking a file trusted confirms the data of every customer it touches, so only those who
 * manage imports for their dealers or the group may (not a consultant with his own list).
 * Only lead lists create and update customers: a DMS visit export adds visits to owners.
 */
function assertMayMarkTrusted(actor: Actor, target: ImportTargetName): void {
  if (!can(actor, 'leads:import') || !can(actor, 'customers:write')) {
    throw new AppError(403, 'forbidden', 'You may not mark an import as trusted', [
      { path: 'trusted', message: 'only import managers may mark a file trusted' },
    ]);
  }
  if (target !== 'leads') {
    throw fieldError('trusted', 'only lead lists update customers; this import cannot verify them');
  }
}

/** A run that has not reported progress for this long is taken for dead and may be resumed. */
export const stallMs = 5 * 60_000;

/** A decoded upload may be at most this big; bigger lists are split by the user. */
export const maxFileBytes = 10 * 1024 * 1024;

function kindOf(fileName: string): ImportKind {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'txt') return 'csv';
  if (extension === 'xlsx') return 'xlsx';
  if (extension === 'xml' || extension === 'adf') return 'adf';
  throw fieldError('fileName', 'only .csv, .xlsx and ADF .xml files can be imported');
}

/** Uploads a list: the file is kept, its columns read and a mapping suggested. */
export async function createImportJob(
  db: Db,
  actor: Actor,
  input: NewImportJob,
): Promise<ImportJobView> {
  const target = input.target ?? 'leads';
  if (input.trusted) assertMayMarkTrusted(actor, target);
  assertMayImport(actor, target);
  const kind = kindOf(input.fileName);
  if (target !== 'leads' && kind === 'adf') {
    throw fieldError('fileName', 'only .csv and .xlsx files can be imported here');
  }
  if (!/^[A-Za-z0-9+/=\s]*$/.test(input.contentBase64.slice(0, 1024))) {
    throw fieldError('contentBase64', 'not base64');
  }
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw fieldError('contentBase64', 'the file is empty');
  if (content.length > maxFileBytes) {
    throw fieldError('contentBase64', `the file is larger than ${maxFileBytes / 1024 / 1024} MB`);
  }
  const directory = await dealerDirectory(db, actor);
  const dealerCode = targetDealerCode(actor, directory, input.dealerCode, 'dealerCode');
  const dealerId = dealerCode ? directory.byCode(dealerCode)!.id : null;
  if (!dealerId && importTarget(target)?.needsDealer) {
    throw fieldError('dealerCode', 'name the dealer whose records these are');
  }
  let headers: string[] = [];
  let totalRows: number;
  if (kind === 'adf') {
    // Prospects with faults are taken: the run reports each; a broken document is not.
    const read = readAdfProspects(content.toString('utf8'), { source: input.source });
    if (!read.ok) throw fieldError('contentBase64', read.problem.message);
    totalRows = read.results.length;
  } else {
    ({ headers, totalRows } = await describeFile(kind, content));
  }
  const id = await withActor(db, actor, async (tx) => {
    const job = await tx
      .insertInto('import_jobs')
      .values({
        kind,
        target,
        file_name: input.fileName,
        headers: JSON.stringify(headers),
        total_rows: totalRows,
        dealer_id: dealerId,
        source: input.source,
        campaign: input.campaign ?? null,
        trusted: input.trusted ?? false,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('import_job_files').values({ job_id: job.id, content }).execute();
    return job.id;
  });
  return getImportJob(db, actor, id);
}

const jobColumns = [
  'j.id',
  'j.kind',
  'j.target',
  'j.file_name',
  'j.status',
  'j.source',
  'j.campaign',
  'j.trusted',
  'j.headers',
  'j.mapping',
  'j.total_rows',
  'j.imported_rows',
  'j.rejected_rows',
  'j.processed_rows',
  'j.heartbeat_at',
  'j.created_at',
  'j.finished_at',
  'd.code as dealer_code',
  'u.display_name as created_by_name',
] as const;

/** Jobs the actor may see: those of his dealers, and his own. */
function visibleJobs(db: Db, actor: Actor) {
  return db
    .selectFrom('import_jobs as j')
    .leftJoin('dealers as d', 'd.id', 'j.dealer_id')
    .leftJoin('users as u', 'u.id', 'j.created_by')
    .where((eb) =>
      actor.scope.level === 'group'
        ? sql<boolean>`true`
        : eb.or([
            eb('j.created_by', '=', actor.userId),
            eb.and([
              eb('j.dealer_id', 'is not', null),
              dealerVisible(actor, eb.ref('j.dealer_id')),
            ]),
          ]),
    );
}

type JobRow = {
  id: string;
  kind: ImportKind;
  target: ImportTargetName;
  file_name: string;
  status: ImportStatus;
  source: string;
  campaign: string | null;
  trusted: boolean;
  headers: string[];
  mapping: ColumnSuggestion | null;
  total_rows: number;
  imported_rows: number;
  rejected_rows: number;
  processed_rows: number;
  heartbeat_at: Date | null;
  created_at: Date;
  finished_at: Date | null;
  dealer_code: string | null;
  created_by_name: string | null;
};

function toView(row: JobRow): ImportJobView {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    fileName: row.file_name,
    status: row.status,
    source: row.source,
    campaign: row.campaign,
    dealerCode: row.dealer_code,
    trusted: row.trusted,
    headers: row.headers,
    suggestedMapping:
      importTarget(row.target)?.suggestMapping(row.headers) ?? suggestMapping(row.headers),
    mapping: row.mapping,
    totalRows: row.total_rows,
    importedRows: row.imported_rows,
    rejectedRows: row.rejected_rows,
    processedRows: row.processed_rows,
    stalled:
      row.status === 'running' &&
      (row.heartbeat_at === null || Date.now() - row.heartbeat_at.getTime() > stallMs),
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export async function getImportJob(db: Db, actor: Actor, id: string): Promise<ImportJobView> {
  const row = await visibleJobs(db, actor)
    .select(jobColumns)
    .where('j.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Import job');
  return toView(row);
}

export async function listImportJobs(
  db: Db,
  actor: Actor,
  page: { limit: number; offset: number; target?: ImportTargetName | undefined },
): Promise<{ items: ImportJobView[]; total: number }> {
  const jobs = visibleJobs(db, actor).where('j.target', '=', page.target ?? 'leads');
  const [rows, count] = await Promise.all([
    jobs
      .select(jobColumns)
      .orderBy('j.created_at', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    jobs.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toView), total: Number(count.total) };
}

export type ImportReportRow = {
  line: number;
  status: 'imported' | 'rejected';
  reason: string | null;
  leadId: string | null;
  customerId: string | null;
  customerCreated: boolean | null;
  visitId: string | null;
  possibleDuplicates: ProbableDuplicate[];
};

/** The per-row report of a run (the caller may see the job). */
export async function importReport(
  db: Db,
  actor: Actor,
  id: string,
  query: { status?: 'imported' | 'rejected'; limit: number; offset: number },
): Promise<{ items: ImportReportRow[]; total: number }> {
  await getImportJob(db, actor, id);
  let rows = db.selectFrom('import_job_rows').where('job_id', '=', id);
  if (query.status) rows = rows.where('status', '=', query.status);
  const [items, count] = await Promise.all([
    rows
      .select([
        'line_no',
        'status',
        'reason',
        'lead_id',
        'customer_id',
        'customer_created',
        'visit_id',
      ])
      .orderBy('line_no')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    rows.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  // the pairs still open in the review queue: a steward's decision clears the line
  const duplicates = await openDuplicatesOf(
    db,
    actor,
    items.flatMap((row) => (row.customer_created && row.customer_id ? [row.customer_id] : [])),
  );
  return {
    items: items.map((row) => ({
      line: row.line_no,
      status: row.status,
      reason: row.reason,
      leadId: row.lead_id,
      customerId: row.customer_id,
      customerCreated: row.customer_created,
      visitId: row.visit_id,
      possibleDuplicates:
        row.customer_created && row.customer_id ? (duplicates.get(row.customer_id) ?? []) : [],
    })),
    total: Number(count.total),
  };
}

/** The stored file of a job the actor may see. */
export async function jobFile(db: Db, jobId: string): Promise<Buffer> {
  const file = await db
    .selectFrom('import_job_files')
    .select('content')
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  if (!file) throw new AppError(410, 'file_gone', 'The uploaded file of this job is gone');
  return Buffer.from(file.content);
}

/**
 * Claims a job for a run: an uploaded one, or a stalled run to resume. Concurrent claims of
 * one job cannot both win (one conditional update).
 */
export async function claimJob(
  db: Db,
  actor: Actor,
  jobId: string,
  mapping: ColumnSuggestion | null,
): Promise<void> {
  const claimed = await withActor(db, actor, (tx) =>
    tx
      .updateTable('import_jobs')
      .set({
        status: 'running',
        heartbeat_at: sql<Date>`now()`,
        mapping: mapping ? JSON.stringify(mapping) : null,
      })
      .where('id', '=', jobId)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'uploaded'),
          eb.and([
            eb('status', '=', 'running'),
            eb.or([
              eb('heartbeat_at', 'is', null),
              eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${stallMs / 1000})`),
            ]),
          ]),
        ]),
      )
      .returning('id')
      .executeTakeFirst(),
  );
  if (!claimed)
    throw new ConflictError('This import has already been run or is running').because(
      'import_already_run',
    );
}

/** Lines of a job already in its report (a resumed run skips them). */
export async function reportedLines(db: Db, jobId: string): Promise<Set<number>> {
  const rows = await db
    .selectFrom('import_job_rows')
    .select('line_no')
    .where('job_id', '=', jobId)
    .execute();
  return new Set(rows.map((row) => row.line_no));
}
