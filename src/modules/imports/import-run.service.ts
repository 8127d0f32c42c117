import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { recordImportVerificationsTx, type ImportedVerification } from '../customers/index.ts';
import { captureLead } from '../leads/index.ts';
import { checkCapturedCustomers } from '../quality/index.ts';
import type { LeadCaptureInput } from '../leads/capture.types.ts';
import { isAdfProblem, readAdfProspects } from './adf-parser.ts';
import { importFields, type ColumnSuggestion } from './column-mapping.ts';
import { dealerDirectory, targetDealerCode, type DealerDirectory } from './dealer-target.ts';
import { readRows } from './file-reader.ts';
import { importTarget, type ImportTarget, type TargetCandidate } from './import-targets.ts';
import {
  assertMayImport,
  claimJob,
  getImportJob,
  jobFile,
  reportedLines,
  type ImportJobView,
} from './import-jobs.service.ts';
import { mapRow } from './row-mapper.ts';

/** One line of a list (or one prospect of an ADF file), ready to capture or with its fault. */
export type Candidate = { line: number } & (
  { ok: true; input: LeadCaptureInput; verifiedAt?: string } | { ok: false; reason: string }
);

type RunSettings = { country: string; currency: string };

function checkMapping(job: ImportJobView, mapping: ColumnSuggestion): void {
  const target = importTarget(job.target);
  const fields: readonly string[] = target?.fields ?? importFields;
  for (const [field, column] of Object.entries(mapping)) {
    if (!fields.includes(field)) {
      throw new AppError(400, 'validation_failed', `unknown field ${field}`, [
        { path: `mapping.${field}`, message: 'unknown field' },
      ]);
    }
    if (column === undefined || column < 0 || column >= job.headers.length) {
      throw new AppError(400, 'validation_failed', `mapping.${field}: no column ${column}`, [
        { path: `mapping.${field}`, message: `the file has no column ${column}` },
      ]);
    }
  }
  if (target) {
    const problems = target.mappingProblems(mapping);
    if (problems.length) {
      throw new AppError(
        400,
        'validation_failed',
        problems.map((p) => p.message).join('; '),
        problems,
      );
    }
    return;
  }
  if (mapping.phone === undefined && mapping.email === undefined) {
    throw new AppError(400, 'validation_failed', 'map a phone or an e-mail column', [
      { path: 'mapping', message: 'map a phone or an e-mail column' },
    ]);
  }
}

/** Settles the dealer of a good row; a dealer the actor may not use makes the row bad. */
function withDealer(
  actor: Actor,
  directory: DealerDirectory,
  candidate: Candidate,
  named: string | undefined,
): Candidate {
  if (!candidate.ok) return candidate;
  try {
    const dealerCode = targetDealerCode(actor, directory, named, `line ${candidate.line}`);
    const { dealerCode: _ignored, ...rest } = candidate.input;
    return { ...candidate, input: dealerCode ? { ...rest, dealerCode } : rest };
  } catch (error) {
    if (error instanceof AppError)
      return { line: candidate.line, ok: false, reason: error.message };
    throw error;
  }
}

