import { sql } from 'kysely';
import type { Tx } from '../../../auth/index.ts';

/**
 * Notes visit days whose aftersales figures must be recounted though no visit names them any
 * more (the old day of a visit moved to another date). Written in the caller's transaction, so
 * the note commits with the change; the next refresh recounts the days (see migration 0255).
 */
export async function noteVisitDaysChanged(tx: Tx, days: string[]): Promise<void> {
  if (!days.length) return;
  await sql`
    insert into analytics_visit_days_pending (day)
    select distinct unnest(${days}::date[])`.execute(tx);
}

/** Days noted since `since`; notes older than that were read by an earlier pass and go. */
export async function takeNotedVisitDays(tx: Tx, since: Date): Promise<string[]> {
  await sql`delete from analytics_visit_days_pending where noted_at <= ${since}`.execute(tx);
  const rows = await sql<{ day: string }>`
    select distinct day::text as day from analytics_visit_days_pending`.execute(tx);
  return rows.rows.map((row) => row.day);
}
