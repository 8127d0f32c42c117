import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { consentGranted } from '../customers/index.ts';
import { audienceCondition } from './audience.ts';
import { requestDataCheck } from './data-check.service.ts';
import { linkSignerFor, publicBaseUrl } from './links.ts';
import { findSegment } from './segments.service.ts';

/** The most customers one bulk request may name: each is a letter and a transaction. */
export const maxBulkDataChecks = 100;

export type BulkDataCheckItem = {
  customerId: string;
  status: 'queued' | 'refused' | 'not_found';
  /** why it was refused: no_email, no_consent, do_not_contact, or the outbox's reason */
  reason: string | null;
  requestId: string | null;
};

/**
 * "Ask them to confirm by e-mail" for a list of customers: each is asked as the single action
 * asks (same rules, its own transaction, so one refusal does not undo the others), and the
 * answer says per customer what happened. A customer outside the scope is `not_found`, as the
 * single action's 404.
 */
export async function requestDataChecks(
  db: Db,
  actor: Actor,
  customerIds: readonly string[],
): Promise<BulkDataCheckItem[]> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError('You may not change customers');
  const options = { signer: await linkSignerFor(db), baseUrl: publicBaseUrl() };
  const items: BulkDataCheckItem[] = [];
  for (const customerId of new Set(customerIds)) {
    try {
      const request = await requestDataCheck(db, actor, customerId, options);
      items.push({ customerId, status: 'queued', reason: null, requestId: request.id });
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 409)) {
        throw error;
      }
      items.push({
        customerId,
        status: error.status === 404 ? 'not_found' : 'refused',
        reason: error.status === 404 ? null : (error.fields[0]?.code ?? error.code),
        requestId: null,
      });
    }
  }
  return items;
}

/**
 * The customers of a saved segment to ask: its members in the actor's scope (the segment is
 * evaluated as the builder counts it) who agreed to service e-mails, by name. Members without
 * that consent are left out before asking rather than listed as refusals. More than
 * `maxBulkDataChecks` of them is a 400 naming `segmentId` with the count: a narrower segment,
 * not a truncated run, says who was asked. Another dealer's segment is a 404 (findSegment).
 */
export async function segmentDataCheckTargets(
  db: Db,
  actor: Actor,
  segmentId: string,
): Promise<string[]> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError('You may not change customers');
  const segment = await findSegment(db, actor, segmentId);
  const rows = await db
    .selectFrom('customers as c')
    .select('c.id')
    .where(audienceCondition(actor.scope, segment.definition))
    .where(consentGranted(sql.ref('c.id'), 'email', 'service'))
    .orderBy('c.sort_key')
    .orderBy('c.id')
    .limit(maxBulkDataChecks + 1)
    .execute();
  if (rows.length > maxBulkDataChecks) {
    throw new ValidationError([
      {
        path: 'segmentId',
        message: `more than ${maxBulkDataChecks} customers of the segment agreed to service e-mails`,
        code: 'too_large',
        params: { max: maxBulkDataChecks },
      },
    ]);
  }
  return rows.map((row) => row.id);
}
