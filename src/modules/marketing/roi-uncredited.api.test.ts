import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { expectKeptEqualsLive } from './roi-credits.testing.ts';
import { createRoiCampaign, createRoiCustomer } from './roi-fixture.testing.ts';

/**
 * The source grouping's "without a campaign" part read from the kept uncredited conversions
 * (0276) gives what the attribution rule gives live, also after the changes the refresh must
 * take in. March 2026, brand X = Xcar (dealers A, B), brand Y = Ycar (dealers B, C):
 *   Spring (group, window 30) sent 1 March to Anna (dealer A).
 *   Anna  purchase 12 Mar Xcar 3,000,000 at A           -> Spring
 *   Ivan  (A) referral lead 10 Mar (X), its test drive 12 Mar, purchase 25 Mar Xcar 1,500,000
 *         -> no campaign (never reached)
 *   Gleb  (B) showroom lead 2 Feb (Y, before the period), purchase 5 Mar Ycar 800,000 at B
 *         -> no campaign; its source is his February lead
 *   Petr  (B) website lead 12 Mar (X)                   -> no campaign
 */
const march = { from: '2026-03-01', to: '2026-03-31' };

type SourceRow = {
  source: string | null;
  leads: number;
  sales: number;
  serviceVisits: number;
  leadsWithoutCampaign: number;
  testDrivesWithoutCampaign: number;
  salesWithoutCampaign: number;
};

