import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { clubKpis, clubTargets } from '../../club/index.ts';
import type { Cell, Report } from './report.ts';

/**
 * The club KPIs of the members page (the club module's own query, with its scope) as a report
 * for the exporter: the targets as figures, one row per club and per home dealer.
 */
export async function clubKpisReport(
  db: Db,
  actor: Actor,
  query: { clubId?: string | undefined; asOf?: string | undefined },
): Promise<Report> {
  const kpis = await clubKpis(db, actor, query);
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
