import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

describe('a dealer manager looks up who changed a customer', () => {
  let world: TestWorld;
  let mineId: string;
  let otherId: string;
  beforeAll(async () => {
    world = await createTestWorld();
    mineId = (
      await apiAs(world, 'consultantA1').post('/api/customers', {
        kind: 'person',
        lastName: 'Audited',
      })
    ).body.id;
    await apiAs(world, 'consultantA1').patch(`/api/customers/${mineId}`, {
      lastName: 'Audited-Changed',
    });
    otherId = (
      await apiAs(world, 'managerB').post('/api/customers', {
        kind: 'person',
        lastName: 'Elsewhere',
      })
    ).body.id;
  });
  afterAll(async () => world.close());

  it('shows the changes with their author, old and new values', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/audit?customerId=${mineId}&table=customers`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]).toMatchObject({
      action: 'update',
      actor: { id: world.users.consultantA1.id, name: 'consultantA1' },
      actorLabel: 'api',
      oldValues: { last_name: 'Audited' },
      newValues: { last_name: 'Audited-Changed' },
    });
    expect(answer.body.items[1]).toMatchObject({ action: 'insert' });
  });

  it('keeps other dealers’ customers and the organisation out of a dealer manager’s view', async () => {
    const manager = apiAs(world, 'managerA');
    expect((await manager.get(`/api/audit?customerId=${otherId}`)).status).toBe(404);
    const all = await manager.get('/api/audit?limit=500');
    expect(
      all.body.items.every(
        (entry: { customerId: string | null }) =>
          entry.customerId !== null && entry.customerId !== otherId,
      ),
    ).toBe(true);
    const admin = await apiAs(world, 'admin').get('/api/audit?table=dealers');
    expect(admin.body.items.length).toBe(3);
  });

  it('is closed to roles without audit:read', async () => {
    expect((await apiAs(world, 'consultantA1').get('/api/audit')).status).toBe(403);
  });
});
