import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, logActivity } from '../modules/activities/index.ts';
import { createCustomer, linkCustomerToDealer } from '../modules/customers/index.ts';
import { createVehicle, withCheckDigit } from '../modules/vehicles/index.ts';
import { apiAs, createTestWorld, type TestUserKey, type TestWorld } from '../testing/test-world.ts';
import { sql } from 'kysely';
import { systemActor } from './actor.ts';
import { actorForUser } from './actor-loader.ts';
import { customerVisibleByDealerSet } from './scope.ts';
import { findUserById } from './users.repository.ts';
import { withActor } from './transaction.ts';

/**
 * The scope matrix: for every role and place, customers in and out of scope, read through
 * every list, search, count, detail, export and write route. A customer outside the scope
 * must answer 404 and never appear anywhere.
 */
type CustomerKey = 'cA' | 'cA2' | 'cAu' | 'cB' | 'cC' | 'cAB' | 'cG';

type Seed = {
  key: CustomerKey;
  /** dealer links: [dealer, assigned user or null] */
  links: ['A' | 'B' | 'C', TestUserKey | null][];
  phone: string;
  taskFor: TestUserKey;
};

const seeds: Seed[] = [
  { key: 'cA', links: [['A', 'consultantA1']], phone: '+79160000001', taskFor: 'consultantA1' },
  { key: 'cA2', links: [['A', 'consultantA2']], phone: '+79160000002', taskFor: 'consultantA2' },
  { key: 'cAu', links: [['A', null]], phone: '+79160000003', taskFor: 'managerA' },
  { key: 'cB', links: [['B', 'consultantB1']], phone: '+79160000004', taskFor: 'consultantB1' },
  { key: 'cC', links: [['C', 'consultantC1']], phone: '+8613900000005', taskFor: 'consultantC1' },
  {
    key: 'cAB',
    links: [
      ['A', 'consultantA1'],
      ['B', null],
    ],
    phone: '+79160000006',
    taskFor: 'consultantA1',
  },
  { key: 'cG', links: [], phone: '+79160000007', taskFor: 'admin' },
];

const everyone: CustomerKey[] = ['cA', 'cA2', 'cAu', 'cB', 'cC', 'cAB', 'cG'];
const dealerA: CustomerKey[] = ['cA', 'cA2', 'cAu', 'cAB'];
const dealerB: CustomerKey[] = ['cB', 'cAB'];
const dealersAB: CustomerKey[] = ['cA', 'cA2', 'cAu', 'cB', 'cAB'];
const dealersBC: CustomerKey[] = ['cB', 'cC', 'cAB'];

const expected: Record<TestUserKey, CustomerKey[]> = {
  admin: everyone,
  crmGroup: everyone,
  callCenterGroup: everyone,
  stewardGroup: everyone,
  analystGroup: everyone,
  brandX: dealersAB,
  analystX: dealersAB,
  brandY: dealersBC,
  regionR1: dealersAB,
  regionR2: ['cC'],
  stewardR2: ['cC'],
  managerA: dealerA,
  crmA: dealerA,
  advisorA: dealerA,
  callCenterA: dealerA,
  consultantA1: ['cA', 'cAu', 'cAB'],
  consultantA2: ['cA2', 'cAu'],
  managerB: dealerB,
  advisorB: dealerB,
  consultantB1: dealerB,
  managerC: ['cC'],
  consultantC1: ['cC'],
};