/** Every row of the job's file as a candidate, in file order. */
async function* candidates(
  db: Db,
  actor: Actor,
  job: ImportJobView,
  mapping: ColumnSuggestion,
  settings: RunSettings,
): AsyncGenerator<Candidate> {
  const content = await jobFile(db, job.id);
  const directory = await dealerDirectory(db, actor);
  if (job.kind === 'adf') {
    const read = readAdfProspects(content.toString('utf8'), { source: job.source });
    if (!read.ok) throw new AppError(400, 'invalid_adf', read.problem.message);
    for (const result of read.results) {
      if (isAdfProblem(result)) {
        yield { line: result.prospect ?? 0, ok: false, reason: result.message };
        continue;
      }
      const input = job.campaign ? { ...result.input, campaign: job.campaign } : result.input;
      const named = directory.byVendor(result.vendor)?.code ?? job.dealerCode ?? undefined;
      yield withDealer(actor, directory, { line: result.index, ok: true, input }, named);
    }
    return;
  }
  // National numbers in a list are read as numbers of the dealer's country (a Chinese
  // dealer's list holds Chinese mobiles), as lead capture will read them.
  const country = (job.dealerCode && directory.byCode(job.dealerCode)?.country) || settings.country;
  let header = true;
  for await (const row of readRows(job.kind, content)) {
    if (header) {
      header = false;
      continue;
    }
    const mapped = mapRow(row.values, row.line, mapping, {
      source: job.source,
      ...(job.campaign ? { campaign: job.campaign } : {}),
      consentSource: `import «${job.fileName}»`,
      country,
      currency: settings.currency,
      jobId: job.id,
    });
    const candidate: Candidate = { line: row.line, ...mapped };
    const named = mapped.ok ? (mapped.input.dealerCode ?? job.dealerCode ?? undefined) : undefined;
    yield withDealer(actor, directory, candidate, named);
  }
}

/** Every data row of a CSV/XLSX job as a candidate of its (non-lead) target, in file order. */
async function* targetCandidates(
  db: Db,
  actor: Actor,
  job: ImportJobView,
  target: ImportTarget,
  mapping: ColumnSuggestion,
): AsyncGenerator<TargetCandidate> {
  if (job.kind === 'adf') throw new AppError(400, 'invalid_kind', 'an ADF file holds leads only');
  const content = await jobFile(db, job.id);
  const dealer = await db
    .selectFrom('import_jobs')
    .select('dealer_id')
    .where('id', '=', job.id)
    .executeTakeFirstOrThrow();
  const read = await target.reader(
    db,
    actor,
    { id: job.id, dealerId: dealer.dealer_id, fileName: job.fileName },
    mapping,
  );
  let header = true;
  for await (const row of readRows(job.kind, content)) {
    if (header) {
      header = false;
      continue;
    }
    yield await read(row.values, row.line);
  }
}

export type PreviewRow = {
  line: number;
  ok: boolean;
  reason: string | null;
  lead: LeadCaptureInput | null;
  /** what a row of another target will write (a service visit) */
  record?: Record<string, unknown> | null;
};
export type ImportPreview = {
  valid: number;
  rejected: number;
  /** good rows whose customer a trusted import marks verified */
  verified: number;
  rows: PreviewRow[];
};

/** How many rows a preview shows in full; every row is still validated and counted. */
const previewShown = 200;

/** Validates every row with the mapping, writing nothing. */
export async function previewImport(
  db: Db,
  actor: Actor,
  jobId: string,
  mapping: ColumnSuggestion,
  settings: RunSettings,
): Promise<ImportPreview> {
  const job = await getImportJob(db, actor, jobId);
  assertMayImport(actor, job.target);
  if (job.kind !== 'adf') checkMapping(job, mapping);
  const preview: ImportPreview = { valid: 0, rejected: 0, verified: 0, rows: [] };
  let goodShown = 0;
  const target = importTarget(job.target);
  if (target) {
    for await (const candidate of targetCandidates(db, actor, job, target, mapping)) {
      if (candidate.ok) preview.valid++;
      else preview.rejected++;
      if (!candidate.ok && preview.rows.length < previewShown * 5) {
        preview.rows.push({
          line: candidate.line,
          ok: false,
          reason: candidate.reason,
          lead: null,
        });
      } else if (candidate.ok && goodShown < previewShown) {
        goodShown++;
        preview.rows.push({
          line: candidate.line,
          ok: true,
          reason: null,
          lead: null,
          record: candidate.preview,
        });
      }
    }
    preview.rows.sort((a, b) => a.line - b.line);
    return preview;
  }
  for await (const candidate of candidates(db, actor, job, mapping, settings)) {
    if (candidate.ok) preview.valid++;
    else preview.rejected++;
    // Every bad row is shown (that is what the user must fix); good ones up to a sample.
    if (!candidate.ok && preview.rows.length < previewShown * 5) {
      preview.rows.push({ line: candidate.line, ok: false, reason: candidate.reason, lead: null });
    } else if (candidate.ok && goodShown < previewShown) {
      goodShown++;
      preview.rows.push({ line: candidate.line, ok: true, reason: null, lead: candidate.input });
    }
  }
  preview.rows.sort((a, b) => a.line - b.line);
  // every good row of a trusted list creates or updates a customer, and so verifies him
  if (job.trusted) preview.verified = preview.valid;
  return preview;
}

