import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * A data steward scores the customer base: a complete record, a record of garbage (a
 * placeholder name, a fake phone, a role mailbox) and a woman with a man's patronymic at
 * dealer A, one customer at dealer C. He sees the problems, the figures per dealer, and after
 * the garbage is corrected the next run shows the improvement. Stewards and managers see only
 * their own dealers' customers.
 */
describe('a data steward measures and monitors the quality of the customer base', () => {
  let world: TestWorld;
  let garbageId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    const complete = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      gender: 'male',
      birthDate: '1985-04-12',
      occupation: 'engineer',
      incomeBand: 'middle',
      preferredLanguage: 'ru',
      preferredChannel: 'sms',
      phones: [{ number: '8 (916) 482-17-39' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }],
      addresses: [{ city: 'Москва', postcode: '127411', street: 'Дмитровское ш.', building: '1' }],
    });
    expect(complete.status).toBe(201);
    const garbage = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'test',
      lastName: 'asdf',
      phones: [{ number: '+7 999 111-11-11' }],
      emails: [{ address: 'info@dealer-a.ru' }],
    });
    expect(garbage.status).toBe(201);
    garbageId = garbage.body.id;
    const mismatch = await a.post('/api/customers', {
      kind: 'person',
      firstName: 'Мария',
      middleName: 'Петрович',
      lastName: 'Иванова',
      gender: 'female',
      phones: [{ number: '+7 903 555 12 12' }],
    });
    expect(mismatch.status).toBe(201);
    const c = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: '伟',
      lastName: '王',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    expect(c.status).toBe(201);
  });
  afterAll(async () => world.close());

  it('a run scores every customer in scope and finds the garbage', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const run = await steward.post('/api/quality/runs', {});
    expect(run.status).toBe(201);
    expect(run.body.customers).toBe(4);
    expect(run.body.problems).toMatchObject({
      placeholder_name: 1,
      fake_phone: 1,
      role_email: 1,
      gender_mismatch: 1,
    });
    const findings = await steward.get('/api/quality/findings?problem=fake_phone');
    expect(findings.status).toBe(200);
    expect(findings.body.total).toBe(1);
    expect(findings.body.items[0]).toMatchObject({ customerId: garbageId });
    expect(findings.body.items[0].problems).toEqual(
      expect.arrayContaining(['placeholder_name', 'fake_phone', 'role_email']),
    );
    // The worst record comes first; the complete one scores highest.
    const all = await steward.get('/api/quality/findings');
    expect(all.body.items[0].customerId).toBe(garbageId);
    expect(all.body.items.at(-1).score).toBeGreaterThanOrEqual(90);
    expect(all.body.items.at(-1).problems).toEqual([]);
  });

  it('shows the figures per dealer, source and month', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const byDealer = await steward.get('/api/quality/summary?groupBy=dealer');
    expect(byDealer.status).toBe(200);
    expect(byDealer.body.total.customers).toBe(4);
    expect(byDealer.body.groups.map((g: { key: string }) => g.key)).toEqual([
      'Dealer A',
      'Dealer C',
    ]);
    expect(byDealer.body.groups[0]).toMatchObject({ customers: 3 });
    const byMonth = await steward.get('/api/quality/summary?groupBy=month');
    expect(byMonth.body.groups).toHaveLength(1);
    expect(byMonth.body.groups[0].key).toBe(new Date().toISOString().slice(0, 7));
    const wrong = await steward.get('/api/quality/summary?groupBy=colour');
    expect(wrong.status).toBe(400);
  });

  it('a steward of region R2 sees only dealer C; a consultant sees no quality figures', async () => {
    const regional = apiAs(world, 'stewardR2');
    const summary = await regional.get('/api/quality/summary?groupBy=dealer');
    expect(summary.body.total.customers).toBe(1);
    expect(summary.body.groups.map((g: { key: string }) => g.key)).toEqual(['Dealer C']);
    const findings = await regional.get('/api/quality/findings?problem=fake_phone');
    expect(findings.body).toEqual({ items: [], total: 0 });
    const trend = await regional.get('/api/quality/runs');
    expect(trend.body.items[0].customers).toBe(1);
    expect((await apiAs(world, 'managerB').get('/api/quality/summary')).body.total.customers).toBe(
      0,
    );
    expect((await apiAs(world, 'consultantA1').get('/api/quality/summary')).status).toBe(403);
    expect((await apiAs(world, 'analystGroup').post('/api/quality/runs', {})).status).toBe(403);
  });

  it('after cleaning, the next run shows the improvement against the one before', async () => {
    const fixed = await apiAs(world, 'managerA').patch(`/api/customers/${garbageId}`, {
      firstName: 'Пётр',
      lastName: 'Смирнов',
    });
    expect(fixed.status).toBeLessThan(300);
    const steward = apiAs(world, 'stewardGroup');
    expect((await steward.post('/api/quality/runs', {})).status).toBe(201);
    const trend = await steward.get('/api/quality/runs');
    const [after, before] = trend.body.items;
    expect(before.problems.placeholder_name).toBe(1);
    expect(after.problems.placeholder_name).toBe(0);
    expect(after.averageScore).toBeGreaterThan(before.averageScore);
  });
});
