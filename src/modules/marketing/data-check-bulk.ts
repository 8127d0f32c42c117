import type { Actor } from '../../auth/index.ts';
import { can } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, ForbiddenError } from '../../lib/errors.ts';
import { requestDataCheck } from './data-check.service.ts';
import { linkSignerFor, publicBaseUrl } from './links.ts';

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
