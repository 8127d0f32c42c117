import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import {
  clubKpis,
  clubTargets,
  dormantCutoff,
  liveClubKpiTests,
  repurchasedWithin5YearsOn,
  repurchaseWindowStart,
  type ClubKpiRow,
  type ClubKpiTests,
  today,
} from '../../club/index.ts';
import { changedClubMembersSql } from '../aggregates/club-activity.ts';
import { overlapMs } from '../aggregates/refresh.ts';
import type { Cell, Report } from './report.ts';

type ClubQuery = { clubId?: string | undefined; asOf?: string | undefined };

/**
 * Members changed since `since` (their membership, or a sign of life or purchase of theirs): their
 * kept rows may be out of date. The same list the refresh recomputes, so until it has they are
 * read live. An `exists`, so that its negation below is an anti-join: a `not (m.id in (…))`
 * could only be a subplan, hashed while the changed ids fit in work_mem and otherwise rescanned
 * for every kept row (right after a large import, 350,000 changed members at 1M customers, the
 * report ran for minutes without end; as an anti-join it is one merge of the two sets).
 */
const changedSince = (since: Date) =>
  sql<boolean>`exists (select 1 from (${changedClubMembersSql(since)}) changed
    where changed.id = m.id)`;

/**
 * The kept rows alone as the members (0275: they carry the member's club, customer, home
 * dealer, status and joining day as of the refresh), leaving out the members changed since.
 * The last repurchase day decides the five-year test unless it is after the day judged on.
 */
const keptRowsTests =
  (since: Date): ClubKpiTests =>
  (asOf) => ({
    from: sql`(select k.*, k.member_id as id from analytics_club_member_activity k) m`,
    dormant: sql<boolean>`m.last_activity <= ${dormantCutoff(asOf)}::date`,
    repurchased: sql<boolean>`case when m.last_repurchase is null then false
      when m.last_repurchase <= ${asOf}::date
        then m.last_repurchase > ${repurchaseWindowStart(asOf)}::date
      else ${repurchasedWithin5YearsOn(sql`m.repurchase_days`, asOf)} end`,
    members: sql<boolean>`not (${changedSince(since)})`,
  });

/** Club KPIs with the time of the kept rows they were read from (null: read live). */
export type KeptClubKpis = { asOf: string; keptAsOf: Date | null; items: ClubKpiRow[] };

/**
 * The club KPIs from the kept rows: members unchanged since the club's refresh are counted from
 * their kept rows alone, the others (changedSince) judged live by the club's own tests, the two
 * sums added in one snapshot, so the figures equal clubKpis' live ones as of today. Before the
 * first refresh there are no kept rows: the count is live.
 */
async function keptClubKpis(
  db: Db,
  actor: Actor,
  query: ClubQuery,
  lookBackMs = overlapMs,
): Promise<KeptClubKpis> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const state = await tx
        .selectFrom('analytics_aggregate_state')
        .select(['watermark', 'refreshed_at'])
        .where('name', '=', 'club')
        .executeTakeFirst();
      if (!state) return { ...(await clubKpis(tx, actor, query)), keptAsOf: null };
      // what the incremental refresh also looks back for: a change committed late
      const since = new Date(state.watermark.getTime() - lookBackMs);
      const kept = await clubKpis(tx, actor, query, keptRowsTests(since));
      const changed = await clubKpis(tx, actor, query, (asOf) => ({
        ...liveClubKpiTests(asOf),
        members: changedSince(since),
      }));
      return {
        asOf: kept.asOf,
        keptAsOf: state.refreshed_at,
        items: addClubKpiRows(kept.items, changed.items),
      };
    });
}

/**
 * The members page's KPI card (GET /api/club/kpis): as of today (no `asOf`, or today's) from the
 * kept rows, which then give the live answer; a past day live, since the kept rows hold each
 * member as of the refresh (his last activity may be after that day). Scope and rules are
 * clubKpis' own either way.
 */
export async function clubKpisOfPage(
  db: Db,
  actor: Actor,
  query: ClubQuery,
  lookBackMs = overlapMs,
): Promise<KeptClubKpis> {
  if (query.asOf !== undefined && query.asOf !== today())
    return { ...(await clubKpis(db, actor, query)), keptAsOf: null };
  return keptClubKpis(db, actor, query, lookBackMs);
}

/** The sums of two sets of club KPI rows, per club and per home dealer, in clubKpis' order. */
function addClubKpiRows(left: ClubKpiRow[], right: ClubKpiRow[]): ClubKpiRow[] {
  const rows = new Map<string, ClubKpiRow>();
  for (const row of [...left, ...right]) {
    const key = `${row.clubId} ${row.dealerCode ?? ''}`;
    const sum = rows.get(key);
    rows.set(
      key,
      sum
        ? {
            ...sum,
            members: sum.members + row.members,
            dormant: sum.dormant + row.dormant,
            repurchasers: sum.repurchasers + row.repurchasers,
          }
        : { ...row },
    );
  }
  // codes compared as the database's C collation does: by code point
  const order = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  return [...rows.values()]
    .sort((a, b) => order(a.clubCode, b.clubCode) || order(a.dealerCode, b.dealerCode))
    .map((row) => ({
      ...row,
      dormantShare: row.members ? row.dormant / row.members : null,
      repurchaseRate: row.members ? row.repurchasers / row.members : null,
    }));
}

/**
 * The club KPIs of the members page as a report for the exporter: the targets as figures, one
 * row per club and per home dealer. The members, scope and rules are the club module's; each
 * member's last activity and repurchase days are read from the kept table
 * (analytics_club_member_activity, refreshed with the aggregates): the members unchanged since
 * the refresh from it alone, the others live (see keptClubKpis). `live` asks the club module's
 * own live query (the tests compare the two).
 */
export async function clubKpisReport(
  db: Db,
  actor: Actor,
  query: ClubQuery,
  options: {
    live?: boolean;
    /** how far before the refresh a change makes a member read live (tests: 0) */
    overlapMs?: number;
  } = {},
): Promise<Report> {
  const kpis = options.live
    ? await clubKpis(db, actor, query)
    : await keptClubKpis(db, actor, query, options.overlapMs);
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
