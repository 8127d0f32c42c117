import { sql } from 'kysely';
import { systemActor, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { scoreAndRecordRun, type QualityRun } from './quality-scores.service.ts';

/** Key of the transaction lock that lets one server process make the scheduled run. */
const scheduledRunLock = 6_261_001;

/**
 * Continuous monitoring: a quality run over the whole base when the latest scheduled one is
 * `hours` old or older (or there is none), else nothing. The clock is the scheduled runs only,
 * so a steward's run of his own region never postpones the group's. Several server processes
 * may ask at once: the lock, taken in the run's own transaction, lets one through and the
 * others skip; the run is then seen by the next one to ask.
 */
export async function runScheduledQualityIfDue(
  db: Db,
  hours: number,
  now: Date = new Date(),
): Promise<QualityRun | null> {
  const actor = systemActor('job');
  return withActor(db, actor, async (tx) => {
    const lock = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${scheduledRunLock}) as locked`.execute(tx);
    if (!lock.rows[0]?.locked) return null;
    const latest = await tx
      .selectFrom('quality_runs')
      .select((eb) => eb.fn.max('computed_at').as('at'))
      .where('scheduled', '=', true)
      .executeTakeFirst();
    const dueAfter = now.getTime() - hours * 3_600_000;
    if (latest?.at && new Date(latest.at).getTime() > dueAfter) return null;
    return scoreAndRecordRun(tx, actor, true);
  });
}