type ReportRow = {
  job_id: string;
  line_no: number;
  status: 'imported' | 'rejected';
  reason: string | null;
  lead_id: string | null;
  customer_id: string | null;
  customer_created: boolean | null;
  visit_id?: string | null;
};

/** Report rows are written, and progress shown, this many lines at a time. */
const batchSize = 100;

/** A written row and, for a lead row, the data date its file gave. */
type Written = { report: ReportRow; verifiedAt?: string | undefined };

/** A trusted job's rows verify their customers, with the file's name as the note. */
type TrustedRun = { note: string; importedAt: Date } | null;

/**
 * Saves a batch of report rows and the job's progress, which is also its heartbeat, and for a
 * trusted job the verifications of the batch's customers: one statement, in the same
 * transaction, so a resumed run verifies exactly the rows it reports.
 */
async function saveBatch(
  db: Db,
  actor: Actor,
  jobId: string,
  written: Written[],
  trusted: TrustedRun,
): Promise<void> {
  const rows = written.map((item) => item.report);
  await withActor(db, actor, async (tx) => {
    if (trusted) {
      const verifications: ImportedVerification[] = written.flatMap(({ report, verifiedAt }) =>
        report.status === 'imported' && report.customer_id
          ? [
              {
                customerId: report.customer_id,
                verifiedAt: verifiedAt ? new Date(`${verifiedAt}T00:00:00Z`) : trusted.importedAt,
              },
            ]
          : [],
      );
      await recordImportVerificationsTx(tx, actor, verifications, trusted.note);
    }
    if (rows.length > 0) {
      // A resumed run may meet a line its dead predecessor reported just before dying.
      await tx
        .insertInto('import_job_rows')
        .values(rows)
        .onConflict((oc) => oc.columns(['job_id', 'line_no']).doNothing())
        .execute();
    }
    await sql`
      update import_jobs j
         set heartbeat_at = now(),
             imported_rows = c.imported,
             rejected_rows = c.rejected,
             processed_rows = c.imported + c.rejected
        from (select count(*) filter (where status = 'imported')::int as imported,
                     count(*) filter (where status = 'rejected')::int as rejected
                from import_job_rows where job_id = ${jobId}) c
       where j.id = ${jobId}`.execute(tx);
  });
}

async function capture(
  actor: Actor,
  db: Db,
  jobId: string,
  candidate: Candidate,
): Promise<ReportRow> {
  const base = {
    job_id: jobId,
    line_no: candidate.line,
    lead_id: null,
    customer_id: null,
    customer_created: null,
  };
  if (!candidate.ok) return { ...base, status: 'rejected', reason: candidate.reason };
  try {
    const result = await captureLead(db, actor, candidate.input);
    return {
      ...base,
      status: 'imported',
      reason: null,
      lead_id: result.leadId,
      customer_id: result.customerId,
      customer_created: result.customerCreated,
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...base, status: 'rejected', reason: error.message };
  }
}

/** Writes one row of a non-lead target; a refused write is a rejected row, not a failed run. */
async function writeTargetRow(jobId: string, candidate: TargetCandidate): Promise<ReportRow> {
  const base = {
    job_id: jobId,
    line_no: candidate.line,
    lead_id: null,
    customer_id: null,
    customer_created: null,
  };
  if (!candidate.ok) return { ...base, status: 'rejected', reason: candidate.reason };
  try {
    const outcome = await candidate.write();
    if (!outcome.ok) return { ...base, status: 'rejected', reason: outcome.reason };
    return {
      ...base,
      status: 'imported',
      reason: null,
      customer_id: outcome.customerId,
      visit_id: outcome.recordId,
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...base, status: 'rejected', reason: error.message };
  }
}

