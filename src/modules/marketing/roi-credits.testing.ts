import { expect } from 'vitest';
import { actorForUser, can, findUserById } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { TestUserKey, TestWorld } from '../../testing/test-world.ts';
import { resolveFilter } from '../analytics/index.ts';
import { roiGroupings, roiReportOf } from './roi.service.ts';

/**
 * For every test user who may read ROI, every grouping and each of the queries: the report
 * from the kept credits equals the attribution rule run live (what the report did before
 * 0252), figure for figure. The live rule's scope is tested on its own; equal answers carry it
 * over to the kept credits.
 */
export async function expectKeptEqualsLive(
  db: Db,
  world: TestWorld,
  queries: { from: string; to: string; brandCode?: string; dealerCode?: string }[],
): Promise<number> {
  let compared = 0;
  for (const key of Object.keys(world.users) as TestUserKey[]) {
    const user = await findUserById(db, world.users[key].id);
    const actor = await actorForUser(db, user!);
    if (!can(actor, 'marketing:read') && !can(actor, 'analytics:read')) continue;
    for (const query of queries) {
      const filter = await resolveFilter(db, query);
      for (const groupBy of roiGroupings) {
        for (const include of groupBy === 'source' ? [false, true] : [false]) {
          const asked = { ...filter, includeCampaignCosts: include };
          const kept = await roiReportOf(db, actor, asked, groupBy);
          const live = await roiReportOf(db, actor, asked, groupBy, { live: true });
          expect(kept.asOf).not.toBeNull();
          expect(
            { ...kept, asOf: null },
            `${key} ${groupBy} ${JSON.stringify(query)} ${include}`,
          ).toEqual(live);
          compared += 1;
        }
      }
    }
  }
  return compared;
}
