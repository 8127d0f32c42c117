import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { awardJourneyPoints } from '../club/index.ts';
import { enrol, setUpClubX } from '../club/club.testing.ts';
import { runJourneys } from './engine.ts';
import type { JourneyInput } from './journey.schemas.ts';

process.env.JOURNEY_INTERVAL_MS = String(3_600_000);

/**
 * The group's CRM team thanks its VIPs with 250 club points: a member gets them in his ledger
 * (source "journey") once, a VIP outside the club is passed on as "not a member", and neither
 * a second pass nor a retried award pays twice.
 */
describe('an add-points step awards club points to members only, once', () => {
  let world: TestWorld;
  let journeyId: string;
  let clubId: string;
  const ids: Record<string, string> = {};

  const journey = (): JourneyInput => ({
    name: 'VIP thank-you',
    ownerLevel: 'group',
    trigger: {
      type: 'segment_entered',
      condition: { type: 'tag', set: 'interests', op: 'any', values: ['vip'] },
    },
    defaultLanguage: 'en',
    definition: {
      start: 'bonus',
      steps: [
        { id: 'bonus', type: 'points', points: 250, reason: 'VIP thank-you', next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    },
  });

  async function customer(key: string) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: key,
      lastName: 'Points',
      interests: ['vip'],
      dealerCode: 'A',
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  const ledgerOf = (key: string) =>
    world.database.db
      .selectFrom('club_points_ledger')
      .selectAll()
      .where('customer_id', '=', ids[key]!)
      .where('source', '=', 'journey')
      .execute();
  const logOf = (key: string) =>
    world.database.db
      .selectFrom('journey_step_log')
      .selectAll()
      .where('journey_id', '=', journeyId)
      .where('customer_id', '=', ids[key]!)
      .where('step_id', '=', 'bonus')
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    ({ clubId } = await setUpClubX(world));
    await customer('anna');
    await customer('boris');
    await enrol(world, clubId, ids.anna!, { homeDealerCode: 'A' });
    const created = await apiAs(world, 'admin').post('/api/journeys', journey());
    expect(created.status, created.text).toBe(201);
    journeyId = created.body.id;
    const enabled = await apiAs(world, 'admin').post(`/api/journeys/${journeyId}/enable`, {});
    expect(enabled.status, enabled.text).toBe(200);
  });
  afterAll(() => world?.close());

  it('gives a member his points and passes a non-member on', async () => {
    const pass = await runJourneys(world.database.db, new Date(Date.now() + 1000));
    expect(pass.entered).toBe(2);
    const [award] = await ledgerOf('anna');
    expect(award).toMatchObject({ points: 250, club_id: clubId, source: 'journey' });
    expect(award!.reason).toContain('VIP thank-you');
    expect(award!.expires_on).not.toBeNull();
    expect((await logOf('anna'))[0]).toMatchObject({ outcome: 'points' });
    expect(await ledgerOf('boris')).toHaveLength(0);
    expect((await logOf('boris'))[0]).toMatchObject({ outcome: 'skipped', detail: 'not_member' });
    // both went on to the exit
    const runs = await world.database.db
      .selectFrom('journey_enrollments')
      .select('status')
      .where('journey_id', '=', journeyId)
      .execute();
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    const balance = await world.database.db
      .selectFrom('club_point_balances')
      .select('balance')
      .where('customer_id', '=', ids.anna!)
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe(250);
  });

  it('shows awarded and skipped on the step', async () => {
    const detail = await apiAs(world, 'admin').get(`/api/journeys/${journeyId}`);
    expect(detail.status, detail.text).toBe(200);
    const bonus = detail.body.steps.find((s: { stepId: string }) => s.stepId === 'bonus');
    expect(bonus).toMatchObject({ reached: 2, awarded: 1, skipped: 1 });
  });

  it('never pays twice: not on a second pass, not on a retried step', async () => {
    await runJourneys(world.database.db, new Date(Date.now() + 120_000));
    expect(await ledgerOf('anna')).toHaveLength(1);
    const [run] = await world.database.db
      .selectFrom('journey_enrollments')
      .select('id')
      .where('journey_id', '=', journeyId)
      .where('customer_id', '=', ids.anna!)
      .execute();
    // the step re-run for the same run (as after a crash between award and log)
    const again = await withActor(world.database.db, systemActor('test'), (tx) =>
      awardJourneyPoints(tx, {
        awards: [
          { key: `${run!.id}:bonus`, customerId: ids.anna! },
          { key: `${run!.id}:other`, customerId: ids.boris! },
        ],
        points: 250,
        reason: 'retry',
        occurredOn: '2030-01-01',
      }),
    );
    expect(again.get(`${run!.id}:bonus`)).toMatchObject({ status: 'already_awarded' });
    expect(again.get(`${run!.id}:other`)).toEqual({ status: 'not_member' });
    expect(await ledgerOf('anna')).toHaveLength(1);
  });

  it('refuses a points step without a positive whole number, naming the field', async () => {
    const body = journey();
    body.definition.steps[0] = { id: 'bonus', type: 'points', points: 0, reason: 'x', next: null };
    const created = await apiAs(world, 'admin').post('/api/journeys', body);
    expect(created.status).toBe(400);
    expect(created.text).toContain('definition.steps.0.points');
  });
});
