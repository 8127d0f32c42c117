import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A's manager works through the complaints: the critical ones, those about repair
 * quality, those his advisor handles, and the one an owner calls about giving its number.
 * Dealer B's manager finds none of them, not even by number.
 */
describe('finding complaints by severity, category, handler and number', () => {
  let world: TestWorld;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Вера',
      lastName: 'Поискова',
      phones: [{ number: '+7 916 555 44 90' }],
      dealerCode: 'A',
    });
    const open = async (
      key: string,
      severity: string,
      category: string,
      responsibleUserId?: string,
    ) => {
      const answer = await manager.post('/api/complaints', {
        customerId: customer.body.id,
        channel: 'phone',
        category,
        severity,
        subject: key,
        ...(responsibleUserId ? { responsibleUserId } : {}),
      });
      expect(answer.status).toBe(201);
      numbers[key] = answer.body.number;
    };
    await open('Engine light after repair', 'critical', 'repair_quality');
    await open('Oil leak after repair', 'medium', 'repair_quality', world.users.advisorA.id);
    await open('Rude at reception', 'low', 'staff', world.users.advisorA.id);
  });
  afterAll(async () => world.close());

  const subjects = (body: { items: { subject: string }[] }) =>
    body.items.map((item) => item.subject).sort();

  it('filters by severity, by category and by who handles them', async () => {
    const manager = apiAs(world, 'managerA');
    const critical = await manager.get('/api/complaints?severity=critical');
    expect(subjects(critical.body)).toEqual(['Engine light after repair']);
    const repairs = await manager.get('/api/complaints?category=repair_quality');
    expect(repairs.body.total).toBe(2);
    const advisors = await manager.get(
      `/api/complaints?responsibleUserId=${world.users.advisorA.id}`,
    );
    expect(subjects(advisors.body)).toEqual(['Oil leak after repair', 'Rude at reception']);
  });

  it('finds the complaint an owner names by its number, for dealer A only', async () => {
    const number = numbers['Rude at reception'];
    const found = await apiAs(world, 'managerA').get(`/api/complaints?number=${number}`);
    expect(subjects(found.body)).toEqual(['Rude at reception']);
    const other = await apiAs(world, 'managerB').get(`/api/complaints?number=${number}`);
    expect(other.body).toEqual({ items: [], total: 0 });
  });

  it('refuses an unknown severity or a number that is not one, naming the field', async () => {
    const manager = apiAs(world, 'managerA');
    const severity = await manager.get('/api/complaints?severity=urgent');
    expect(severity.status).toBe(400);
    expect(JSON.stringify(severity.body.error)).toContain('severity');
    const number = await manager.get('/api/complaints?number=abc');
    expect(number.status).toBe(400);
    expect(JSON.stringify(number.body.error)).toContain('number');
  });
});