describe('data scopes: every role sees exactly its part of the customer base', () => {
  let world: TestWorld;
  const ids = {} as Record<CustomerKey, string>;
  const vehicles = {} as Record<CustomerKey, { id: string; vin: string }>;
  const tasks = {} as Record<CustomerKey, { id: string }>;
  const keyOf = (id: string) =>
    (Object.keys(ids) as CustomerKey[]).find((key) => ids[key] === id) ?? id;
  const sorted = (keys: string[]) => [...keys].sort();

  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    const system = systemActor('test');
    let serial = 100000;
    for (const seed of seeds) {
      const { id } = await createCustomer(db, system, {
        kind: 'person',
        firstName: seed.key,
        lastName: 'Scopetest',
        phones: [{ number: seed.phone }],
        emails: [{ address: `${seed.key.toLowerCase()}@scopetest.example` }],
        consents: [{ channel: 'email', status: 'granted', method: 'web_form' }],
      });
      ids[seed.key] = id;
      await withActor(db, system, async (tx) => {
        for (const [dealer, user] of seed.links) {
          await linkCustomerToDealer(
            tx,
            id,
            world.dealers[dealer].id,
            'prospect',
            user ? world.users[user].id : null,
          );
        }
      });
      const vin = withCheckDigit(`L6T79A2E0P${String(serial++).padStart(7, '0')}`);
      const vehicle = await createVehicle(db, system, {
        customerId: id,
        vin,
        makeName: 'Geely',
        modelName: 'Coolray',
      });
      vehicles[seed.key] = { id: vehicle.id, vin };
      await logActivity(db, system, {
        customerId: id,
        channel: 'call',
        direction: 'outbound',
        subject: `call ${seed.key}`,
      });
      tasks[seed.key] = await createTask(db, system, {
        customerId: id,
        title: `task ${seed.key}`,
        dueAt: new Date().toISOString(),
        assigneeUserId: world.users[seed.taskFor].id,
      });
    }
  });
  afterAll(async () => world.close());

  const users = Object.keys(expected) as TestUserKey[];

  it.each(users)(
    '%s: lists, search and counts show exactly the customers in scope',
    async (user) => {
      const api = apiAs(world, user);
      const want = sorted(expected[user]);
      const all = await api.get('/api/customers?limit=200');
      expect(all.status).toBe(200);
      expect(sorted(all.body.items.map((c: { id: string }) => keyOf(c.id)))).toEqual(want);
      expect(all.body.total).toBe(want.length);
      const searched = await api.get('/api/customers?search=scopetest&limit=200');
      expect(sorted(searched.body.items.map((c: { id: string }) => keyOf(c.id)))).toEqual(want);
      expect(searched.body.total).toBe(want.length);
      const paged = await api.get('/api/customers?limit=1&offset=0&sort=-created');
      expect(paged.body.total).toBe(want.length);
      for (const seed of seeds) {
        const byPhone = await api.get(`/api/customers?search=${encodeURIComponent(seed.phone)}`);
        expect(byPhone.body.total, `${seed.key} by phone`).toBe(want.includes(seed.key) ? 1 : 0);
        const email = `${seed.key.toLowerCase()}@scopetest.example`;
        const byEmail = await api.get(`/api/customers?search=${encodeURIComponent(email)}`);
        expect(byEmail.body.total, `${seed.key} by e-mail`).toBe(want.includes(seed.key) ? 1 : 0);
        const byVin = await api.get(`/api/customers?search=${vehicles[seed.key].vin}`);
        expect(byVin.body.total, `${seed.key} by VIN`).toBe(want.includes(seed.key) ? 1 : 0);
        const byVinTail = await api.get(
          `/api/customers?search=${vehicles[seed.key].vin.slice(-8)}`,
        );
        expect(byVinTail.body.total, `${seed.key} by VIN tail`).toBe(
          want.includes(seed.key) ? 1 : 0,
        );
      }
    },
  );

  it.each(users)(
    '%s: details, timeline, consents and vehicles answer 404 outside the scope',
    async (user) => {
      const api = apiAs(world, user);
      for (const seed of seeds) {
        const status = expected[user].includes(seed.key) ? 200 : 404;
        const id = ids[seed.key];
        expect((await api.get(`/api/customers/${id}`)).status, `${seed.key} 360`).toBe(status);
        expect(
          (await api.get(`/api/customers/${id}/timeline`)).status,
          `${seed.key} timeline`,
        ).toBe(status);
        expect(
          (await api.get(`/api/customers/${id}/consents`)).status,
          `${seed.key} consents`,
        ).toBe(status);
        expect(
          (await api.get(`/api/vehicles/${vehicles[seed.key].id}`)).status,
          `${seed.key} vehicle`,
        ).toBe(status);
        const vehicleSearch = await api.get(`/api/vehicles?search=${vehicles[seed.key].vin}`);
        expect(vehicleSearch.body.total, `${seed.key} vehicle search`).toBe(status === 200 ? 1 : 0);
        const activities = await api.get(`/api/activities?customerId=${id}`);
        expect(activities.body.total, `${seed.key} activities`).toBe(status === 200 ? 1 : 0);
      }
    },
  );

  it.each(users)(
    '%s: task details, the vehicle list, My day and the customer pages of other modules keep to the scope',
    async (user) => {
      const api = apiAs(world, user);
      const want = sorted(expected[user]);
      const vehicleList = await api.get('/api/vehicles?limit=200');
      expect(vehicleList.status).toBe(200);
      const vehicleKeys = vehicleList.body.items.map((v: { owner: { id: string } | null }) =>
        keyOf(v.owner?.id ?? ''),
      );
      expect(sorted(vehicleKeys)).toEqual(want);
      expect(vehicleList.body.total).toBe(want.length);
      const myDay = await api.get('/api/tasks/my-day');
      expect(myDay.status).toBe(200);
      // every seed's task is due now and assigned to a user who sees its customer
      const dayTasks = [...myDay.body.overdue, ...myDay.body.today] as {
        customer: { id: string } | null;
      }[];
      const own = seeds.filter((seed) => seed.taskFor === user).map((seed) => seed.key);
      expect(sorted(dayTasks.map((task) => keyOf(task.customer?.id ?? ''))), 'my day').toEqual(
        sorted(own),
      );
      // A page of a customer outside the scope answers exactly as for one that does not exist
      // (404, or 403 for a role that may not see that page at all), so it tells nothing.
      const nobody = '00000000-0000-4000-8000-000000000000';
      const pages = [
        (id: string) => `/api/customers/${id}/club-memberships`,
        (id: string) => `/api/customers/${id}/care-events`,
        (id: string) => `/api/customers/${id}/data-checks`,
        (id: string) => `/api/tasks?customerId=${id}`,
        (id: string) => `/api/vehicles?customerId=${id}`,
      ];
      for (const page of pages) {
        const none = await api.get(page(nobody));
        expect([200, 403, 404], page(':nobody')).toContain(none.status);
        for (const seed of seeds) {
          const answer = await api.get(page(ids[seed.key]));
          const label = `${seed.key} ${page(':id')}`;
          if (want.includes(seed.key)) {
            // a page the role may open answers 200 for every customer it sees
            expect(answer.status, label).toBe(none.status === 403 ? 403 : 200);
            if (answer.status === 200 && 'total' in answer.body) {
              expect(answer.body.total, label).toBe(1);
            }
          } else {
            expect(answer.status, label).toBe(none.status);
            if (none.status === 200) expect(answer.body, label).toEqual(none.body);
          }
        }
      }
      for (const seed of seeds) {
        const status = want.includes(seed.key) ? 200 : 404;
        expect((await api.get(`/api/tasks/${tasks[seed.key].id}`)).status, `${seed.key} task`).toBe(
          status,
        );
      }
    },
  );

  it.each(users)('%s: contact history and tasks only of customers in scope', async (user) => {
    const api = apiAs(world, user);
    const want = sorted(expected[user]);
    const activities = await api.get('/api/activities?limit=200');
    expect(
      sorted(activities.body.items.map((a: { customer: { id: string } }) => keyOf(a.customer.id))),
    ).toEqual(want);
    const tasks = await api.get('/api/tasks?limit=200');
    const taskCustomers = tasks.body.items.map((t: { customer: { id: string } }) =>
      keyOf(t.customer.id),
    );
    expect(sorted(taskCustomers)).toEqual(want);
    expect(tasks.body.total).toBe(want.length);
  });

  it.each(users)(
    '%s: the CSV export holds exactly the customers in scope (or is refused)',
    async (user) => {
      const api = apiAs(world, user);
      const answer = await api.get('/api/customers/export.csv');
      const mayExport = [
        'group_admin',
        'brand_manager',
        'region_manager',
        'dealer_manager',
        'crm_manager',
        'data_steward',
      ].includes(world.users[user].role);
      if (!mayExport) {
        expect(answer.status).toBe(403);
        return;
      }
      expect(answer.status).toBe(200);
      const lines = answer.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
        .slice(1);
      expect(sorted(lines.map((line) => keyOf(line.split(',')[0]!)))).toEqual(
        sorted(expected[user]),
      );
    },
  );

  it.each(users)(
    '%s: writes on a customer outside the scope answer 404 and change nothing',
    async (user) => {
      const api = apiAs(world, user);
      const outside = seeds.filter((seed) => !expected[user].includes(seed.key));
      for (const seed of outside) {
        const id = ids[seed.key];
        const attempts = [
          await api.patch(`/api/customers/${id}`, { notes: 'hacked' }),
          await api.post(`/api/customers/${id}/consents`, {
            channel: 'sms',
            status: 'granted',
            method: 'verbal',
          }),
          await api.post('/api/activities', {
            customerId: id,
            channel: 'call',
            direction: 'outbound',
          }),
          await api.post('/api/tasks', {
            customerId: id,
            title: 'x',
            dueAt: new Date().toISOString(),
          }),
          await api.post('/api/vehicles', { customerId: id, makeName: 'Lada' }),
          await api.post(`/api/customers/${id}/verification`, { method: 'phone_call' }),
          await api.post('/api/households', { name: 'hacked', members: [{ customerId: id }] }),
          await api.patch(`/api/tasks/${tasks[seed.key].id}`, { title: 'hacked' }),
          await api.post(`/api/tasks/${tasks[seed.key].id}/complete`, { result: 'hacked' }),
          // handing a car outside the scope to a customer inside it
          await api.post(`/api/vehicles/${vehicles[seed.key].id}/ownership`, {
            customerId: ids[expected[user][0]!],
            fromDate: '2026-01-01',
          }),
        ];
        for (const attempt of attempts) expect([403, 404]).toContain(attempt.status);
      }
      const notes = await world.database.db
        .selectFrom('customers')
        .select('notes')
        .where('notes', '=', 'hacked')
        .execute();
      expect(notes).toEqual([]);
      const touchedTasks = await world.database.db
        .selectFrom('tasks')
        .select('id')
        .where((eb) => eb.or([eb('title', '=', 'hacked'), eb('result', '=', 'hacked')]))
        .execute();
      expect(touchedTasks).toEqual([]);
      const households = await world.database.db
        .selectFrom('households')
        .select('id')
        .where('name', '=', 'hacked')
        .execute();
      expect(households).toEqual([]);
      const owners = await world.database.db
        .selectFrom('vehicle_ownerships')
        .select(['vehicle_id', 'customer_id'])
        .where('to_date', 'is', null)
        .execute();
      for (const seed of seeds) {
        const current = owners.filter((row) => row.vehicle_id === vehicles[seed.key].id);
        expect(
          current.map((row) => row.customer_id),
          `${seed.key} owner`,
        ).toEqual([ids[seed.key]]);
      }
    },
  );

  it.each(users)(
    '%s: the scope read from a row carrying the dealer set (customerVisibleByDealerSet) picks the same customers',
    async (user) => {
      const db = world.database.db;
      const found = await findUserById(db, world.users[user].id);
      if (!found) throw new Error(`no user ${user}`);
      const actor = await actorForUser(db, found);
      // the id rows carry (0282): the person's set of dealers as his links are now (0281); a
      // set new to the base is added by a statement before the one that reads it
      await sql`select customer_dealer_set_of(c.id) from customers c
                 where c.last_name = 'Scopetest'`.execute(db);
      const setOf = sql`customer_dealer_set_of(c.id)`;
      const rows = await sql<{ id: string }>`
        select c.id from customers c
         where c.last_name = 'Scopetest'
           and ${customerVisibleByDealerSet(actor, sql.ref('c.id'), setOf)}`.execute(db);
      expect(sorted(rows.rows.map((row) => keyOf(row.id)))).toEqual(sorted(expected[user]));
    },
  );
});
