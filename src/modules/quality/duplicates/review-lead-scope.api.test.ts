import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../../auth/index.ts';
import { brandCrmUser, type BrandCall } from '../../../testing/brand-crm-user.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

type Compared = { id: string; leads: { id: string; dealer: string | null }[] };

/**
 * Olga Petrova was entered twice at dealer A. One record also has leads at dealer B, which sells
 * brands X and Y: one for Xcar, one for Ycar; the other has a Ycar lead at dealer C. Whoever
 * reviews the pair sees in the comparison exactly the leads the leads list would show him.
 */
describe('the duplicate comparison shows only the leads the reviewer may see', () => {
  let world: TestWorld;
  let call: BrandCall;
  let first: string;
  let second: string;
  const leads: Record<string, string> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    call = await brandCrmUser(world);
    const a = apiAs(world, 'managerA');
    const person = async (phone: string) => {
      const answer = await a.post('/api/customers', {
        kind: 'person',
        firstName: 'Ольга',
        lastName: 'Петрова',
        birthDate: '1979-03-08',
        phones: [{ number: phone }],
      });
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    };
    first = await person('+7 916 100 20 30');
    second = await person('+7 916 100 20 31');
    const brands = await world.database.db.selectFrom('brands').select(['id', 'code']).execute();
    const brand = (code: string) => brands.find((b) => b.code === code)!.id;
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      for (const [customer, dealer] of [
        [first, 'B'],
        [second, 'C'],
      ] as const) {
        await tx
          .insertInto('customer_dealers')
          .values({
            customer_id: customer,
            dealer_id: world.dealers[dealer].id,
            relations: ['prospect'],
          })
          .execute();
      }
      const lead = async (key: string, customer: string, dealer: 'A' | 'B' | 'C', code: string) => {
        const row = await tx
          .insertInto('leads')
          .values({
            customer_id: customer,
            dealer_id: world.dealers[dealer].id,
            brand_id: brand(code),
            source_key: 'website',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        leads[key] = row.id;
      };
      await lead('firstAX', first, 'A', 'X');
      await lead('firstBX', first, 'B', 'X');
      await lead('firstBY', first, 'B', 'Y');
      await lead('secondCY', second, 'C', 'Y');
      // the capture check queued the pair when the second record was entered
      const [a1, b1] = first < second ? [first, second] : [second, first];
      await tx
        .selectFrom('duplicate_pairs')
        .select('status')
        .where('customer_a', '=', a1)
        .where('customer_b', '=', b1)
        .executeTakeFirstOrThrow();
    });
  });
  afterAll(async () => world?.close());

  /** The ids of the leads shown for each of the two records, by record. */
  async function shownLeads(user: Parameters<BrandCall>[0]): Promise<Record<string, string[]>> {
    const answer = await call(user, 'GET', `/api/quality/duplicates/${first}/${second}`);
    expect(answer.status).toBe(200);
    const customers = answer.body.customers as Compared[];
    return Object.fromEntries(customers.map((c) => [c.id, c.leads.map((l) => l.id).sort()]));
  }

  it('a group steward sees every lead of both records', async () => {
    const shown = await shownLeads('stewardGroup');
    expect(shown[first]).toEqual([leads.firstAX, leads.firstBX, leads.firstBY].sort());
    expect(shown[second]).toEqual([leads.secondCY]);
  });

  it("brand X's CRM manager does not see brand Y's leads, not even at his own dealer B", async () => {
    const shown = await shownLeads('crmX');
    expect(shown[first]).toEqual([leads.firstAX, leads.firstBX].sort());
    expect(shown[second]).toEqual([]);
  });

  it("dealer A's CRM manager sees dealer A's lead only, none of dealer B's or C's", async () => {
    const shown = await shownLeads('crmA');
    expect(shown[first]).toEqual([leads.firstAX]);
    expect(shown[second]).toEqual([]);
  });
});
