import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById, systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { resolveFilter } from '../analytics/index.ts';
import { linkCustomerToDealer } from '../customers/index.ts';
import { refreshRoiCredits } from './roi-credits.ts';
import { expectKeptEqualsLive } from './roi-credits.testing.ts';
import { createRoiCampaign, createRoiCustomer } from './roi-fixture.testing.ts';
import { campaignRoi } from './roi.service.ts';

/**
 * The ROI report reads a person's scope from the dealer set his rows carry (0282: recipient
 * rows, kept credits, kept uncredited conversions). They must be his links at every moment, not as
 * of a refresh: a link added, removed or moved changes what each reader counts at once.
 * Dealer A sells brand X, B sells X and Y, C sells Y. March 2026:
 *   Spring (group) sent 1 March to Anna (dealer A) and Carl (dealer C).
 *   Anna buys a car at A on 10 March (credited to Spring); Ivan (A), never reached, on 12 March.
 */
const march = { from: '2026-03-01', to: '2026-03-31' };

describe(
  "the ROI report reads each person's dealers from his rows, always as his links are",
  { timeout: 300_000 },
  () => {
    let world: TestWorld;
    const ids: Record<string, string> = {};
    let spring = '';

    const at = (iso: string) => new Date(iso);

    /** Every recipient, credit and uncredited row whose set is not its person's links now. */
    async function staleSets(): Promise<unknown[]> {
      const stale = await sql<{ row: string; customer_id: string }>`
        with links as (
          select c.id as customer_id, s.id as set_id
            from customers c
            left join customer_dealer_sets s on s.dealer_ids =
              coalesce((select array_agg(l.dealer_id order by l.dealer_id)
                          from customer_dealers l where l.customer_id = c.id), '{}'))
        select 'recipient' as row, r.customer_id from marketing_campaign_recipients r
          join links s using (customer_id) where r.customer_dealer_set_id is distinct from s.set_id
        union all
        select 'credit', k.customer_id from marketing_roi_credits k
          join links s using (customer_id) where k.customer_dealer_set_id is distinct from s.set_id
        union all
        select 'uncredited', u.customer_id from marketing_roi_uncredited u
          join links s using (customer_id)
         where u.customer_dealer_set_id is distinct from s.set_id`.execute(world.database.db);
      return stale.rows;
    }

    /** The Spring row of the campaign report as `user` reads it, kept (the default). */
    async function springAs(user: TestUserKey, brandCode?: string) {
      const found = await findUserById(world.database.db, world.users[user].id);
      const actor = await actorForUser(world.database.db, found!);
      const filter = await resolveFilter(world.database.db, { ...march, brandCode });
      const answer = await campaignRoi(world.database.db, actor, filter);
      const row = answer.rows.find((r) => r.campaignId === spring);
      return { recipients: row?.recipients ?? 0, sales: row?.sales ?? 0 };
    }

    beforeAll(async () => {
      world = await createTestWorld();
      ids.anna = await createRoiCustomer(world, 'managerA', 'Anna', 'Sets');
      ids.ivan = await createRoiCustomer(world, 'managerA', 'Ivan', 'Sets');
      ids.carl = await createRoiCustomer(world, 'managerC', 'Carl', 'Sets');
      spring = (
        await createRoiCampaign(world, 'crmGroup', 'Spring', {
          ownerLevel: 'group',
          costMinor: 100_000,
          currency: 'RUB',
          attributionWindowDays: 30,
        })
      ).id;
      await withActor(world.database.db, systemActor('test'), async (tx) => {
        await tx
          .insertInto('marketing_campaign_recipients')
          .values(
            ['anna', 'carl'].map((who) => ({
              campaign_id: spring,
              customer_id: ids[who]!,
              variant: 'A',
              phase: 'all' as const,
              status: 'queued' as const,
              created_at: at('2026-03-01T08:00:00Z'),
            })),
          )
          .execute();
        const brandX = await tx
          .selectFrom('brands')
          .select('id')
          .where('code', '=', 'X')
          .executeTakeFirstOrThrow();
        const xcar = await tx
          .insertInto('catalog_makes')
          .values({ name: 'Xcar', brand_id: brandX.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        const purchase = async (who: string, day: string, priceMinor: number) => {
          const vehicle = await tx
            .insertInto('vehicles')
            .values({ customer_id: ids[who]!, make_name: 'Xcar', make_id: xcar.id })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('vehicle_purchases')
            .values({
              customer_id: ids[who]!,
              vehicle_id: vehicle.id,
              dealer_id: world.dealers.A.id,
              purchase_date: `2026-03-${day}`,
              price_minor: priceMinor,
              discount_minor: 0,
              currency: 'RUB',
            })
            .execute();
        };
        await purchase('anna', '10', 2_000_000);
        await purchase('ivan', '12', 1_000_000);
      });
      await refreshRoiCredits(world.database.db, { full: true });
    });

    afterAll(async () => {
      await world.close();
    });

    it('writes each row with its person’s dealers, and a brand counts only its own', async () => {
      expect(await staleSets()).toEqual([]);
      const sets = await sql<{ customer_id: string; dealer_ids: string[] }>`
        select r.customer_id, s.dealer_ids from marketing_campaign_recipients r
          join customer_dealer_sets s on s.id = r.customer_dealer_set_id
         where r.campaign_id = ${spring}`.execute(world.database.db);
      expect(sets.rows.find((r) => r.customer_id === ids.anna)?.dealer_ids).toEqual([
        world.dealers.A.id,
      ]);
      expect(await springAs('admin')).toEqual({ recipients: 2, sales: 1 });
      expect(await springAs('brandX')).toEqual({ recipients: 1, sales: 1 });
      expect(await springAs('brandY')).toEqual({ recipients: 1, sales: 0 });
      expect(await springAs('managerC')).toEqual({ recipients: 1, sales: 0 });
      expect(await springAs('admin', 'Y')).toEqual({ recipients: 1, sales: 0 });
    });

    it('a new link counts at once, with no refresh', async () => {
      // Carl is served at dealer A: now one of A's (brand X) customers too
      await withActor(world.database.db, systemActor('test'), (tx) =>
        linkCustomerToDealer(tx, ids.carl!, world.dealers.A.id, 'service'),
      );
      expect(await springAs('brandX')).toEqual({ recipients: 2, sales: 1 });
      expect(await springAs('managerA')).toEqual({ recipients: 2, sales: 1 });
      expect(await springAs('admin', 'X')).toEqual({ recipients: 2, sales: 1 });
      expect(await staleSets()).toEqual([]);
      await expectKeptEqualsLive(world.database.db, world, [march, { ...march, brandCode: 'X' }]);
    });

    it('a removed link hides the person at once from those who saw him only through it', async () => {
      // Anna's only link goes: only group-wide readers may count her now
      await withActor(world.database.db, systemActor('test'), (tx) =>
        tx
          .deleteFrom('customer_dealers')
          .where('customer_id', '=', ids.anna!)
          .where('dealer_id', '=', world.dealers.A.id)
          .execute(),
      );
      expect(await springAs('brandX')).toEqual({ recipients: 1, sales: 0 });
      expect(await springAs('managerA')).toEqual({ recipients: 1, sales: 0 });
      expect(await springAs('admin', 'X')).toEqual({ recipients: 1, sales: 0 });
      expect(await springAs('admin')).toEqual({ recipients: 2, sales: 1 });
      expect(await staleSets()).toEqual([]);
      await expectKeptEqualsLive(world.database.db, world, [
        march,
        { ...march, brandCode: 'X' },
        { ...march, dealerCode: world.dealers.A.code },
      ]);
    });

    it('rows moved to another person by a merge take his dealers, and undo gives them back', async () => {
      // Ivan (dealer A) merged into Carl (A and C): Ivan's uncredited purchase becomes Carl's
      const merged = await apiAs(world, 'stewardGroup').post('/api/quality/merges', {
        survivorId: ids.carl,
        loserId: ids.ivan,
      });
      expect(merged.status, merged.text).toBe(201);
      expect(await staleSets()).toEqual([]);
      const undone = await apiAs(world, 'stewardGroup').post(
        `/api/quality/merges/${merged.body.id}/undo`,
      );
      expect(undone.status, undone.text).toBe(200);
      expect(await staleSets()).toEqual([]);
    });
  },
);
