import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { createTask, updateTask } from '../activities/index.ts';
import type { LeadTaskPurpose } from './schema.ts';

/** Leads that arrive from afar and expect an answer at once (issue 3: within 30 minutes). */
const remoteSources = new Set(['website', 'call_center', 'advertising', 'brand_cooperation']);
const minute = 60_000;

/**
 * Titles of the tasks the system writes, in the language of the user who gets them (a task
 * title is stored text, not a UI label the browser could translate).
 */
const systemTitles = {
  webFirstContact: {
    en: 'First contact with a new lead (within 30 minutes)',
    ru: 'Первый контакт с новым лидом (в течение 30 минут)',
    zh: '首次联系新线索（30分钟内）',
  },
  showroomFollowUp: {
    en: 'Call the showroom visitor the day after his visit',
    ru: 'Позвонить посетителю салона на следующий день после визита',
    zh: '到店次日回访展厅客户',
  },
  firstContact: {
    en: 'First contact with a new lead (within a day)',
    ru: 'Первый контакт с новым лидом (в течение дня)',
    zh: '首次联系新线索（一天内）',
  },
  plannedContact: {
    en: 'Planned next contact',
    ru: 'Запланированный контакт',
    zh: '计划的下次联系',
  },
} as const;
export type SystemTitle = keyof typeof systemTitles;

export type SlaTaskPlan = {
  purpose: LeadTaskPurpose;
  /** the consultant's own words, or a system title written in the assignee's language */
  title: string | { system: SystemTitle };
  kind: 'call' | 'follow_up';
  priority: 'normal' | 'high';
  dueAt: Date;
};

/**
 * The first follow-up a new lead gets: a web or call-centre lead is called within 30 minutes,
 * a showroom visitor the next morning (10:00 at the dealer), any other lead within a day.
 */
export async function firstContactPlan(
  tx: Tx,
  sourceKey: string,
  dealerId: string,
  now: Date,
): Promise<SlaTaskPlan> {
  if (remoteSources.has(sourceKey)) {
    return {
      purpose: 'first_contact',
      title: { system: 'webFirstContact' },
      kind: 'call',
      priority: 'high',
      dueAt: new Date(now.getTime() + 30 * minute),
    };
  }
  if (sourceKey === 'showroom') {
    const row = await tx
      .selectFrom('dealers')
      .select(
        sql<Date>`(date_trunc('day', ${now}::timestamptz at time zone timezone)
                   + interval '1 day 10 hours') at time zone timezone`.as('due'),
      )
      .where('id', '=', dealerId)
      .executeTakeFirstOrThrow();
    return {
      purpose: 'showroom_follow_up',
      title: { system: 'showroomFollowUp' },
      kind: 'call',
      priority: 'normal',
      dueAt: new Date(row.due),
    };
  }
  return {
    purpose: 'first_contact',
    title: { system: 'firstContact' },
    kind: 'call',
    priority: 'normal',
    dueAt: new Date(now.getTime() + 24 * 60 * minute),
  };
}

