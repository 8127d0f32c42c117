import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiAs, type TestUserKey, type TestWorld } from '../../../testing/test-world.ts';
import { packFigures } from './pack-figures.ts';
import { buildPackWorld, mondayMorning, week } from './pack-world.testing.ts';
import { queueWeeklyPacks } from './report-mail-queue.ts';

describe('queueing the weekly packs', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await buildPackWorld();
  });
  afterAll(async () => world.close());

  it("computes each dealer's figures, and the group's, once for all their recipients", async () => {
    // besides the dealer managers (on by default): three group-wide users and a region manager
    const switchedOn: TestUserKey[] = ['admin', 'crmGroup', 'analystGroup', 'regionR1'];
    for (const user of switchedOn) {
      const answer = await apiAs(world, user).put('/api/analytics/report-subscriptions/me', {
        enabled: true,
      });
      expect(answer.status).toBe(200);
    }
    // the real figures, counted: how often a queueing run computes them
    const figures = vi.fn(packFigures);
    const report = await queueWeeklyPacks(world.database.db, {
      now: mondayMorning,
      computeFigures: figures,
    });
    // managerA and crmA (dealer A), managerB, managerC, and the four switched on
    expect(report).toMatchObject({ queued: 8, errors: 0 });
    // one set each: dealer A, dealer B, dealer C, region R1 (A and B), the group
    expect(figures).toHaveBeenCalledTimes(5);
    expect(figures.mock.calls.every(([, , weekStart]) => weekStart === week)).toBe(true);
    const scopes = figures.mock.calls.map(([, actor]) =>
      actor.scope.level === 'group' ? 'group' : [...actor.scope.dealerIds].length,
    );
    expect(scopes.sort()).toEqual([1, 1, 1, 2, 'group']);

    // the shared figures are still each recipient's own: A's two managers, same numbers
    const bodies = await world.database.db
      .selectFrom('report_mail')
      .select(['recipient', 'body_text'])
      .where('recipient', 'in', [
        'managera@test.autocrm',
        'crma@test.autocrm',
        'managerb@test.autocrm',
      ])
      .execute();
    const text = (email: string) => bodies.find((row) => row.recipient === email)!.body_text;
    expect(text('managera@test.autocrm')).toBe(text('crma@test.autocrm'));
    expect(text('managera@test.autocrm')).not.toBe(text('managerb@test.autocrm'));
  });
});
