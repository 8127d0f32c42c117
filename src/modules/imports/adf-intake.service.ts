import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { captureLead } from '../leads/index.ts';
import { checkCapturedCustomers, type ProbableDuplicate } from '../quality/index.ts';
import type { LeadCaptureInput, LeadCaptureResult } from '../leads/capture.types.ts';
import { describeAdfProblems, parseAdf } from './adf-parser.ts';
import { dealerDirectory, targetDealerCode } from './dealer-target.ts';

export type AdfIntakeOptions = { source: string; dealerCode?: string };

/**
 * The prospects of an ADF document as lead captures for the actor, each with its dealer
 * settled; any fault (XML, contact, dealer) rejects the whole document with its reason.
 */
export async function adfCaptures(
  db: Db,
  actor: Actor,
  xml: string,
  options: AdfIntakeOptions,
): Promise<LeadCaptureInput[]> {
  const parsed = parseAdf(xml, { source: options.source });
  if (!parsed.ok) {
    throw new AppError(
      400,
      'invalid_adf',
      describeAdfProblems(parsed.problems),
      parsed.problems.map((problem) => ({
        path: problem.prospect === null ? 'body' : `prospect.${problem.prospect}`,
        message: problem.message,
      })),
    );
  }
  const directory = await dealerDirectory(db, actor);
  return parsed.prospects.map((prospect) => {
    const what = `prospect ${prospect.index}`;
    const named = options.dealerCode ?? directory.byVendor(prospect.vendor)?.code;
    const dealerCode = targetDealerCode(actor, directory, named, what);
    return dealerCode ? { ...prospect.input, dealerCode } : prospect.input;
  });
}

/** A captured prospect of an ADF document, with the probable duplicates of a new person. */
export type AdfLeadResult = LeadCaptureResult & { possibleDuplicates: ProbableDuplicate[] };

/**
 * An ADF document posted by a lead provider: every prospect, or none, is captured. The persons
 * it created are then checked against the base as a list import's are (quality module): the
 * probable duplicates go to the review queue and the answer names them. After the capture's
 * transaction, so that the check reads committed rows and a failed check loses no lead.
 */
export async function intakeAdfDocument(
  db: Db,
  actor: Actor,
  xml: string,
  options: AdfIntakeOptions,
): Promise<AdfLeadResult[]> {
  const captured = await captureAll(db, actor, await adfCaptures(db, actor, xml, options));
  const flagged = await checkCapturedCustomers(
    db,
    actor,
    captured.flatMap((result) => (result.customerCreated ? [result.customerId] : [])),
  );
  return captured.map((result) => ({
    ...result,
    possibleDuplicates: result.customerCreated ? (flagged.get(result.customerId) ?? []) : [],
  }));
}

async function captureAll(
  db: Db,
  actor: Actor,
  captures: LeadCaptureInput[],
): Promise<LeadCaptureResult[]> {
  return withActor(db, actor, async (tx) => {
    const results: LeadCaptureResult[] = [];
    for (const [index, input] of captures.entries()) {
      try {
        results.push(await captureLead(tx, actor, input));
      } catch (error) {
        if (error instanceof AppError) {
          throw new AppError(
            error.status,
            error.code,
            `prospect ${index + 1}: ${error.message}`,
            error.fields.map((field) => ({
              ...field,
              path: `prospect.${index + 1}.${field.path}`,
            })),
          );
        }
        throw error;
      }
    }
    return results;
  });
}
