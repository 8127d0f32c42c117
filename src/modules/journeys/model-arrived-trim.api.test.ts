import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/**
 * Dealer A invites the X5 prospects when an X5 "M Sport" arrives, and only then: an X5 of
 * another trim, or one recorded without a trim, brings nobody into that journey, while a
 * journey for the X5 of any trim (as every journey was before the trim filter) takes them all.
 * Dealer B's M Sport does not reach A's journey.
 */
describe('a trim on the model-arrived trigger narrows the arrivals that start the journey', () => {
  let world: TestWorld;
  const journeys: Record<'anyTrim' | 'mSport', string> = { anyTrim: '', mSport: '' };
  const customers: Record<string, string> = {};

  const journey = (name: string, trim?: string): JourneyInput => ({
    name,
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    trigger: { type: 'model_arrived', make: 'Xcar', model: 'X5', ...(trim ? { trim } : {}) },
    reentry: 'once',
    defaultLanguage: 'en',
    definition: {
      start: 'tag',
      steps: [{ id: 'tag', type: 'update', field: 'add_interest', value: 'x5', next: null }],
    },
  });

  const runs = (key: keyof typeof journeys) =>
    world.database.db
      .selectFrom('journey_enrollments')
      .select(['customer_id', 'context'])
      .where('journey_id', '=', journeys[key])
      .execute();

  /** A car arrives and the runner makes a pass. */
  async function arrive(user: 'consultantA1' | 'consultantB1', body: object) {
    const arrival = await apiAs(world, user).post('/api/stock-arrivals', {
      make: 'Xcar',
      model: 'X5',
      ...body,
    });
    expect(arrival.status, arrival.text).toBe(201);
    return runJourneys(world.database.db, new Date(Date.now() + 1000));
  }

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, user] of [
      ['anna', 'consultantA1'],
      ['egor', 'consultantB1'],
    ] as const) {
      const lead = await apiAs(world, user).post('/api/leads', {
        source: 'own_prospecting',
        person: { firstName: key, lastName: 'Trim', emails: [{ address: `${key}@example.com` }] },
        vehicles: [{ make: 'Xcar', model: 'X5' }],
      });
      expect(lead.status, lead.text).toBe(201);
      customers[key] = lead.body.customerId;
    }
    for (const [key, trim] of [
      ['anyTrim', undefined],
      ['mSport', ' M Sport '],
    ] as const) {
      const created = await apiAs(world, 'crmA').post('/api/journeys', journey(key, trim));
      expect(created.status, created.text).toBe(201);
      expect(created.body.trigger.trim).toBe(trim?.trim());
      journeys[key] = created.body.id;
      const enabled = await apiAs(world, 'crmA').post(
        `/api/journeys/${created.body.id}/enable`,
        {},
      );
      expect(enabled.status, enabled.text).toBe(200);
    }
  });
  afterAll(() => world?.close());

  it('refuses an empty trim, naming the field', async () => {
    const empty = await apiAs(world, 'crmA').post('/api/journeys', journey('empty', '  '));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toContainEqual(
      expect.objectContaining({ path: 'trigger.trim' }),
    );
  });

  it('an X5 of another trim, or of none, starts the any-trim journey only', async () => {
    await arrive('consultantA1', { trim: 'Base' });
    expect((await runs('anyTrim')).map((run) => run.customer_id)).toEqual([customers.anna]);
    expect(await runs('mSport')).toEqual([]);
    // an arrival without a trim is not an M Sport either
    await arrive('consultantA1', {});
    expect(await runs('mSport')).toEqual([]);
  });

  it('dealer B’s M Sport does not reach A’s journey; A’s own does, whatever its case', async () => {
    await arrive('consultantB1', { trim: 'M Sport' });
    expect(await runs('mSport')).toEqual([]);
    await arrive('consultantA1', { model: 'x5', trim: 'm sport' });
    const entered = await runs('mSport');
    expect(entered).toEqual([
      { customer_id: customers.anna, context: expect.objectContaining({ trim: 'm sport' }) },
    ]);
    // B's prospect asked B, not A: he never enters A's journeys
    const all = [...(await runs('anyTrim')), ...entered].map((run) => run.customer_id);
    expect(all).not.toContain(customers.egor);
  });
});
