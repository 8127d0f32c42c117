import { sql } from 'kysely';
import { can, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ForbiddenError } from '../../../lib/errors.ts';
import {
  clubKpis,
  clubTargets,
  clubToday,
  clubVisible,
  dormantCutoff,
  lastActivity,
  memberVisible,
  repurchasedWithin5Years,
  repurchaseWindowStart,
  type ClubKpiRow,
} from '../../club/index.ts';
import type { Cell, Report } from './report.ts';

type ClubQuery = { clubId?: string | undefined; asOf?: string | undefined };

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
  const kpis = options.live
    ? await clubKpis(db, actor, query)
    : await keptClubKpis(db, actor, query);
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

/** clubKpis over the kept member rows: the same grouping, scope and tests. */
async function keptClubKpis(
  db: Db,
  actor: Actor,
  query: ClubQuery,
): Promise<{ asOf: string; items: ClubKpiRow[] }> {
  if (!can(actor, 'club:read')) throw new ForbiddenError();
  const asOf = query.asOf ?? clubToday();
  const clubFilter = query.clubId ? sql`and c.id = ${query.clubId}` : sql``;
  const dormant = sql<boolean>`case when k.member_id is null
      then ${lastActivity('m')} else k.last_activity end <= ${dormantCutoff(asOf)}::date`;
  const repurchased = sql<boolean>`case when k.member_id is null
      then ${repurchasedWithin5Years('m', 'c', asOf)}
      else exists (select 1 from unnest(k.repurchase_days) as r(day)
                    where r.day > ${repurchaseWindowStart(asOf)}::date and r.day <= ${asOf}::date) end`;
  const result = await sql<{
    club_id: string;
    club_code: string;
    dealer_code: string | null;
    members: number;
    dormant: number;
    repurchasers: number;
  }>`
    select c.id as club_id, c.code as club_code, d.code as dealer_code,
           count(*)::int as members,
           (count(*) filter (where ${dormant}))::int as dormant,
           (count(*) filter (where ${repurchased}))::int as repurchasers
      from club_members m
      join clubs c on c.id = m.club_id
      join dealers d on d.id = m.home_dealer_id
      left join analytics_club_member_activity k on k.member_id = m.id
     where m.status = 'active' and m.joined_on <= ${asOf}::date
       and ${clubVisible(actor, 'c')} and ${memberVisible(actor, 'm')} ${clubFilter}
     group by grouping sets ((c.id, c.code), (c.id, c.code, d.code))
     order by c.code, d.code nulls first`.execute(db);
  return {
    asOf,
    items: result.rows.map((row) => ({
      clubId: row.club_id,
      clubCode: row.club_code,
      dealerCode: row.dealer_code,
      members: row.members,
      dormant: row.dormant,
      dormantShare: row.members ? row.dormant / row.members : null,
      repurchasers: row.repurchasers,
      repurchaseRate: row.members ? row.repurchasers / row.members : null,
    })),
  };
}
