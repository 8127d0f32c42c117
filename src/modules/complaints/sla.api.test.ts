import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const hour = 3_600_000;

/**
 * The group shortens the SLA of critical complaints to 12 hours: the next critical complaint
 * is due 12 hours after it is taken in, one already open keeps its promise. A dealer manager
 * may read the SLA but not change it, and a nonsense value is refused naming the field.
 */
describe('the group sets the complaint SLA per severity', () => {
  let world: TestWorld;
  let customerId: string;

  const critical = async () =>
    apiAs(world, 'managerA').post('/api/complaints', {
      customerId,
      channel: 'phone',
      category: 'vehicle_defect',
      severity: 'critical',
      subject: 'Brakes squeal after the repair',
    });

  beforeAll(async () => {
    world = await createTestWorld();
    const customer = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Игорь',
      lastName: 'Тормозов',
      phones: [{ number: '+7 916 555 43 80' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
  });
  afterAll(async () => world.close());

  it('lists the SLA, the most urgent first', async () => {
    const sla = await apiAs(world, 'advisorA').get('/api/complaints/sla');
    expect(sla.status).toBe(200);
    expect(sla.body).toEqual([
      { severity: 'critical', resolveHours: 24 },
      { severity: 'high', resolveHours: 72 },
      { severity: 'medium', resolveHours: 168 },
      { severity: 'low', resolveHours: 336 },
    ]);
  });

  it('times new complaints by the changed SLA and leaves open ones their due time', async () => {
    const before = await critical();
    const openOne = await apiAs(world, 'managerA').get(`/api/complaints/${before.body.id}`);
    const changed = await apiAs(world, 'admin').put('/api/complaints/sla/critical', {
      resolveHours: 12,
    });
    expect(changed.status).toBe(200);
    expect(changed.body[0]).toEqual({ severity: 'critical', resolveHours: 12 });
    const start = Date.now();
    const after = await critical();
    const complaint = await apiAs(world, 'managerA').get(`/api/complaints/${after.body.id}`);
    const due = Date.parse(complaint.body.dueAt);
    expect(due).toBeGreaterThanOrEqual(start + 12 * hour - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 12 * hour + 1000);
    const stillOpen = await apiAs(world, 'managerA').get(`/api/complaints/${before.body.id}`);
    expect(stillOpen.body.dueAt).toBe(openOne.body.dueAt);
    // every write is audited: who changed which severity's hours
    const audit = await apiAs(world, 'admin').get(
      '/api/audit?table=complaint_sla&recordId=critical',
    );
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('"resolve_hours":12');
  });

  it('refuses a dealer manager (403) and names the field on a bad value', async () => {
    const manager = await apiAs(world, 'managerA').put('/api/complaints/sla/high', {
      resolveHours: 1,
    });
    expect(manager.status).toBe(403);
    const zero = await apiAs(world, 'admin').put('/api/complaints/sla/high', { resolveHours: 0 });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body.error)).toContain('resolveHours');
    const unknown = await apiAs(world, 'admin').put('/api/complaints/sla/urgent', {
      resolveHours: 5,
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('severity');
    const sla = await apiAs(world, 'advisorA').get('/api/complaints/sla');
    expect(sla.body[1]).toEqual({ severity: 'high', resolveHours: 72 });
  });
});