/** Whom a lead's task goes to: its consultant, else the dealer's CRM manager, else its manager. */
export async function taskOwner(
  tx: Tx,
  dealerId: string,
  assignedUserId: string | null,
): Promise<string | null> {
  if (assignedUserId) return assignedUserId;
  const row = await tx
    .selectFrom('users')
    .select('id')
    .where('dealer_id', '=', dealerId)
    .where('active', '=', true)
    .where('role', 'in', ['crm_manager', 'dealer_manager'])
    .orderBy(sql`role = 'crm_manager'`, 'desc')
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Cancels the lead's open tasks (of one purpose, when given): the lead closed, or the plan moved. */
export async function cancelOpenLeadTasks(
  tx: Tx,
  actor: Actor,
  leadId: string,
  purpose?: LeadTaskPurpose,
): Promise<void> {
  let open = tx
    .selectFrom('lead_tasks as lt')
    .innerJoin('tasks as t', 't.id', 'lt.task_id')
    .select('t.id')
    .where('lt.lead_id', '=', leadId)
    .where('t.status', '=', 'open');
  if (purpose) open = open.where('lt.purpose', '=', purpose);
  for (const task of await open.execute()) {
    await updateTask(tx, actor, task.id, { status: 'cancelled' });
  }
}

/**
 * Creates a lead's task through the activities module (the task lands in the assignee's day)
 * and remembers that it belongs to the lead.
 */
export async function createLeadTask(
  tx: Tx,
  engine: Actor,
  lead: { id: string; customerId: string; dealerId: string; assignedUserId: string | null },
  plan: SlaTaskPlan,
): Promise<string | null> {
  const assignee = await taskOwner(tx, lead.dealerId, lead.assignedUserId);
  if (!assignee) return null;
  let title = typeof plan.title === 'string' ? plan.title : '';
  if (typeof plan.title !== 'string') {
    const user = await tx
      .selectFrom('users')
      .select('locale')
      .where('id', '=', assignee)
      .executeTakeFirstOrThrow();
    const locale = user.locale === 'ru' || user.locale === 'zh' ? user.locale : 'en';
    title = systemTitles[plan.title.system][locale];
  }
  const { id } = await createTask(tx, engine, {
    customerId: lead.customerId,
    title,
    kind: plan.kind,
    priority: plan.priority,
    dueAt: plan.dueAt.toISOString(),
    assigneeUserId: assignee,
  });
  await tx
    .insertInto('lead_tasks')
    .values({ task_id: id, lead_id: lead.id, customer_id: lead.customerId, purpose: plan.purpose })
    .execute();
  return id;
}

/**
 * Every open lead task overdue at `now` and not yet escalated gets a high-priority task for
 * the dealer's CRM manager (else its dealer manager), in one statement however many there are.
 * Rows another runner holds are skipped, so two servers on one database do not double up.
 */
export async function escalateOverdueTasks(db: Db, now: Date): Promise<number> {
  return withActor(db, systemActor('job'), async (tx) => {
    const result = await sql<{ task_id: string }>`
      with overdue as materialized (
        select lt.task_id, lt.lead_id, lt.customer_id, t.dealer_id, t.title, t.due_at,
               gen_random_uuid() as escalation_id
          from lead_tasks lt
          join tasks t on t.id = lt.task_id
         where lt.escalated_at is null
           and lt.purpose <> 'escalation'
           and t.status = 'open'
           and t.due_at < ${now}
           and t.dealer_id is not null
           for update of lt skip locked
      ),
      managers as (
        select distinct on (u.dealer_id) u.dealer_id, u.id, u.locale
          from users u
         where u.dealer_id in (select dealer_id from overdue)
           and u.active
           and u.role in ('crm_manager', 'dealer_manager')
         order by u.dealer_id, u.role = 'crm_manager' desc, u.created_at
      ),
      escalations as (
        insert into tasks (id, customer_id, dealer_id, assignee_user_id, kind, title, priority, due_at)
        select o.escalation_id, o.customer_id, o.dealer_id, m.id, 'follow_up',
               case m.locale when 'ru' then 'Просрочена задача по лиду: '
                             when 'zh' then '线索任务逾期：'
                             else 'Overdue lead task: ' end || o.title,
               'high', ${now}::timestamptz + interval '1 hour'
          from overdue o
          join managers m on m.dealer_id = o.dealer_id
        returning id
      ),
      marked as (
        update lead_tasks lt set escalated_at = ${now}
          from overdue o
         where lt.task_id = o.task_id
           and o.escalation_id in (select id from escalations)
        returning lt.task_id
      )
      insert into lead_tasks (task_id, lead_id, customer_id, purpose)
      select o.escalation_id, o.lead_id, o.customer_id, 'escalation'
        from overdue o
       where o.escalation_id in (select id from escalations)
      returning task_id`.execute(tx);
    return result.rows.length;
  });
}