/**
 * The persons a batch created, checked against the base as a consultant's new person is: the
 * probable duplicates go to the review queue and the report names them. Before the batch is
 * saved, so that a run resumed after a crash has checked every row it reports (a line captured
 * again finds its lead and creates no one).
 */
async function flagNewPersons(db: Db, actor: Actor, batch: Written[]): Promise<void> {
  await checkCapturedCustomers(
    db,
    actor,
    batch.flatMap(({ report }) =>
      report.customer_created && report.customer_id ? [report.customer_id] : [],
    ),
  );
}

/**
 * Captures every row not yet reported, each in its own transaction (a bad row never takes
 * good ones with it), and closes the job.
 */
async function processJob(
  db: Db,
  actor: Actor,
  job: ImportJobView,
  mapping: ColumnSuggestion,
  settings: RunSettings,
): Promise<void> {
  const done = await reportedLines(db, job.id);
  let batch: Written[] = [];
  const target = importTarget(job.target);
  // the upload's time: when the trusted system vouched for the file's data
  const trusted: TrustedRun = job.trusted
    ? { note: job.fileName, importedAt: new Date(job.createdAt) }
    : null;
  // One stream of "write this line" steps, whichever the target.
  async function* steps(): AsyncGenerator<{ line: number; write: () => Promise<Written> }> {
    if (target) {
      for await (const candidate of targetCandidates(db, actor, job, target, mapping))
        yield {
          line: candidate.line,
          write: async () => ({ report: await writeTargetRow(job.id, candidate) }),
        };
    } else {
      for await (const candidate of candidates(db, actor, job, mapping, settings))
        yield {
          line: candidate.line,
          write: async () => ({
            report: await capture(actor, db, job.id, candidate),
            verifiedAt: candidate.ok ? candidate.verifiedAt : undefined,
          }),
        };
    }
  }
  for await (const step of steps()) {
    if (done.has(step.line)) continue;
    batch.push(await step.write());
    if (batch.length >= batchSize) {
      if (!target) await flagNewPersons(db, actor, batch);
      await saveBatch(db, actor, job.id, batch, trusted);
      batch = [];
    }
  }
  if (!target) await flagNewPersons(db, actor, batch);
  await saveBatch(db, actor, job.id, batch, trusted);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('import_jobs')
      .set({ status: 'done', finished_at: new Date() })
      .where('id', '=', job.id)
      .execute(),
  );
}

/** How long a run request waits for the job to finish before answering "running". */
export const runAnswerWaitMs = 5000;

/**
 * Starts (or resumes a stalled) run. Small lists answer done; a long list goes on in the
 * background and the job shows its progress. A run stopped by a crash is resumed by running
 * it again: captures are idempotent per job line, so nothing is captured twice.
 */
export async function runImport(
  db: Db,
  actor: Actor,
  jobId: string,
  mapping: ColumnSuggestion,
  settings: RunSettings,
  onFailure: (error: unknown) => void,
): Promise<ImportJobView> {
  const job = await getImportJob(db, actor, jobId);
  assertMayImport(actor, job.target);
  if (job.kind !== 'adf') checkMapping(job, mapping);
  await claimJob(db, actor, job.id, job.kind === 'adf' ? null : mapping);
  // A failure leaves the job running without a heartbeat: it shows as stalled and resumable.
  const work = processJob(db, actor, job, mapping, settings).catch(onFailure);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise((resolve) => (timer = setTimeout(resolve, runAnswerWaitMs))),
  ]);
  clearTimeout(timer);
  return getImportJob(db, actor, job.id);
}
