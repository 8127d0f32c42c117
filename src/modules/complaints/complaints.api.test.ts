import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { escalateOverdueComplaints } from './index.ts';

const hour = 3_600_000;

/**
 * An owner calls about a badly done repair: the call-centre agent takes the complaint in, the
 * dealer's manager investigates and resolves it, the owner is not satisfied and it is reopened;
 * one left lying is escalated by the sweep once its SLA passes. Dealer B sees none of it.
 */
describe('complaints from intake to closing, with SLA escalation and the claims index', () => {
  let world: TestWorld;
  let customerId: string;
  let vehicleId: string;
  let visitId: string;
  let complaintId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Ирина',
      lastName: 'Соколова',
      phones: [{ number: '+7 916 555 40 50' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000401'),
      makeName: 'Geely',
      modelName: 'Tugella',
      purchase: { date: '2025-02-01', dealerCode: 'A', condition: 'new' },
    });
    vehicleId = vehicle.body.id;
    const visit = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-20',
      mileageKm: 12_000,
      visitType: 'repair',
      totalMinor: 18_000_00,
    });
    visitId = visit.body.id;
  });
  afterAll(async () => world.close());

  it('takes a complaint about a visit in: dealer and vehicle from the visit, SLA from severity', async () => {
    const api = apiAs(world, 'callCenterA');
    const before = Date.now();
    const answer = await api.post('/api/complaints', {
      customerId,
      visitId,
      channel: 'hotline',
      category: 'repair_quality',
      severity: 'high',
      subject: 'Noise came back two days after the repair',
    });
    expect(answer.status).toBe(201);
    complaintId = answer.body.id;
    const complaint = await api.get(`/api/complaints/${complaintId}`);
    expect(complaint.body).toMatchObject({
      number: answer.body.number,
      customer: { id: customerId },
      dealerCode: 'A',
      vehicle: { id: vehicleId, makeName: 'Geely' },
      visit: { id: visitId, date: '2025-11-20', type: 'repair' },
      status: 'open',
      allowedActions: ['investigate'],
      // the call centre takes calls, it does not handle them: the dealer's manager does
      responsible: { id: world.users.managerA.id },
      overdue: false,
      events: [expect.objectContaining({ kind: 'opened', toStatus: 'open' })],
    });
    // high severity: 72 hours
    const due = Date.parse(complaint.body.dueAt);
    expect(due).toBeGreaterThanOrEqual(before + 72 * hour - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 72 * hour + 1000);
    const task = await apiAs(world, 'managerA').get(`/api/tasks/${complaint.body.taskId}`);
    expect(task.body).toMatchObject({ priority: 'high', status: 'open' });
    expect(task.body.title).toContain(`#${answer.body.number}`);
  });

  it('shows the complaint in the customer’s 360 view', async () => {
    const view = await apiAs(world, 'managerA').get(`/api/customers/${customerId}`);
    expect(view.status).toBe(200);
    expect(view.body.complaints).toEqual([
      expect.objectContaining({ id: complaintId, status: 'open', severity: 'high' }),
    ]);
  });

  it('refuses a visit or vehicle of someone else, naming the field', async () => {
    const other = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Пётр',
      lastName: 'Другой',
      phones: [{ number: '+7 916 555 40 51' }],
      dealerCode: 'A',
    });
    const answer = await apiAs(world, 'managerA').post('/api/complaints', {
      customerId: other.body.id,
      visitId,
      vehicleId,
      channel: 'phone',
      category: 'staff',
      severity: 'low',
      subject: 'Rude',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual([
      'vehicleId',
      'visitId',
    ]);
    // an unknown dealer is named with a code the web app says in the user's language
    const noDealer = await apiAs(world, 'managerA').post('/api/complaints', {
      customerId: other.body.id,
      dealerCode: 'NOPE',
      channel: 'phone',
      category: 'staff',
      severity: 'low',
      subject: 'Rude',
    });
    expect(noDealer.status).toBe(400);
    expect(noDealer.body.error.fields).toEqual([
      expect.objectContaining({ path: 'dealerCode', code: 'unknown_dealer' }),
    ]);
  });

  it('enforces the states: no resolving unread, a resolution is required, reopening sets a new SLA', async () => {
    const api = apiAs(world, 'managerA');
    const skip = await api.post(`/api/complaints/${complaintId}/actions`, {
      action: 'resolve',
      note: 'Done',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.error.fields[0]).toMatchObject({
      path: 'action',
      code: 'transition_not_allowed',
    });
    expect(
      (await api.post(`/api/complaints/${complaintId}/actions`, { action: 'investigate' })).body
        .status,
    ).toBe('investigating');
    const bare = await api.post(`/api/complaints/${complaintId}/actions`, { action: 'resolve' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields[0].path).toBe('note');
    const resolved = await api.post(`/api/complaints/${complaintId}/actions`, {
      action: 'resolve',
      note: 'Heat shield refitted free of charge',
    });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'Heat shield refitted free of charge',
      allowedActions: ['close', 'reopen'],
    });
    const handling = await api.get(`/api/tasks/${resolved.body.taskId}`);
    expect(handling.body.status).toBe('done');
    const reopened = await api.post(`/api/complaints/${complaintId}/actions`, {
      action: 'reopen',
      note: 'The noise is back',
    });
    expect(reopened.body).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null });
    expect(reopened.body.taskId).not.toBe(resolved.body.taskId);
    expect(reopened.body.events.map((event: { kind: string }) => event.kind)).toEqual([
      'opened',
      'status',
      'status',
      'reopened',
    ]);
  });

  it('escalates a complaint past its SLA once, with a task for the dealer’s manager', async () => {
    const api = apiAs(world, 'advisorA');
    const critical = await api.post('/api/complaints', {
      customerId,
      vehicleId,
      channel: 'visit',
      category: 'vehicle_defect',
      severity: 'critical',
      subject: 'Brakes squeal',
    });
    expect(critical.status).toBe(201);
    // the advisor took it in at his dealer: it is his
    const taken = await api.get(`/api/complaints/${critical.body.id}`);
    expect(taken.body.responsible.id).toBe(world.users.advisorA.id);
    // 23 hours later nothing is due; 25 hours later the critical one (24 h) is
    expect(
      await escalateOverdueComplaints(world.database.db, new Date(Date.now() + 23 * hour)),
    ).toMatchObject({ escalated: 0 });
    const later = new Date(Date.now() + 25 * hour);
    expect(await escalateOverdueComplaints(world.database.db, later)).toEqual({
      escalated: 1,
      tasks: 1,
      refused: 0,
    });
    expect(await escalateOverdueComplaints(world.database.db, later)).toMatchObject({
      escalated: 0,
    });
    const escalated = await api.get(`/api/complaints/${critical.body.id}`);
    expect(escalated.body.escalatedAt).toBe(later.toISOString());
    expect(escalated.body.events.at(-1)).toMatchObject({ kind: 'escalated' });
    const tasks = await apiAs(world, 'managerA').get(
      `/api/tasks?assignee=me&status=open&customerId=${customerId}`,
    );
    expect(tasks.body.items.map((task: { title: string }) => task.title)).toContainEqual(
      expect.stringContaining(`Overdue complaint #${critical.body.number} (critical)`),
    );
    // after 73 hours the reopened high one (its SLA restarted) is due too
    expect(
      await escalateOverdueComplaints(world.database.db, new Date(Date.now() + 73 * hour)),
    ).toMatchObject({ escalated: 1 });
  });

  it('lists the overdue ones first-due-first, and keeps dealer A’s complaints from dealer B', async () => {
    const overdue = await apiAs(world, 'managerA').get('/api/complaints?active=true');
    expect(overdue.body.total).toBe(2);
    const b = apiAs(world, 'managerB');
    expect((await b.get(`/api/complaints/${complaintId}`)).status).toBe(404);
    expect((await b.get('/api/complaints')).body.total).toBe(0);
    expect(
      (await b.post(`/api/complaints/${complaintId}/actions`, { action: 'investigate' })).status,
    ).toBe(404);
    const claims = await b.get('/api/complaints/claims-index?from=2025-01-01&to=2030-12-31');
    expect(claims.body.rows).toEqual([]);
  });

  it('the claims index counts complaints per 100 visits and sales, per dealer and month', async () => {
    // the index counts in dealer A's months (Moscow): from 21:00 UTC on a month's last day it is
    // the next month there
    const month = localDate(new Date(), 'Europe/Moscow').slice(0, 7);
    const answer = await apiAs(world, 'managerA').get(
      `/api/complaints/claims-index?from=2025-01-01&to=${localDate(new Date(), 'Europe/Moscow')}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toContainEqual({
      dealerCode: 'A',
      month: '2025-11',
      complaints: 0,
      visits: 1,
      sales: 0,
      perHundredVisits: 0,
      perHundredSales: null,
    });
    expect(answer.body.rows).toContainEqual(
      expect.objectContaining({
        dealerCode: 'A',
        month,
        complaints: 2,
        visits: 0,
        perHundredVisits: null,
      }),
    );
    expect(answer.body.rows).toContainEqual(
      expect.objectContaining({ dealerCode: 'A', month: '2025-02', sales: 1 }),
    );
  });
});
