import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById, systemActor, type Actor } from '../../auth/index.ts';
import { createTestWorld, type TestUserKey, type TestWorld } from '../../testing/test-world.ts';
import { createCustomer } from '../customers/index.ts';
import { captureLead } from './capture.service.ts';
import type { LeadCaptureInput } from './capture.types.ts';

/**
 * Capture from every channel into the one customer base. Each test uses its own contacts so
 * the stories do not interfere. On PGlite the pool has one connection; the same advisory locks
 * serialise the captures on PostgreSQL (run with TEST_DATABASE_URL).
 */
describe('capturing leads never duplicates a person', () => {
  let world: TestWorld;
  const actor = async (key: TestUserKey): Promise<Actor> =>
    actorForUser(world.database.db, (await findUserById(world.database.db, world.users[key].id))!);
  const webLead = (phone: string, extra: Partial<LeadCaptureInput> = {}): LeadCaptureInput => ({
    source: 'website',
    brandCode: 'X',
    person: {
      kind: 'person',
      firstName: 'Ivan',
      lastName: 'Sidorov',
      phones: [{ number: phone }],
      emails: [],
    },
    vehicles: [{ make: 'Xcar', model: 'X5' }],
    ...extra,
  });

  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  const customersWithPhone = async (e164: string) =>
    world.database.db
      .selectFrom('customer_phones')
      .select('customer_id')
      .where('e164', '=', e164)
      .execute();

  it('ten simultaneous web leads from one phone make one person with ten leads', async () => {
    const system = systemActor('test');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        captureLead(world.database.db, system, {
          ...webLead(i % 2 ? '+7 916 700-00-01' : '89167000001', { dealerCode: 'A' }),
          externalRef: `form-${i}`,
        }),
      ),
    );
    expect(await customersWithPhone('+79167000001')).toHaveLength(1);
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(results.filter((r) => r.customerCreated)).toHaveLength(1);
    expect(new Set(results.map((r) => r.leadId)).size).toBe(10);
    // one person, one consultant: every later lead joins the consultant who works him
    expect(new Set(results.map((r) => r.assignedUserId)).size).toBe(1);
  });

  it('a new person goes to the least loaded consultant on duty', async () => {
    const busy = await world.database.db
      .selectFrom('leads')
      .select(['assigned_user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('dealer_id', '=', world.dealers.A.id)
      .groupBy('assigned_user_id')
      .execute();
    const loaded = busy.find((row) => Number(row.n) === 10)!.assigned_user_id;
    const idle = [world.users.consultantA1.id, world.users.consultantA2.id].find(
      (id) => id !== loaded,
    );
    const captured = await captureLead(world.database.db, systemActor('test'), {
      ...webLead('+79167000009', { dealerCode: 'A' }),
    });
    expect(captured.assignedUserId).toBe(idle);
  });

  it('a routing rule with a cap leaves the lead at the dealer, unassigned, when everyone is full', async () => {
    await world.database.db
      .insertInto('lead_routing_rules')
      .values({
        position: 1,
        name: 'St Petersburg to A, small cap',
        cities: ['санкт-петербург'],
        dealer_id: world.dealers.A.id,
        open_lead_cap: 1,
      })
      .execute();
    const captured = await captureLead(world.database.db, systemActor('test'), {
      ...webLead('+79167000010'),
      person: {
        kind: 'person',
        lastName: 'Белов',
        phones: [{ number: '+79167000010' }],
        emails: [],
        city: 'Санкт-Петербург',
      },
    });
    expect(captured).toMatchObject({ dealerId: world.dealers.A.id, assignedUserId: null });
  });

  it('without a rule, a person who already deals with a dealer of the brand goes there', async () => {
    const { id } = await createCustomer(world.database.db, systemActor('test'), {
      kind: 'person',
      lastName: 'Ли',
      phones: [{ number: '+8613900000011' }],
      dealerCode: 'C',
    });
    const captured = await captureLead(world.database.db, systemActor('test'), {
      source: 'call_center',
      brandCode: 'Y',
      person: {
        kind: 'person',
        lastName: 'Ли',
        phones: [{ number: '+8613900000011' }],
        emails: [],
      },
    });
    expect(captured).toMatchObject({
      customerId: id,
      customerCreated: false,
      dealerId: world.dealers.C.id,
      assignedUserId: world.users.consultantC1.id,
    });
  });

  it('finds the person by e-mail when the phone is new, whatever the case of the address', async () => {
    const system = systemActor('test');
    const first = await captureLead(world.database.db, system, {
      ...webLead('+79167000002'),
      person: {
        kind: 'person',
        lastName: 'Orlova',
        phones: [],
        emails: [{ address: 'Orlova@Mail.ru' }],
      },
      dealerCode: 'A',
    });
    const second = await captureLead(world.database.db, system, {
      ...webLead('+79167000003'),
      person: {
        kind: 'person',
        lastName: 'Orlova',
        phones: [{ number: '+79167000003' }],
        emails: [{ address: ' orlova@mail.ru ' }],
      },
      dealerCode: 'A',
    });
    expect(second.customerId).toBe(first.customerId);
    expect(second.customerCreated).toBe(false);
    // the new phone joins the e-mail on file, as given; the e-mail is not written twice
    const contacts = await world.database.db
      .selectFrom('customers as c')
      .select((eb) => [
        eb
          .selectFrom('customer_phones as p')
          .select((e) => e.fn.agg<string[]>('array_agg', ['p.raw']).as('raw'))
          .whereRef('p.customer_id', '=', 'c.id')
          .as('phones'),
        eb
          .selectFrom('customer_emails as e')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('e.customer_id', '=', 'c.id')
          .as('emails'),
      ])
      .where('c.id', '=', first.customerId)
      .executeTakeFirstOrThrow();
    expect(contacts.phones).toEqual(['+79167000003']);
    expect(Number(contacts.emails)).toBe(1);
  });

  it('a known person who ticks a consent box on a later form has it recorded', async () => {
    const system = systemActor('test');
    const first = await captureLead(world.database.db, system, webLead('+79167000031'));
    expect(first.customerCreated).toBe(true);
    const second = await captureLead(world.database.db, system, {
      ...webLead('+79167000031'),
      consents: [{ channel: 'sms', granted: true, source: 'Xcar site, test-drive form' }],
    });
    expect(second.customerCreated).toBe(false);
    const consents = await world.database.db
      .selectFrom('customer_consent_current')
      .selectAll()
      .where('customer_id', '=', first.customerId)
      .execute();
    expect(consents).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'granted', method: 'web_form' }),
    ]);
  });

  it('the same ADF prospect sent twice is captured once', async () => {
    const system = systemActor('test');
    const input = webLead('+79167000004', { dealerCode: 'A', externalRef: 'adf-77' });
    const first = await captureLead(world.database.db, system, input);
    const again = await captureLead(world.database.db, system, input);
    expect(again).toMatchObject({ leadId: first.leadId, leadCreated: false });
  });

  it('two dealers capturing one person at once: one owns him for the brand, the other is refused', async () => {
    const [consultantA, consultantB] = [await actor('consultantA1'), await actor('consultantB1')];
    const results = await Promise.allSettled([
      captureLead(world.database.db, consultantA, webLead('+79167000005', { source: 'showroom' })),
      captureLead(world.database.db, consultantB, webLead('+79167000005', { source: 'showroom' })),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const owners = await world.database.db
      .selectFrom('lead_brand_owners')
      .innerJoin('customer_phones as p', 'p.customer_id', 'lead_brand_owners.customer_id')
      .select('lead_brand_owners.dealer_id')
      .where('p.e164', '=', '+79167000005')
      .execute();
    expect(owners).toHaveLength(1);
    expect(await customersWithPhone('+79167000005')).toHaveLength(1);
  });

  it('a brand-site lead for a person another dealer owns goes to that dealer', async () => {
    const consultantB = await actor('consultantB1');
    const owned = await captureLead(
      world.database.db,
      consultantB,
      webLead('+79167000006', { source: 'showroom' }),
    );
    const fromSite = await captureLead(
      world.database.db,
      systemActor('test'),
      webLead('+79167000006', { dealerCode: 'A' }),
    );
    expect(fromSite.dealerId).toBe(world.dealers.B.id);
    expect(fromSite.customerId).toBe(owned.customerId);
    // his consultant at B keeps him
    expect(fromSite.assignedUserId).toBe(world.users.consultantB1.id);
  });

  it('names bad values from an import and stores nothing; a known person needs no name', async () => {
    const before = await world.database.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      captureLead(world.database.db, systemActor('test'), {
        ...webLead('+79167000020', { dealerCode: 'A' }),
        intendedPurchaseDate: 'next spring',
        budgetMinor: 100,
      }),
    ).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'intendedPurchaseDate' }, { path: 'currency' }],
    });
    await expect(
      captureLead(world.database.db, systemActor('test'), {
        source: 'website',
        dealerCode: 'A',
        person: { kind: 'person', phones: [{ number: '+79167000021' }], emails: [] },
      }),
    ).rejects.toMatchObject({ status: 400, fields: [{ path: 'person.lastName' }] });
    const after = await world.database.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // the person of the first test, known by his phone: no name needed
    const known = await captureLead(world.database.db, systemActor('test'), {
      source: 'website',
      dealerCode: 'A',
      person: { kind: 'person', phones: [{ number: '+79167000001' }], emails: [] },
    });
    expect(known.customerCreated).toBe(false);
  });

  it('rejects a bad phone naming the field, and stores nothing', async () => {
    await expect(
      captureLead(world.database.db, systemActor('test'), webLead('12', { dealerCode: 'A' })),
    ).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'person.phones.0.number', code: 'invalid_phone' }],
    });
  });
});
