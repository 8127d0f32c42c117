import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { createTask } from '../../activities/index.ts';
import { ownerServiceScore } from './retention-worklist.ts';
import { plainMoney } from '../../../lib/currency.ts';

/** Task texts in the assignee's language (the agent who makes the call reads them). */
const texts = {
  en: {
    title: 'Retention call: service customer at risk',
    description: (p: Record<string, string>) =>
      `Probability still active ${p.percent} %. Last visit ${p.lastVisit}, ${p.visits} visits. Service revenue at risk in the next 12 months: ${p.amount}.`,
  },
  ru: {
    title: 'Звонок удержания: клиент сервиса под угрозой ухода',
    description: (p: Record<string, string>) =>
      `Вероятность, что ещё активен: ${p.percent} %. Последний визит ${p.lastVisit}, визитов: ${p.visits}. Сервисная выручка под угрозой за 12 месяцев: ${p.amount}.`,
  },
  zh: {
    title: '保留回访：售后客户有流失风险',
    description: (p: Record<string, string>) =>
      `仍活跃概率 ${p.percent}%。最近到店 ${p.lastVisit}，共 ${p.visits} 次。未来12个月风险售后收入：${p.amount}。`,
  },
} as const;

export type RetentionTaskInput = {
  customerIds: string[];
  assigneeUserId?: string;
  dueAt: string;
};

/**
 * Owners picked from the worklist become call tasks (seed 003 P9: retention actions for the
 * valuable owners at risk). Each owner must be in the actor's scope and scored by the current
 * model (404 otherwise, as for any customer out of reach); an owner who already has an open
 * retention call is skipped rather than given a second one. Tasks go through the activities
 * module, which checks the right to assign and the assignee's dealer.
 */
export async function createRetentionTasks(
  db: Db,
  actor: Actor,
  input: RetentionTaskInput,
): Promise<{ created: string[]; skipped: string[] }> {
  const assigneeId = input.assigneeUserId ?? actor.userId;
  if (!assigneeId) {
    throw new ValidationError([{ path: 'assigneeUserId', message: 'required' }]);
  }
  const assignee = await db
    .selectFrom('users')
    .select('locale')
    .where('id', '=', assigneeId)
    .executeTakeFirst();
  const language = texts[assignee?.locale ?? 'en'];
  const created: string[] = [];
  const skipped: string[] = [];
  for (const customerId of [...new Set(input.customerIds)]) {
    const score = await ownerServiceScore(db, actor, customerId);
    const open = await db
      .selectFrom('tasks')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('status', '=', 'open')
      .where(
        'title',
        'in',
        Object.values(texts).map((text) => text.title),
      )
      .executeTakeFirst();
    if (open) {
      skipped.push(customerId);
      continue;
    }
    const amount =
      score.revenueAtRiskMinor === null
        ? '—'
        : plainMoney(score.revenueAtRiskMinor, score.currency);
    const task = await createTask(db, actor, {
      customerId,
      title: language.title,
      description: language.description({
        percent: String(Math.round(score.pActive * 100)),
        lastVisit: score.lastVisitDate,
        visits: String(score.visits),
        amount,
      }),
      kind: 'call',
      priority: 'high',
      dueAt: input.dueAt,
      assigneeUserId: assigneeId,
    });
    created.push(task.id);
  }
  return { created, skipped };
}
