import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { createTask } from '../activities/index.ts';
import { dealerManagerId } from './complaints.service.ts';

/**
 * Escalates complaints past their SLA (issue 4): every open or investigating complaint due
 * before `now` and not escalated yet is marked in one statement, gets an "escalated" event, and
 * the dealer's manager a high-priority task. Rows another runner holds are skipped, so two
 * servers sweeping at once escalate each complaint once. A reopened complaint may escalate again.
 */
export async function escalateOverdueComplaints(db: Db, now = new Date()): Promise<number> {
  const job = systemActor('job');
  return withActor(db, job, async (tx) => {
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
    if (!escalated.rows.length) return 0;
    await sql`
      insert into complaint_events (complaint_id, customer_id, at, kind, note)
      select k.id, k.customer_id, ${now}, 'escalated', 'SLA passed'
        from complaints k where k.id = any(${escalated.rows.map((row) => row.id)}::uuid[])`.execute(
      tx,
    );
    // one task per escalated complaint; the batch is bounded above
    for (const row of escalated.rows) {
      if (!row.manager_id) continue;
      await createTask(tx, job, {
        customerId: row.customer_id,
        title: `Overdue complaint #${row.number} (${row.severity}): ${row.subject}`.slice(0, 300),
        kind: 'other',
        priority: 'high',
        dueAt: now.toISOString(),
        assigneeUserId: row.manager_id,
      });
    }
    return escalated.rows.length;
  });
}

/** Sweeps for overdue complaints every 15 minutes in the server process. */
export function registerComplaintJobs(app: App): void {
  runPeriodically(app, {
    name: 'complaint escalation sweep',
    everyMs: 15 * 60_000,
    run: () => escalateOverdueComplaints(app.db),
  });
}
