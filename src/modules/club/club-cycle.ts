import { sql } from 'kysely';
import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { today } from './dates.ts';
import { creditEarnings, type EarningReport } from './earning.ts';
import { expirePoints } from './expiry.ts';
import { recomputeTiers, type TierReport } from './tiers.ts';

export type ClubCycleReport = EarningReport & TierReport & { expired: number; skipped?: true };

/**
 * One pass of the club's set-based work: credit new purchases, visits and referrals, lapse
 * points past their validity, move members between tiers. One transaction under an advisory lock, so two server processes
 * never run it at once (the second skips) and a failed pass leaves nothing half done.
 */
export async function runClubCycle(db: Db, asOf: string = today()): Promise<ClubCycleReport> {
  return withActor(db, systemActor('job'), async (tx) => {
    const lock = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(7283180) as locked`.execute(tx);
    if (!lock.rows[0]?.locked)
      return {
        purchases: 0,
        serviceVisits: 0,
        referrals: 0,
        expired: 0,
        upgraded: 0,
        downgraded: 0,
        skipped: true,
      };
    const earned = await creditEarnings(tx);
    const expired = await expirePoints(tx, asOf);
    // tiers last: they count what this pass credited and lapsed
    const tiers = await recomputeTiers(tx, asOf);
    return { ...earned, expired, ...tiers };
  });
}
