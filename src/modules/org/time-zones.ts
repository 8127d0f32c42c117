import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/**
 * Whose clock a time is read on (quiet hours, "18:00 at the showroom"): a person's own zone,
 * else his dealer's, else the group's default, else UTC; an event's: its dealer's, else the
 * group's, else UTC. The rule lives here because this module owns dealers and the group.
 */

/** SQL: the group's default zone, else UTC (one group per installation). */
const groupZone = sql<string>`coalesce(
  (select g.default_timezone from org_group g order by g.created_at limit 1), 'UTC')`;

/** The group's default zone, else UTC: read once by a pass that places many people. */
export async function groupDefaultZone(db: Db | Tx): Promise<string> {
  const row = await db.selectNoFrom(groupZone.as('zone')).executeTakeFirstOrThrow();
  return row.zone;
}

/** SQL: a dealer's zone, else the group's, else UTC; no dealer (a group event): the group's. */
export function dealerZone(dealerId: Expression<string | null>): RawBuilder<string> {
  return sql<string>`coalesce((select d.timezone from dealers d where d.id = ${dealerId}),
    ${groupZone})`;
}

/** A person's zone: his own, else his dealer's, else `groupDefault` (from groupDefaultZone). */
export function personZone(
  own: string | null | undefined,
  dealer: string | null | undefined,
  groupDefault: string,
): string {
  return own ?? dealer ?? groupDefault;
}
