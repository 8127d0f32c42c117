import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { createTasks, type BatchTask } from '../activities/index.ts';
import { dealerManagerId } from './complaints.service.ts';

export type EscalationReport = {
  escalated: number;
  /** escalation tasks written */
  tasks: number;
  /** escalated without a task: the dealer has no active manager, or the task was refused */
  refused: number;
};

export type EscalationOptions = {
  /** where a sweep reports what deserves an operator's look (the server's log in the job) */
  log?: (message: string) => void;
  /** the set-based task writer; a test passes a stand-in that refuses some rows */
  writeTasks?: typeof createTasks;
};

/** Noted on the complaint's "escalated" event, so a missing task shows in its history. */
const noTaskNote = 'SLA passed; no task: no active manager at the dealer, or the task was refused';

/**
 * Escalates complaints past their SLA (issue 4): every open or investigating complaint due
 * before `now` and not escalated yet is marked in one statement, the dealer's manager gets a
 * high-priority task (all of them as one set), and each complaint an "escalated" event. Rows
 * another runner holds are skipped, so two servers sweeping at once escalate each complaint
 * once. A reopened complaint may escalate again. A complaint whose task cannot be written is
 * escalated all the same: its event says so, the report counts it and the sweep logs it.
 */
export async function escalateOverdueComplaints(
  db: Db,
  now = new Date(),
  { log, writeTasks = createTasks }: EscalationOptions = {},
): Promise<EscalationReport> {
  const job = systemActor('job');
  const report = await withActor(db, job, async (tx) => {
    const escalated = await sql<{
      id: string;
      number: number;
      customer_id: string;
      subject: string;
      severity: string;
      manager_id: string | null;
    }>`
      with overdue as (
        select k.id from complaints k
         where k.status in ('open', 'investigating') and k.escalated_at is null
           and k.due_at < ${now}
         order by k.due_at
         limit 1000
         for update skip locked
      )
      update complaints k set escalated_at = ${now}
        from overdue o
       where k.id = o.id
      returning k.id, k.number, k.customer_id, k.subject, k.severity,
                ${dealerManagerId(sql.ref('k.dealer_id'))} as manager_id`.execute(tx);
    if (!escalated.rows.length) return { escalated: 0, tasks: 0, refused: 0 };
    const wanted: BatchTask[] = escalated.rows.flatMap((row) =>
      row.manager_id
        ? [
            {
              ref: row.id,
              customerId: row.customer_id,
              assigneeUserId: row.manager_id,
              title: `Overdue complaint #${row.number} (${row.severity}): ${row.subject}`.slice(
                0,
                300,
              ),
              description: null,
              kind: 'other' as const,
              priority: 'high' as const,
              dueAt: now,
            },
          ]
        : [],
    );
    // up to 1000 complaints: createTasks writes them in statements of 500
    const written = await writeTasks(tx, job, wanted);
    const ids = escalated.rows.map((row) => row.id);
    const notes = ids.map((id) => (written.has(id) ? 'SLA passed' : noTaskNote));
    await sql`
      insert into complaint_events (complaint_id, customer_id, at, kind, note)
      select k.id, k.customer_id, ${now}, 'escalated', i.note
        from unnest(${ids}::uuid[], ${notes}::text[]) as i(id, note)
        join complaints k on k.id = i.id`.execute(tx);
    return {
      escalated: ids.length,
      tasks: written.size,
      refused: ids.length - written.size,
    };
  });
  if (report.refused > 0) {
    log?.(`complaint escalation: ${report.refused} complaint(s) escalated without a task`);
  }
  return report;
}

/** Sweeps for overdue complaints every 15 minutes in the server process. */
export function registerComplaintJobs(app: App): void {
  runPeriodically(app, {
    name: 'complaint escalation sweep',
    everyMs: 15 * 60_000,
    run: () =>
      escalateOverdueComplaints(app.db, new Date(), { log: (message) => app.log.warn(message) }),
  });
}
