import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import type { Condition } from './segment.schemas.ts';
import { compileCondition, nextMonthDays } from './segment-compiler.ts';
import { withSegmentQuerySettings } from './segment-query-settings.ts';

const day = 86_400_000;
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);
const monthsAgo = (months: number) => isoDay(-Math.round(months * 30.5));

/**
 * The marketer's story of seed 004: find the dormant customers (bought within 2 years,
 * nothing in the last 6 months), split them by average receipt, and never see another
 * dealer's people.
 */
describe('a marketer builds segments over the customer base', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const hostileName = "Robert'); drop table customers; --";

  async function customer(
    user: TestUserKey,
    key: string,
    body: Record<string, unknown>,
  ): Promise<string> {
    const created = await apiAs(world, user).post('/api/customers', { kind: 'person', ...body });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
    return created.body.id;
  }

  async function vehicle(
    key: string,
    make: string,
    model: string,
    extra: { first_registration?: string; odometer_km?: number; model_year?: number } = {},
  ): Promise<string> {
    const row = await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('vehicles')
        .values({ customer_id: ids[key]!, make_name: make, model_name: model, ...extra })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  }

  async function visit(
    key: string,
    vehicleId: string,
    date: string,
    totalMinor: number,
    dealer: 'A' | 'B',
  ) {
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('service_visits')
        .values({
          customer_id: ids[key]!,
          vehicle_id: vehicleId,
          dealer_id: world.dealers[dealer].id,
          visit_date: date,
          visit_type: 'maintenance',
          total_minor: totalMinor,
          currency: 'RUB',
        })
        .execute(),
    );
  }

  /** Names of the members a user sees for a definition (via the preview API). */
  async function members(definition: unknown, user: TestUserKey = 'crmGroup'): Promise<string[]> {
    const answer = await apiAs(world, user).post('/api/segments/preview', {
      definition,
      limit: 200,
    });
    expect(answer.status, answer.text).toBe(200);
    const count = await apiAs(world, user).post('/api/segments/count', { definition });
    expect(count.body.count).toBe(answer.body.total);
    return (answer.body.items as { id: string }[])
      .map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? '?')
      .sort();
  }

  beforeAll(async () => {
    world = await createTestWorld();
    const soon = isoDay(3);
    await customer('managerA', 'anna', {
      firstName: 'Anna',
      lastName: 'Petrova',
      gender: 'female',
      preferredLanguage: 'ru',
      interests: ['Golf', 'music'],
      categories: ['vip'],
      childrenCount: 2,
      birthDate: `1985-${soon.slice(5)}`,
      emails: [{ address: 'anna@example.com' }],
      addresses: [{ city: 'Kazan', postcode: '420000' }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
      lifecycleStage: 'owner',
    });
    await customer('managerA', 'boris', {
      firstName: 'Boris',
      lastName: 'Ivanov',
      gender: 'male',
      preferredLanguage: 'en',
      occupation: 'Engineer 100%_sure',
      birthDate: '1960-01-15',
      phones: [{ number: '+7 916 111 22 33' }],
      lifecycleStage: 'customer',
    });
    await customer('managerA', 'vera', {
      firstName: 'Vera',
      lastName: 'Smirnova',
      emails: [{ address: 'vera@example.com' }],
      consents: [
        {
          channel: 'email',
          status: 'granted',
          method: 'signed_form',
          effectiveAt: new Date(Date.now() - 10 * day).toISOString(),
        },
        { channel: 'email', status: 'withdrawn', method: 'email_link' },
      ],
    });
    await customer('managerB', 'gleb', { firstName: 'Gleb', lastName: 'Orlov', gender: 'male' });
    await customer('managerA', 'hostile', { firstName: hostileName, lastName: 'Tables' });

    const annaCar = await vehicle('anna', 'Xcar', 'Alpha', {
      first_registration: isoDay(-365 * 4 - 30),
      odometer_km: 80_000,
      model_year: 2021,
    });
    const borisCar = await vehicle('boris', 'Ycar', 'Beta', {
      model_year: 2024,
      odometer_km: 12_000,
    });
    const veraCar = await vehicle('vera', 'Xcar', 'Gamma', { odometer_km: 150_000 });
    const glebCar = await vehicle('gleb', 'Xcar', 'Alpha', { odometer_km: 30_000 });
    // Anna is active: a visit three months ago
    await visit('anna', annaCar, monthsAgo(12), 1_000_000, 'A');
    await visit('anna', annaCar, monthsAgo(3), 2_000_000, 'A');
    // Boris and Gleb are dormant: visits 18 and 20 months ago, none since
    await visit('boris', borisCar, monthsAgo(18), 500_000, 'A');
    await visit('boris', borisCar, monthsAgo(20), 700_000, 'A');
    await visit('gleb', glebCar, monthsAgo(18), 3_000_000, 'B');
    // Vera was last seen three years ago: lapsed, outside the 2-year window
    await visit('vera', veraCar, monthsAgo(36), 900_000, 'A');

    await withActor(world.database.db, systemActor('test'), async (tx) => {
      await tx
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: annaCar,
          customer_id: ids.anna!,
          dealer_id: world.dealers.A.id,
          purchase_date: `${new Date().getUTCFullYear() - 3}-${isoDay(1).slice(5)}`,
          price_minor: 250_000_000,
          currency: 'RUB',
        })
        .execute();
      await tx
        .insertInto('leads')
        .values({ customer_id: ids.vera!, dealer_id: world.dealers.A.id, source_key: 'referral' })
        .execute();
      await tx
        .insertInto('activities')
        .values({
          customer_id: ids.boris!,
          dealer_id: world.dealers.A.id,
          channel: 'call',
          direction: 'outbound',
          occurred_at: new Date(Date.now() - 5 * day),
          outcome: 'no_answer',
        })
        .execute();
    });
  });
  afterAll(async () => {
    await world.close();
  });

  const lastTwoYears = { type: 'service', when: { from: { ago: { amount: 2, unit: 'years' } } } };
  const lastSixMonths = { type: 'service', when: { from: { ago: { amount: 6, unit: 'months' } } } };
  const dormant = {
    type: 'and',
    conditions: [lastTwoYears, { type: 'not', condition: lastSixMonths }],
  };

  it('finds the dormant customers of seed 004 and splits them into tiers by average receipt', async () => {
    expect(await members(dormant)).toEqual(['boris', 'gleb']);
    const tier = (min?: number, max?: number) => ({
      type: 'and',
      conditions: [
        dormant,
        {
          type: 'service',
          when: { from: { ago: { amount: 2, unit: 'years' } } },
          average: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) },
        },
      ],
    });
    expect(await members(tier(undefined, 999_999))).toEqual(['boris']);
    expect(await members(tier(1_000_000))).toEqual(['gleb']);
    // "last visit more than 6 months ago" says the same with the lastVisit window
    expect(
      await members({ type: 'service', lastVisit: { to: { ago: { amount: 6, unit: 'months' } } } }),
    ).toEqual(['boris', 'gleb', 'vera']);
  });

  it('gives the same answer whether conditions on one table share a pass or not', async () => {
    // and(a, not b) shares one grouped pass over service_visits; not(or(not a, b)) does not
    const apart = {
      type: 'not',
      condition: {
        type: 'or',
        conditions: [{ type: 'not', condition: lastTwoYears }, lastSixMonths],
      },
    };
    expect(await members(apart)).toEqual(await members(dormant));
    const compiled = world.database.db
      .selectFrom('customers as c')
      .select('c.id')
      .where(compileCondition(dormant as Condition))
      .compile().sql;
    expect(compiled.match(/from marketing_visit_summary r/g)).toHaveLength(1);
    const fromVisits = world.database.db
      .selectFrom('customers as c')
      .select('c.id')
      .where(compileCondition(dormant as Condition, new Date(), { visitSummary: false }))
      .compile().sql;
    expect(fromVisits.match(/from service_visits r/g)).toHaveLength(1);
    const fewVisits = { type: 'service', count: { max: 1 } };
    const both = { type: 'and', conditions: [lastTwoYears, fewVisits] };
    const separately = {
      type: 'not',
      condition: {
        type: 'or',
        conditions: [
          { type: 'not', condition: lastTwoYears },
          { type: 'not', condition: fewVisits },
        ],
      },
    };
    expect(await members(both)).toEqual(await members(separately));
    expect(await members(both)).toEqual(['gleb']);
  });

  it('counts only the customers of the user’s own scope', async () => {
    expect(await members(dormant, 'managerA')).toEqual(['boris']);
    expect(await members(dormant, 'managerB')).toEqual(['gleb']);
    expect(await members(dormant, 'managerC')).toEqual([]);
    expect(await members(dormant, 'brandY')).toEqual(['gleb']);
  });

  it('answers every text operator on profile fields', async () => {
    const field = (fieldName: string, op: string, values: string[] = []) => ({
      type: 'field',
      field: fieldName,
      op,
      values,
    });
    expect(await members(field('first_name', 'eq', ['anna']))).toEqual(['anna']);
    expect(await members(field('gender', 'neq', ['male']))).toEqual(['anna', 'hostile', 'vera']);
    expect(await members(field('first_name', 'in', ['Boris', 'GLEB']))).toEqual(['boris', 'gleb']);
    expect(await members(field('preferred_language', 'not_in', ['ru']))).toEqual([
      'boris',
      'gleb',
      'hostile',
      'vera',
    ]);
    expect(await members(field('last_name', 'contains', ['ivan']))).toEqual(['boris']);
    expect(await members(field('last_name', 'starts_with', ['pet']))).toEqual(['anna']);
    expect(await members(field('occupation', 'is_not_empty'))).toEqual(['boris']);
    expect(await members(field('occupation', 'is_empty'))).toHaveLength(4);
    // % and _ are literal characters, not wildcards
    expect(await members(field('occupation', 'contains', ['100%_s']))).toEqual(['boris']);
    expect(await members(field('occupation', 'contains', ['1%0']))).toEqual([]);
  });

  it('answers numbers, dates, tags, stage, consent, contacts and addresses', async () => {
    expect(await members({ type: 'number', field: 'children_count', range: { min: 1 } })).toEqual([
      'anna',
    ]);
    expect(await members({ type: 'number', field: 'age', range: { min: 60 } })).toEqual(['boris']);
    expect(
      await members({ type: 'date', field: 'birth_date', window: { to: { date: '1970-01-01' } } }),
    ).toEqual(['boris']);
    expect(
      await members({
        type: 'date',
        field: 'created_at',
        window: { from: { ago: { amount: 1, unit: 'days' } } },
      }),
    ).toHaveLength(5);
    expect(
      await members({ type: 'tag', set: 'interests', op: 'any', values: ['golf', 'chess'] }),
    ).toEqual(['anna']);
    expect(
      await members({ type: 'tag', set: 'interests', op: 'all', values: ['golf', 'chess'] }),
    ).toEqual([]);
    expect(
      await members({ type: 'tag', set: 'categories', op: 'none', values: ['vip'] }),
    ).toHaveLength(4);
    expect(await members({ type: 'lifecycle', stages: ['owner', 'customer'] })).toEqual([
      'anna',
      'boris',
    ]);
    expect(await members({ type: 'consent', channel: 'email' })).toEqual(['anna']);
    expect(await members({ type: 'consent', channel: 'email', granted: false })).toEqual([
      'boris',
      'gleb',
      'hostile',
      'vera',
    ]);
    expect(await members({ type: 'contact', channel: 'phone' })).toEqual(['boris']);
    expect(await members({ type: 'contact', channel: 'email', present: false })).toEqual([
      'boris',
      'gleb',
      'hostile',
    ]);
    expect(await members({ type: 'address', part: 'city', values: ['kazan'] })).toEqual(['anna']);
    expect(await members({ type: 'address', part: 'postcode_prefix', values: ['42'] })).toEqual([
      'anna',
    ]);
    expect(await members({ type: 'dealer', dealerIds: [world.dealers.B.id] })).toEqual(['gleb']);
  });

  it('follows consent changes made after the customer was saved (grant, withdrawal, erasure)', async () => {
    const consentOf = { type: 'consent', channel: 'sms', purpose: 'marketing' } as const;
    expect(await members(consentOf)).toEqual([]);
    const db = world.database.db;
    const granted = await withActor(db, systemActor('test'), (tx) =>
      tx
        .insertInto('consents')
        .values([
          { customer_id: ids.boris!, channel: 'sms', status: 'granted', method: 'verbal' },
          { customer_id: ids.gleb!, channel: 'sms', status: 'granted', method: 'verbal' },
        ])
        .returning('id')
        .execute(),
    );
    expect(await members(consentOf)).toEqual(['boris', 'gleb']);
    // a withdrawal dated later wins; an older-dated grant recorded afterwards does not
    await withActor(db, systemActor('test'), async (tx) => {
      await tx
        .insertInto('consents')
        .values({
          customer_id: ids.boris!,
          channel: 'sms',
          status: 'withdrawn',
          method: 'sms_reply',
        })
        .execute();
      await tx
        .insertInto('consents')
        .values({
          customer_id: ids.boris!,
          channel: 'sms',
          status: 'granted',
          method: 'import',
          effective_at: new Date(Date.now() - 30 * day),
        })
        .execute();
    });
    expect(await members(consentOf)).toEqual(['gleb']);
    // an edited record and an erased one are followed as well
    await withActor(db, systemActor('test'), (tx) =>
      tx
        .updateTable('consents')
        .set({ status: 'withdrawn' })
        .where('id', '=', granted[1]!.id)
        .execute(),
    );
    expect(await members(consentOf)).toEqual([]);
    await withActor(db, systemActor('test'), (tx) =>
      tx
        .deleteFrom('consents')
        .where('customer_id', '=', ids.gleb!)
        .where('channel', '=', 'sms')
        .execute(),
    );
    expect(await members({ ...consentOf, granted: false })).toContain('gleb');
    const left = await db
      .selectFrom('marketing_consent_state')
      .select('customer_id')
      .where('customer_id', '=', ids.gleb!)
      .where('channel', '=', 'sms')
      .execute();
    expect(left).toEqual([]);
  });

  it('answers vehicles, purchases, leads, activities and anniversaries', async () => {
    expect(await members({ type: 'vehicle', makes: ['xcar'] })).toEqual(['anna', 'gleb', 'vera']);
    expect(await members({ type: 'vehicle', makes: ['Xcar'], models: ['alpha'] })).toEqual([
      'anna',
      'gleb',
    ]);
    expect(await members({ type: 'vehicle', ageYears: { min: 4 } })).toEqual(['anna']);
    expect(await members({ type: 'vehicle', mileageKm: { min: 100_000 } })).toEqual(['vera']);
    expect(await members({ type: 'vehicle', modelYear: { min: 2023 } })).toEqual(['boris']);
    expect(
      await members({
        type: 'purchase',
        when: { from: { ago: { amount: 4, unit: 'years' } } },
        sum: { min: 1 },
      }),
    ).toEqual(['anna']);
    expect(await members({ type: 'service', count: { min: 2 } })).toEqual(['anna', 'boris']);
    expect(await members({ type: 'service', sum: { min: 2_500_000 } })).toEqual(['anna', 'gleb']);
    // "at most one visit" includes the people with none at all
    expect(await members({ type: 'service', count: { max: 1 } })).toEqual([
      'gleb',
      'hostile',
      'vera',
    ]);
    expect(await members({ type: 'service', dealerIds: [world.dealers.B.id] })).toEqual(['gleb']);
    expect(await members({ type: 'lead', sources: ['REFERRAL'], stages: ['new'] })).toEqual([
      'vera',
    ]);
    expect(await members({ type: 'lead', count: { max: 0 } })).toHaveLength(4);
    expect(
      await members({
        type: 'activity',
        channels: ['call'],
        outcomes: ['no_answer'],
        when: { from: { ago: { amount: 1, unit: 'weeks' } } },
      }),
    ).toEqual(['boris']);
    expect(await members({ type: 'order', count: { max: 0 } })).toHaveLength(5);
    expect(await members({ type: 'anniversary', of: 'birthday', nextDays: 7 })).toEqual(['anna']);
    expect(
      await members({ type: 'anniversary', of: 'birthday', from: '12-20', to: '01-20' }),
    ).toEqual(['boris']);
    expect(
      await members({
        type: 'anniversary',
        of: 'vehicle_purchase',
        nextDays: 3,
        years: { min: 3, max: 3 },
      }),
    ).toEqual(['anna']);
  });

  it('combines conditions with and, or and not', async () => {
    const male = { type: 'field', field: 'gender', op: 'eq', values: ['male'] };
    const xcar = { type: 'vehicle', makes: ['Xcar'] };
    expect(await members({ type: 'and', conditions: [male, xcar] })).toEqual(['gleb']);
    expect(await members({ type: 'or', conditions: [male, xcar] })).toEqual([
      'anna',
      'boris',
      'gleb',
      'vera',
    ]);
    expect(
      await members({ type: 'not', condition: { type: 'or', conditions: [male, xcar] } }),
    ).toEqual(['hostile']);
  });

  it('finds the same people when the count of the whole group joins consent as one set', async () => {
    // the group's count joins granted consent as one set (consentAsJoin); a dealer's count and
    // every other query probe it per customer: both forms must name the same people
    const named = async (tree: unknown, consentAsJoin: boolean) => {
      const rows = await withSegmentQuerySettings(world.database.db, (tx) =>
        tx
          .selectFrom('customers as c')
          .select('c.id')
          .where(compileCondition(tree as Condition, new Date(), { consentAsJoin }))
          .execute(),
      );
      return rows.map((row) => Object.entries(ids).find(([, id]) => id === row.id)?.[0]).sort();
    };
    const xcar = { type: 'vehicle', makes: ['Xcar'] };
    // as the API's schema fills it in
    const emailConsent = { type: 'consent', channel: 'email', purpose: 'marketing', granted: true };
    const owners = {
      type: 'and',
      conditions: [
        xcar,
        {
          type: 'or',
          conditions: [
            { type: 'anniversary', of: 'birthday', nextDays: 7 },
            { type: 'service', count: { min: 3 } },
          ],
        },
        emailConsent,
        {
          type: 'not',
          condition: { type: 'lead', when: { from: { ago: { amount: 1, unit: 'years' } } } },
        },
      ],
    };
    const cases: [unknown, string[]][] = [
      [owners, ['anna']],
      [dormant, ['boris', 'gleb']],
      [{ type: 'and', conditions: [xcar, { ...emailConsent, granted: false }] }, ['gleb', 'vera']],
      [
        { type: 'and', conditions: [xcar, { type: 'service', count: { max: 1 } }] },
        ['gleb', 'vera'],
      ],
      [
        {
          type: 'and',
          conditions: [
            { type: 'address', part: 'city', values: ['kazan'] },
            { type: 'dealer', dealerIds: [world.dealers.A.id] },
            { type: 'anniversary', of: 'vehicle_purchase', nextDays: 3, years: { min: 3, max: 3 } },
            { type: 'purchase', sum: { min: 1 } },
          ],
        },
        ['anna'],
      ],
      [
        {
          type: 'and',
          conditions: [
            { type: 'lead', sources: ['REFERRAL'] },
            { type: 'service', count: { min: 1 } },
          ],
        },
        ['vera'],
      ],
      [{ type: 'and', conditions: [{ type: 'activity', channels: ['call'] }, emailConsent] }, []],
      [xcar, ['anna', 'gleb', 'vera']],
      [emailConsent, ['anna']],
      [
        { type: 'or', conditions: [emailConsent, { type: 'vehicle', makes: ['Ycar'] }] },
        ['anna', 'boris'],
      ],
      [
        { type: 'and', conditions: [xcar, { type: 'not', condition: emailConsent }] },
        ['gleb', 'vera'],
      ],
    ];
    for (const [tree, expected] of cases) {
      expect(await named(tree, true), JSON.stringify(tree)).toEqual(expected);
      expect(await named(tree, false), JSON.stringify(tree)).toEqual(expected);
    }
    const sqlOf = (tree: unknown, consentAsJoin: boolean) =>
      world.database.db
        .selectFrom('customers as c')
        .select('c.id')
        .where(compileCondition(tree as Condition, new Date(), { consentAsJoin }))
        .compile().sql;
    const joined = 'in (select distinct r.customer_id from marketing_consent_state r';
    expect(sqlOf(owners, true)).toContain(joined);
    expect(sqlOf(owners, false)).not.toContain(joined);
    // below an OR or a NOT no join is possible: there it stays a probe
    const either = { type: 'or', conditions: [emailConsent, xcar] };
    expect(sqlOf(either, true)).not.toContain(joined);
    expect(sqlOf({ type: 'not', condition: emailConsent }, true)).not.toContain(joined);
  });

  it('binds hostile values as data: SQL in a value finds only the person so named', async () => {
    const hostile = [
      hostileName,
      "x' or '1'='1",
      "'; delete from customers; --",
      '\\x27 union select 1 --',
    ];
    for (const value of hostile) {
      const found = await members({
        type: 'field',
        field: 'first_name',
        op: 'eq',
        values: [value],
      });
      expect(found).toEqual(value === hostileName ? ['hostile'] : []);
      expect(
        await members({ type: 'field', field: 'first_name', op: 'contains', values: [value] }),
      ).toEqual(value === hostileName ? ['hostile'] : []);
      expect(await members({ type: 'vehicle', makes: [value] })).toEqual([]);
      expect(await members({ type: 'tag', set: 'interests', op: 'any', values: [value] })).toEqual(
        [],
      );
    }
    // a column name cannot be smuggled in either: the schema refuses it
    const smuggled = await apiAs(world, 'crmGroup').post('/api/segments/count', {
      definition: {
        type: 'field',
        field: 'first_name; drop table customers',
        op: 'eq',
        values: ['x'],
      },
    });
    expect(smuggled.status).toBe(400);
    const everyone = await world.database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(everyone.n)).toBe(5);
  });

  it('refuses a malformed tree with the field named', async () => {
    const api = apiAs(world, 'crmGroup');
    const wrongChoice = await api.post('/api/segments/count', {
      definition: { type: 'field', field: 'gender', op: 'eq', values: ['robot'] },
    });
    expect(wrongChoice.status).toBe(400);
    expect(wrongChoice.body.error.fields.map((f: { path: string }) => f.path).join(' ')).toContain(
      'values',
    );
    // a wrong choice of a leaf's own list is named too, deep in the tree (the leaf kinds are a
    // union told apart by `type`, so the error is the chosen leaf's, not "no leaf matched")
    const wrongStage = await api.post('/api/segments/count', {
      definition: { type: 'not', condition: { type: 'lifecycle', stages: ['robot'] } },
    });
    expect(wrongStage.status).toBe(400);
    expect(wrongStage.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      'definition.condition.stages.0',
    );
    const noWindow = await api.post('/api/segments/count', {
      definition: { type: 'service', when: {} },
    });
    expect(noWindow.status).toBe(400);
    const badRange = await api.post('/api/segments/count', {
      definition: { type: 'service', count: { min: 5, max: 1 } },
    });
    expect(badRange.status).toBe(400);
    let deep: unknown = { type: 'lifecycle', stages: ['owner'] };
    for (let i = 0; i < 12; i++) deep = { type: 'not', condition: deep };
    expect((await api.post('/api/segments/count', { definition: deep })).status).toBe(400);
  });

  it('saves a segment, freezes it into a list and keeps it from other dealers', async () => {
    const api = apiAs(world, 'managerA');
    const saved = await api.post('/api/segments', { name: 'Dormant', definition: dormant });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body).toMatchObject({
      name: 'Dormant',
      lastCount: 1,
      dealerId: world.dealers.A.id,
    });
    expect(
      (await api.get('/api/segments')).body.items.map((s: { name: string }) => s.name),
    ).toContain('Dormant');
    expect((await apiAs(world, 'managerB').get(`/api/segments/${saved.body.id}`)).status).toBe(404);
    expect((await apiAs(world, 'consultantA1').get('/api/segments')).status).toBe(403);

    const frozen = await api.post(`/api/segments/${saved.body.id}/freeze`, {
      name: 'Dormant, December',
    });
    expect(frozen.status, frozen.text).toBe(201);
    expect(frozen.body).toMatchObject({ source: 'frozen_segment', size: 1 });
    // the frozen list no longer moves: Boris comes back for service, the segment loses him
    const borisCar = await world.database.db
      .selectFrom('vehicles')
      .select('id')
      .where('customer_id', '=', ids.boris!)
      .executeTakeFirstOrThrow();
    await visit('boris', borisCar.id, isoDay(-1), 100_000, 'A');
    expect(await members(dormant, 'managerA')).toEqual([]);
    expect(await members({ type: 'list', listId: frozen.body.id }, 'managerA')).toEqual(['boris']);
    expect((await api.get(`/api/contact-lists/${frozen.body.id}`)).body.size).toBe(1);
  });

  it('uploads a static list from CSV with a report line for every row', async () => {
    const csv = [
      'email;phone;customer_id',
      'anna@example.com;;',
      ';+7 (916) 111-22-33;',
      `;;${ids.gleb}`,
      'not-an-email;;',
      'nobody@example.com;;',
      'ANNA@example.com;;',
    ].join('\n');
    const answer = await apiAs(world, 'managerA').post('/api/contact-lists/import', {
      name: 'Show guests',
      csv,
    });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.added).toBe(2);
    expect(
      answer.body.rows.map((r: { line: number; status: string }) => `${r.line}:${r.status}`),
    ).toEqual([
      '2:added',
      '3:added',
      // Gleb is dealer B's: for dealer A he does not exist
      '4:not_found',
      '5:invalid',
      '6:not_found',
      '7:duplicate',
    ]);
    const noHeader = await apiAs(world, 'managerA').post('/api/contact-lists/import', {
      name: 'x',
      csv: 'name\nAnna',
    });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.fields[0].path).toBe('csv');
  });

  it('lists the month-days ahead across the year end', () => {
    expect(nextMonthDays(new Date('2026-12-30T12:00:00Z'), 3)).toEqual([
      '12-30',
      '12-31',
      '01-01',
      '01-02',
    ]);
  });
});