// each case compares every reader's report kept and live: minutes on a loaded machine
describe(
  'a marketer reads what came without a campaign, kept with the credits',
  { timeout: 300_000 },
  () => {
    let world: TestWorld;
    const ids: Record<string, string> = {};
    const cars: Record<string, string> = {};
    const brands: Record<string, string> = {};
    let spring = '';
    const at = (iso: string) => new Date(iso);

    async function customer(user: TestUserKey, key: string) {
      ids[key] = await createRoiCustomer(world, user, key, 'Uncredited');
    }

    const campaign = async (key: string) =>
      (
        await createRoiCampaign(world, 'crmGroup', key, {
          ownerLevel: 'group',
          costMinor: 100_000,
          currency: 'RUB',
          attributionWindowDays: 30,
        })
      ).id;

    const system = <T>(work: Parameters<typeof withActor<T>>[2]) =>
      withActor(world.database.db, systemActor('test'), work);

    const send = (campaignId: string, who: string, when: string) =>
      system((tx) =>
        tx
          .insertInto('marketing_campaign_recipients')
          .values({
            campaign_id: campaignId,
            customer_id: ids[who]!,
            variant: 'A',
            phase: 'all',
            status: 'queued',
            created_at: at(when),
          })
          .execute(),
      );

    const purchase = (who: string, dealer: 'A' | 'B', day: string, price: number) =>
      system(
        async (tx) =>
          (
            await tx
              .insertInto('vehicle_purchases')
              .values({
                vehicle_id: cars[who]!,
                customer_id: ids[who]!,
                dealer_id: world.dealers[dealer].id,
                purchase_date: day,
                price_minor: price,
                discount_minor: 0,
                currency: 'RUB',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
      );

    /** The source grouping's "without a campaign" counts, summed over the sources. */
    async function without(user: TestUserKey, query = 'from=2026-03-01&to=2026-03-31') {
      const answer = await apiAs(world, user).get(`/api/marketing/roi?${query}&groupBy=source`);
      expect(answer.status, answer.text).toBe(200);
      const rows = answer.body.rows as SourceRow[];
      const sum = (pick: (row: SourceRow) => number) => rows.reduce((n, row) => n + pick(row), 0);
      return {
        leads: sum((row) => row.leadsWithoutCampaign),
        testDrives: sum((row) => row.testDrivesWithoutCampaign),
        sales: sum((row) => row.salesWithoutCampaign),
        viaSales: sum((row) => row.sales),
        bySource: Object.fromEntries(
          rows
            .filter((row) => row.salesWithoutCampaign > 0)
            .map((row) => [row.source ?? '(none)', row.salesWithoutCampaign]),
        ),
      };
    }

    /** The incremental refresh (the job's, the refresh button's). */
    async function refresh() {
      const refreshed = await apiAs(world, 'crmGroup').post('/api/marketing/roi/refresh', {});
      expect(refreshed.status, refreshed.text).toBe(200);
      expect(refreshed.body.refreshed).toBe(true);
    }

    const keptEqualsLive = async (queries: Parameters<typeof expectKeptEqualsLive>[2]) =>
      expect(await expectKeptEqualsLive(world.database.db, world, queries)).toBeGreaterThan(10);

    beforeAll(async () => {
      world = await createTestWorld();
      for (const key of ['anna', 'ivan', 'olga']) await customer('managerA', key);
      for (const key of ['gleb', 'petr']) await customer('managerB', key);
      spring = await campaign('Spring');
      await send(spring, 'anna', '2026-03-01T10:00:00Z');
      await system(async (tx) => {
        for (const row of await tx.selectFrom('brands').select(['id', 'code']).execute()) {
          brands[row.code] = row.id;
        }
        const make = async (name: string, brandId: string) =>
          (
            await tx
              .insertInto('catalog_makes')
              .values({ name, brand_id: brandId })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const xcar = await make('Xcar', brands.X!);
        const ycar = await make('Ycar', brands.Y!);
        for (const who of ['anna', 'ivan', 'olga', 'gleb', 'petr']) {
          const ofY = who === 'gleb';
          cars[who] = (
            await tx
              .insertInto('vehicles')
              .values({
                customer_id: ids[who]!,
                make_name: ofY ? 'Ycar' : 'Xcar',
                make_id: ofY ? ycar : xcar,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        }
        const lead = async (
          who: string,
          dealer: 'A' | 'B',
          brand: string,
          source: string,
          when: string,
        ) =>
          (
            await tx
              .insertInto('leads')
              .values({
                customer_id: ids[who]!,
                dealer_id: world.dealers[dealer].id,
                brand_id: brands[brand]!,
                source_key: source,
                requested_at: at(when),
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const ivansLead = await lead('ivan', 'A', 'X', 'referral', '2026-03-10T10:00:00Z');
        await lead('gleb', 'B', 'Y', 'showroom', '2026-02-02T10:00:00Z');
        await lead('petr', 'B', 'X', 'website', '2026-03-12T10:00:00Z');
        const demoCar = await tx
          .insertInto('test_drive_vehicles')
          .values({ dealer_id: world.dealers.A.id, model: 'Xcar Alpha', vin: 'XTA21099012349999' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('test_drive_bookings')
          .values({
            dealer_id: world.dealers.A.id,
            customer_id: ids.ivan!,
            vehicle_id: demoCar.id,
            consultant_user_id: world.users.consultantA1.id,
            lead_id: ivansLead,
            starts_at: at('2026-03-12T10:00:00Z'),
            ends_at: at('2026-03-12T11:00:00Z'),
            status: 'came',
            attendance_at: at('2026-03-12T11:00:00Z'),
          })
          .execute();
      });
      await purchase('anna', 'A', '2026-03-12', 3_000_000);
      await purchase('ivan', 'A', '2026-03-25', 1_500_000);
      await purchase('gleb', 'B', '2026-03-05', 800_000);
    });
    afterAll(async () => {
      await world.close();
    });

    it('keeps each conversion once: credited, or without a campaign', async () => {
      await refresh();
      const kept = await sql<{ kind: string; customer_id: string }>`
      select kind, customer_id from marketing_roi_uncredited order by kind, customer_id`.execute(
        world.database.db,
      );
      const who = (id: string) => Object.keys(ids).find((key) => ids[key] === id);
      expect(kept.rows.map((row) => `${row.kind} ${who(row.customer_id)}`).sort()).toEqual([
        'lead gleb',
        'lead ivan',
        'lead petr',
        'sale gleb',
        'sale ivan',
        'test_drive ivan',
      ]);
      const both = await sql<{ n: number }>`
      select count(*)::int as n from marketing_roi_uncredited u
        join marketing_roi_credits k on k.kind = u.kind and k.conversion_id = u.conversion_id`.execute(
        world.database.db,
      );
      expect(both.rows[0]!.n).toBe(0);
    });

    it('each reader counts only his customers, dealers and brand without a campaign', async () => {
      // the group: Ivan's lead, test drive and sale, Petr's lead, Gleb's sale (his lead is February's)
      expect(await without('crmGroup')).toMatchObject({
        leads: 2,
        testDrives: 1,
        sales: 2,
        viaSales: 1,
        bySource: { referral: 1, showroom: 1 },
      });
      expect(await without('managerA')).toMatchObject({ leads: 1, testDrives: 1, sales: 1 });
      expect(await without('managerB')).toMatchObject({
        leads: 1,
        testDrives: 0,
        sales: 1,
        bySource: { showroom: 1 },
      });
      // Gleb's Ycar is brand Y's; Petr's lead is brand X's although dealer B sells both
      expect(await without('brandX')).toMatchObject({ leads: 2, testDrives: 1, sales: 1 });
      expect(await without('brandY')).toMatchObject({
        leads: 0,
        sales: 1,
        bySource: { showroom: 1 },
      });
      expect(await without('crmGroup', 'from=2026-03-20&to=2026-03-31')).toMatchObject({
        leads: 0,
        testDrives: 0,
        sales: 1,
      });
      await keptEqualsLive([
        march,
        { ...march, brandCode: 'X' },
        { ...march, brandCode: 'Y' },
        { ...march, dealerCode: world.dealers.B.code },
        { from: '2026-03-11', to: '2026-04-30' },
      ]);
    });

    it('a purchase by someone no campaign reached counts without one after the refresh', async () => {
      const olgas = await purchase('olga', 'A', '2026-03-20', 900_000);
      // until the refresh the kept part is as it was
      expect((await without('managerA')).sales).toBe(1);
      await refresh();
      expect(await without('managerA')).toMatchObject({ sales: 2, bySource: { referral: 1 } });
      expect((await without('managerA')).bySource['(none)']).toBe(1);
      await keptEqualsLive([march, { ...march, brandCode: 'X' }]);

      // the same purchase deleted: gone from the kept part at the next refresh
      await system((tx) => tx.deleteFrom('vehicle_purchases').where('id', '=', olgas).execute());
      await refresh();
      expect((await without('managerA')).sales).toBe(1);
      await keptEqualsLive([march]);
    });

    it('a visit, a new lead and a later send move conversions as the rule does', async () => {
      await system((tx) =>
        tx
          .insertInto('service_visits')
          .values({
            customer_id: ids.anna!,
            vehicle_id: cars.anna!,
            dealer_id: world.dealers.A.id,
            visit_date: '2026-03-15',
            visit_type: 'maintenance',
            total_minor: 40_000,
            currency: 'RUB',
          })
          .execute(),
      );
      // a website lead of Gleb's on 4 March: his sale of the 5th is now the website's, and the
      // lead itself counts in March without a campaign
      await system((tx) =>
        tx
          .insertInto('leads')
          .values({
            customer_id: ids.gleb!,
            dealer_id: world.dealers.B.id,
            brand_id: brands.Y!,
            source_key: 'website',
            requested_at: at('2026-03-04T10:00:00Z'),
          })
          .execute(),
      );
      // Autumn reaches Ivan on 9 March: his lead, test drive and sale are Autumn's now
      const autumn = await campaign('Autumn');
      await send(autumn, 'ivan', '2026-03-09T10:00:00Z');
      await refresh();
      const group = await without('crmGroup');
      expect(group).toMatchObject({
        leads: 2,
        testDrives: 0,
        sales: 1,
        viaSales: 2,
        bySource: { website: 1 },
      });
      await keptEqualsLive([
        march,
        { ...march, brandCode: 'Y' },
        { ...march, dealerCode: world.dealers.A.code },
      ]);
    });

    it('a merge moves the kept rows with the person, and undo moves them back', async () => {
      const steward = apiAs(world, 'stewardGroup');
      // Petr's lead of 12 March goes to Anna, whom Spring reached on 1 March: Spring's now
      const merged = await steward.post('/api/quality/merges', {
        survivorId: ids.anna,
        loserId: ids.petr,
      });
      expect(merged.status, merged.text).toBe(201);
      const petrsRows = await sql<{ n: number }>`
      select count(*)::int as n from marketing_roi_uncredited where customer_id = ${ids.petr!}`.execute(
        world.database.db,
      );
      expect(petrsRows.rows[0]!.n).toBe(0);
      await refresh();
      expect((await without('crmGroup')).leads).toBe(1);
      await keptEqualsLive([march, { ...march, brandCode: 'X' }]);

      const undone = await steward.post(`/api/quality/merges/${merged.body.id}/undo`);
      expect(undone.status, undone.text).toBe(200);
      await refresh();
      expect((await without('crmGroup')).leads).toBe(2);
      expect((await without('managerB')).leads).toBe(2);
      await keptEqualsLive([march, { ...march, dealerCode: world.dealers.B.code }]);
    });
  },
);
