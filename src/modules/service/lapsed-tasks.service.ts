import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor, Locale } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isoDate, isoDateTime } from '../../http/schemas.ts';
import { currenciesWithOtherDigits } from '../../lib/currency.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { checkAssignee } from '../activities/index.ts';
import { ownerValue, soldCars } from './retention.service.ts';

export const lapsedTasksBody = z
  .strictObject({
    customerIds: z.array(z.uuid()).min(1).max(200),
    dueAt: isoDateTime,
    assigneeUserId: z.uuid().optional().describe('yourself when absent'),
    asOf: isoDate.optional().describe('the day the owners were lapsed on; today when absent'),
  })
  .meta({ id: 'LapsedOwnerTasks' });

export const lapsedTasksAnswer = z.object({
  created: z.array(z.object({ customerId: z.string(), taskId: z.string() })),
  skipped: z.array(z.string()).describe('owners who already have an open lapsed-owner call'),
  notLapsed: z.array(z.string()).describe('not on your lapsed-owner worklist on that day'),
});

export type LapsedTasksInput = z.output<typeof lapsedTasksBody>;
export type LapsedTasksAnswer = z.output<typeof lapsedTasksAnswer>;

/** The task in the assignee's language. */
const texts: Record<
  Locale,
  { title: string; lastVisit: string; due: string; value: string; never: string }
> = {
  en: {
    title: 'Lapsed owner: invite back to service',
    lastVisit: 'last visit here',
    due: 'service due',
    value: 'lifetime value',
    never: 'none',
  },
  ru: {
    title: 'Ушедший владелец: пригласить на сервис',
    lastVisit: 'последний визит',
    due: 'срок ТО',
    value: 'ценность клиента',
    never: 'нет',
  },
  zh: {
    title: '流失车主：邀请回店保养',
    lastVisit: '最近到店',
    due: '保养到期',
    value: '客户终身价值',
    never: '无',
  },
};

/**
 * Turns owners of the lapsed-owner worklist into call-centre tasks in one INSERT ... SELECT.
 * Only owners who are lapsed on `asOf` for one of the actor's dealers get one (the worklist's
 * own query, so the data scope is the same); an owner who already has an open lapsed-owner call
 * is skipped, so pressing the button twice, or two agents at once, never doubles a call.
 */
export async function createLapsedOwnerTasks(
  db: Db,
  actor: Actor,
  input: LapsedTasksInput,
): Promise<LapsedTasksAnswer> {
  if (!can(actor, 'tasks:write') || !can(actor, 'customers:read')) throw new ForbiddenError();
  const assigneeId = input.assigneeUserId ?? actor.userId;
  if (!assigneeId)
    throw new ValidationError([{ path: 'assigneeUserId', message: 'required', code: 'required' }]);
  const problems: FieldProblem[] = [];
  const assignee = await checkAssignee(db, actor, assigneeId, problems);
  if (!assignee) throw new ValidationError(problems);
  const text = texts[assignee.locale] ?? texts.en;
  const asOf = input.asOf ?? new Date().toISOString().slice(0, 10);
  const ids = [...new Set(input.customerIds)].sort();
  const otherDigits = JSON.stringify(currenciesWithOtherDigits());

  const rows = await withActor(db, actor, async (tx) => {
    // one lock per owner, taken in id order: two requests for the same owner queue up, so the
    // "already has an open call" check of the second one sees the first one's task
    await sql`select pg_advisory_xact_lock(hashtext('lapsed-owner-task:' || id))
                from unnest(${ids}::uuid[]) as id order by id`.execute(tx);
    const result = await sql<{ customer_id: string; task_id: string | null; open: boolean }>`
      with cars as (${soldCars(actor, asOf, undefined)}),
      picked as (
        -- an owner with several lapsed cars gets one call, about his most valuable car; the
        -- owner is the car's owner on asOf, so a resold car's first buyer is not called about it
        select distinct on (c.customer_id) c.customer_id, c.dealer_id, c.vehicle_id, c.last_visit,
               c.due_date, concat_ws(' ', v.make_name, v.model_name, v.plate) as car,
               val.home_minor,
               -- one figure per currency, never added together
               -- (each in its currency's minor units: the yen has none)
               (select string_agg(to_char((line->>'amountMinor')::numeric / 10 ^ digits,
                                          'FM999999999990' || case when digits > 0
                                            then '.' || repeat('0', digits) else '' end)
                                    || ' ' || (line->>'currency'),
                                  ' + ' order by ord)
                  from jsonb_array_elements(val.value) with ordinality as l(line, ord)
                  cross join lateral (select coalesce((${otherDigits}::jsonb
                                                        ->> (line->>'currency'))::int, 2) as digits) d
               ) as value_text,
               exists (select 1 from tasks t join service_lapsed_calls l on l.task_id = t.id
                        where t.customer_id = c.customer_id and t.status = 'open') as open
          from cars c join vehicles v on v.id = c.vehicle_id
          cross join lateral (${ownerValue(asOf)}) val
         where c.lapsed and c.customer_id = any(${ids}::uuid[])
         order by c.customer_id, val.home_minor desc, c.vehicle_id
      ),
      made as (
        insert into tasks (customer_id, dealer_id, assignee_user_id, created_by, kind, title,
                           description, priority, due_at)
        select p.customer_id, coalesce(${assignee.dealerId}::uuid, p.dealer_id), ${assigneeId}::uuid,
               ${actor.userId}::uuid, 'call', ${text.title},
               concat_ws('; ', p.car,
                 ${text.lastVisit} || ': ' || coalesce(p.last_visit::text, ${text.never}),
                 ${text.due} || ': ' || coalesce(p.due_date::text, ${text.never}),
                 ${text.value} || ': ' || coalesce(p.value_text, ${text.never})),
               'high', ${input.dueAt}::timestamptz
          from picked p
         where not p.open
        returning id, customer_id
      ),
      marked as (
        insert into service_lapsed_calls (task_id, vehicle_id, lapsed_as_of)
        select m.id, p.vehicle_id, ${asOf}::date
          from made m join picked p on p.customer_id = m.customer_id
      )
      select p.customer_id, m.id as task_id, p.open
        from picked p left join made m on m.customer_id = p.customer_id`.execute(tx);
    return result.rows;
  });

  const found = new Set(rows.map((row) => row.customer_id));
  return {
    created: rows
      .filter((row) => row.task_id)
      .map((row) => ({ customerId: row.customer_id, taskId: row.task_id as string })),
    skipped: rows.filter((row) => row.open).map((row) => row.customer_id),
    notLapsed: ids.filter((id) => !found.has(id)),
  };
}
