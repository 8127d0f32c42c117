import { sql } from 'kysely';
import type { Tx } from '../../../auth/index.ts';

/** Which months a CSI refresh recounts: all (a rebuild) or the first days of some months. */
export type MonthSet = 'all' | string[];

/**
 * The months noted since the last pass (migration 0274's triggers note every change to an
 * answer in the changing transaction). Taken, i.e. deleted: a note committed after this
 * statement stays for the next pass, and the recount below already sees everything it saw.
 */
export async function takeCsiMonths(tx: Tx): Promise<string[]> {
  const rows = await sql<{ month: string }>`
    delete from analytics_csi_months_pending returning month::text as month`.execute(tx);
  return [...new Set(rows.rows.map((row) => row.month))];
}

/** The kept answers per month, dealer, advisor and score, recounted from the service view. */
export async function refreshCsiMonths(tx: Tx, months: MonthSet): Promise<void> {
  if (months === 'all') {
    // a rebuild recounts every month: the notes so far are answered by it
    await sql`delete from analytics_csi_months_pending`.execute(tx);
    await sql`delete from analytics_csi_monthly`.execute(tx);
  } else {
    await sql`delete from analytics_csi_monthly where month = any(${months}::date[])`.execute(tx);
  }
  // each month as a range of completion times, so the answers' time index serves it
  const inMonths =
    months === 'all'
      ? sql`true`
      : sql`exists (select 1 from unnest(${months}::date[]) as m(month)
          where a.completed_at >= m.month::timestamp at time zone 'UTC'
            and a.completed_at < (m.month + interval '1 month')::timestamp at time zone 'UTC')`;
  await sql`
    insert into analytics_csi_monthly (month, dealer_id, advisor_user_id, csi_score, answers)
    select analytics_csi_month(a.completed_at), a.dealer_id, a.advisor_user_id, a.csi_score,
           count(*)::int
      from service_csi_answers a
     where ${inMonths}
     group by 1, 2, 3, 4`.execute(tx);
}
