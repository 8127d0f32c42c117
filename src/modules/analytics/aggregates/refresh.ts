import { sql } from 'kysely';
import type { Tx } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import {
  changedAftersalesDays,
  changedUsageDays,
  refreshOwnerDays,
  refreshRetentionDays,
  refreshServiceDays,
  refreshUsageDays,
} from './aftersales-aggregates.ts';
import { changedClubMembers, refreshClubMembers } from './club-activity.ts';
import { refreshCsiMonths, takeCsiMonths } from './csi-aggregates.ts';
import { changedLeadDays, refreshLeadDays } from './lead-aggregates.ts';

export const aggregateFamilies = ['leads', 'aftersales', 'usage', 'csi', 'club'] as const;
export type AggregateFamily = (typeof aggregateFamilies)[number];

/**
 * A change committed by a transaction that started before the previous pass may carry an
 * updated_at older than that pass's watermark; looking this far back catches it.
 */
export const overlapMs = 10 * 60_000;
/** Figures that depend on today (hot, open, which retention years ended) are redone daily. */
const rebuildEveryMs = 24 * 3_600_000;

/**
 * What a family rewrites: all of it (a rebuild) or some keys: days for most, months for CSI,
 * member ids for the club.
 */
type KeySet = 'all' | string[];
type Family = {
  changedDays: (tx: Tx, since: Date) => Promise<KeySet>;
  refresh: (tx: Tx, days: KeySet) => Promise<void>;
};

const families: Record<AggregateFamily, Family> = {
  leads: { changedDays: changedLeadDays, refresh: refreshLeadDays },
  aftersales: {
    // purchase days and visit days are different sets; carried together in one list
    changedDays: async (tx, since) => {
      const changed = await changedAftersalesDays(tx, since);
      return [...new Set([...changed.purchaseDays, ...changed.visitDays])];
    },
    refresh: async (tx, days) => {
      await refreshRetentionDays(tx, days);
      await refreshOwnerDays(tx, days);
      await refreshServiceDays(tx, days);
    },
  },
  usage: { changedDays: changedUsageDays, refresh: refreshUsageDays },
  // months noted by the answers' triggers (migration 0274), not looked for by time
  csi: { changedDays: (tx) => takeCsiMonths(tx), refresh: refreshCsiMonths },
  club: { changedDays: changedClubMembers, refresh: refreshClubMembers },
};

export type RefreshResult = { family: AggregateFamily; mode: 'rebuild' | 'days'; days: number };

/**
 * Brings the pre-aggregated dashboard tables up to date: a family never built, built more than a
 * day ago, or asked for in full is rebuilt from scratch; otherwise only the days touched since
 * its watermark are rewritten. Each family is one transaction under an advisory lock, so two
 * server processes never rewrite the same rows at once and a reader sees whole days.
 */
export async function refreshAnalyticsAggregates(
  db: Db,
  options: {
    full?: boolean;
    only?: AggregateFamily[];
    /** how far behind the watermark to look (tests: 0) */
    overlapMs?: number;
  } = {},
): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const name of options.only ?? aggregateFamilies) {
    const result = await db.transaction().execute(async (tx) => {
      const locked = await sql<{ ok: boolean }>`
        select pg_try_advisory_xact_lock(hashtextextended(${`analytics_aggregates:${name}`}, 0)) as ok`.execute(
        tx,
      );
      if (!locked.rows[0]?.ok) return undefined;
      const started = (await sql<{ now: Date }>`select now() as now`.execute(tx)).rows[0]!.now;
      const state = await tx
        .selectFrom('analytics_aggregate_state')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      const rebuild =
        options.full || !state || started.getTime() - state.rebuilt_at.getTime() >= rebuildEveryMs;
      const days = rebuild
        ? 'all'
        : await families[name].changedDays(
            tx,
            new Date(state.watermark.getTime() - (options.overlapMs ?? overlapMs)),
          );
      if (days === 'all' || days.length > 0) await families[name].refresh(tx, days);
      await tx
        .insertInto('analytics_aggregate_state')
        .values({
          name,
          refreshed_at: started,
          watermark: started,
          rebuilt_at: rebuild ? started : state!.rebuilt_at,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            refreshed_at: eb.ref('excluded.refreshed_at'),
            watermark: eb.ref('excluded.watermark'),
            rebuilt_at: eb.ref('excluded.rebuilt_at'),
          })),
        )
        .execute();
      return {
        family: name,
        mode: rebuild ? 'rebuild' : 'days',
        days: days === 'all' ? 0 : days.length,
      } satisfies RefreshResult;
    });
    if (result) results.push(result);
  }
  return results;
}

/** When the figures a dashboard reads were last brought up to date (null: never). */
export async function aggregatesAsOf(db: Db, names: AggregateFamily[]): Promise<Date | null> {
  const rows = await db
    .selectFrom('analytics_aggregate_state')
    .select(['name', 'refreshed_at'])
    .where('name', 'in', names)
    .execute();
  if (rows.length < names.length) return null;
  return new Date(Math.min(...rows.map((row) => row.refreshed_at.getTime())));
}
