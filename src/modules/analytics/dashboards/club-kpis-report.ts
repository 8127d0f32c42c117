import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import {
  clubKpis,
  clubTargets,
  dormantCutoff,
  lastActivity,
  repurchasedWithin5Years,
  repurchasedWithin5YearsOn,
  type ClubKpiTests,
} from '../../club/index.ts';
import type { Cell, Report } from './report.ts';

type ClubQuery = { clubId?: string | undefined; asOf?: string | undefined };

/**
 * The club's tests over the kept member rows; a member not in them yet is judged live. The
 * members, scope and grouping stay clubKpis' own.
 */
const keptTests: ClubKpiTests = (asOf) => ({
  join: sql`left join analytics_club_member_activity k on k.member_id = m.id`,
  dormant: sql<boolean>`case when k.member_id is null
      then ${lastActivity('m')} else k.last_activity end <= ${dormantCutoff(asOf)}::date`,
  repurchased: sql<boolean>`case when k.member_id is null
      then ${repurchasedWithin5Years('m', 'c', asOf)}
      else ${repurchasedWithin5YearsOn(sql`k.repurchase_days`, asOf)} end`,
});

/**
 * The club KPIs of the members page as a report for the exporter: the targets as figures, one
 * row per club and per home dealer. The members, scope and rules are the club module's; each
 * member's last activity and repurchase days are read from the kept table
 * (analytics_club_member_activity, refreshed with the aggregates), and a member not in it yet is
 * judged live. `live` asks the club module's own live query (the tests compare the two).
 */
export async function clubKpisReport(
  db: Db,
  actor: Actor,
  query: ClubQuery,
  options: { live?: boolean } = {},
): Promise<Report> {
  const kpis = await clubKpis(db, actor, query, options.live ? undefined : keptTests);
  return {
    name: 'club-kpis',
    asOf: kpis.asOf,
    filters: { clubId: query.clubId, asOf: kpis.asOf },
    kpis: [
      { key: 'dormantShareMax', kind: 'ratio', value: clubTargets.dormantShareMax },
      { key: 'repurchaseRateMin', kind: 'ratio', value: clubTargets.repurchaseRateMin },
    ],
    tables: [
      {
        key: 'clubKpis',
        columns: [
          { key: 'club', kind: 'text' },
          { key: 'dealerOrClub', kind: 'text' },
          { key: 'members', kind: 'count' },
          { key: 'dormant', kind: 'count' },
          { key: 'dormantShare', kind: 'ratio' },
          { key: 'repurchasers', kind: 'count' },
          { key: 'repurchaseRate', kind: 'ratio' },
        ],
        rows: kpis.items.map((row): Cell[] => [
          row.clubCode,
          row.dealerCode,
          row.members,
          row.dormant,
          row.dormantShare,
          row.repurchasers,
          row.repurchaseRate,
        ]),
      },
    ],
  };
}
