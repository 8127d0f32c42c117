import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import {
  assertCustomerVisible,
  recordVerificationTx,
  type VerificationMethod,
} from '../customers/index.ts';
import { namedDealerInScope } from '../org/index.ts';
import type { LogActivityInput } from './activity.schemas.ts';
import type { ActivityChannel, Direction, Outcome } from './schema.ts';

const dayMs = 86_400_000;

/** The contacts on which a customer can confirm his data, and the method each one is. */
const confirmedBy: Partial<Record<ActivityChannel, VerificationMethod>> = {
  call: 'phone_call',
  visit: 'in_person',
};

/** Which dealer an activity is logged for: the actor's, or the one named by group staff. */
export async function actingDealerId(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
  problems: FieldProblem[],
): Promise<string | null> {
  const named = await namedDealerInScope(db, actor, dealerCode, problems);
  return named === undefined ? actor.dealerId : (named?.id ?? null);
}

/**
 * Logs a contact with a customer. A planned next contact becomes a follow-up task for the
 * person who logged it (seed 000: the system generates the tasks and asks for results).
 */
export async function logActivity(
  db: Db,
  actor: Actor,
  input: LogActivityInput,
): Promise<{ id: string; taskId: string | null }> {
  if (!can(actor, 'activities:write')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.customerId);
  const problems: FieldProblem[] = [];
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();
  if (occurredAt.getTime() > Date.now() + dayMs)
    problems.push({ path: 'occurredAt', message: 'more than a day ahead', code: 'in_future' });
  const nextContactAt = input.nextContactAt ? new Date(input.nextContactAt) : null;
  if (nextContactAt && nextContactAt <= occurredAt) {
    problems.push({
      path: 'nextContactAt',
      message: 'must be after the contact itself',
      code: 'before_contact',
    });
  }
  if (input.nextContactPlan && !nextContactAt) {
    problems.push({
      path: 'nextContactAt',
      message: 'give the date of the planned contact',
      code: 'required',
    });
  }
  const verifiedBy = input.dataConfirmed ? confirmedBy[input.channel] : undefined;
  if (input.dataConfirmed && !verifiedBy) {
    problems.push({
      path: 'dataConfirmed',
      message: 'only on a call or a visit',
      code: 'not_a_conversation',
    });
  }
  const dealerId = await actingDealerId(db, actor, input.dealerCode, problems);
  if (problems.length) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('activities')
      .values({
        customer_id: input.customerId,
        dealer_id: dealerId,
        user_id: actor.userId,
        channel: input.channel,
        direction: input.direction,
        occurred_at: occurredAt,
        subject: input.subject ?? null,
        outcome: input.outcome ?? null,
        note: input.note ?? null,
        next_contact_at: nextContactAt,
        next_contact_plan: input.nextContactPlan ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (verifiedBy) {
      const verification = {
        customerId: input.customerId,
        method: verifiedBy,
        verifiedAt: occurredAt,
        note: null,
      };
      await recordVerificationTx(tx, actor, verification, { contactLogged: true });
    }
    let taskId: string | null = null;
    if (nextContactAt && actor.userId) {
      const task = await tx
        .insertInto('tasks')
        .values({
          customer_id: input.customerId,
          dealer_id: dealerId,
          assignee_user_id: actor.userId,
          created_by: actor.userId,
          kind: 'follow_up',
          title: input.nextContactPlan || input.subject || 'Next contact',
          due_at: nextContactAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      taskId = task.id;
    }
    return { id, taskId };
  });
}

export type ActivityView = {
  id: string;
  customer: { id: string; displayName: string };
  channel: ActivityChannel;
  direction: Direction;
  occurredAt: string;
  subject: string | null;
  outcome: Outcome | null;
  note: string | null;
  nextContactAt: string | null;
  nextContactPlan: string | null;
  dealerCode: string | null;
  user: { id: string; name: string } | null;
};

export type ActivityFilter = { customerId?: string; mine?: boolean; limit: number; offset: number };

export async function listActivities(
  db: Db,
  actor: Actor,
  filter: ActivityFilter,
): Promise<{ items: ActivityView[]; total: number }> {
  let query = db
    .selectFrom('activities as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .where((eb) => customerVisible(actor, eb.ref('a.customer_id')));
  if (filter.customerId) query = query.where('a.customer_id', '=', filter.customerId);
  if (filter.mine) query = query.where('a.user_id', '=', actor.userId ?? '');
  const [rows, count] = await Promise.all([
    query
      .leftJoin('dealers as d', 'd.id', 'a.dealer_id')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select([
        'a.id',
        'a.customer_id',
        'c.display_name',
        'a.channel',
        'a.direction',
        'a.occurred_at',
        'a.subject',
        'a.outcome',
        'a.note',
        'a.next_contact_at',
        'a.next_contact_plan',
        'd.code as dealer_code',
        'u.id as user_id',
        'u.display_name as user_name',
      ])
      .orderBy('a.occurred_at', 'desc')
      .orderBy('a.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.total,
    items: rows.map((row) => ({
      id: row.id,
      customer: { id: row.customer_id, displayName: row.display_name },
      channel: row.channel,
      direction: row.direction,
      occurredAt: row.occurred_at.toISOString(),
      subject: row.subject,
      outcome: row.outcome,
      note: row.note,
      nextContactAt: row.next_contact_at?.toISOString() ?? null,
      nextContactPlan: row.next_contact_plan,
      dealerCode: row.dealer_code,
      user: row.user_id ? { id: row.user_id, name: row.user_name ?? '' } : null,
    })),
  };
}
