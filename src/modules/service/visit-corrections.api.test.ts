import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * An advisor typed 150,000 km instead of 15,000 and recorded a recall visit on the wrong car.
 * He corrects the first and cancels the second: the odometer accepts the next real reading,
 * the due date forgets the cancelled visit and the recall it closed is open again.
 * Dealer B's advisor cannot touch either; a sales consultant may not.
 */
describe('a service advisor corrects a mistyped visit and cancels one on the wrong car', () => {
  let world: TestWorld;
  let vehicleId: string;
  let typoVisitId: string;
  let recallVisitId: string;
  let campaignId: string;
  const vin = withCheckDigit('LB37624S0PX000411');

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Ирина',
      lastName: 'Соколова',
      phones: [{ number: '+7 916 555 44 11' }],
      dealerCode: 'A',
    });
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin,
      makeName: 'Geely',
      modelName: 'Coolray',
      purchase: { date: '2025-01-10', dealerCode: 'A', condition: 'new', priceMinor: 2_000_000_00 },
    });
    expect(vehicle.status).toBe(201);
    vehicleId = vehicle.body.id;
    const recall = await apiAs(world, 'brandX').post('/api/recalls', {
      code: 'R-FIX-1',
      title: 'Fuel pump relay',
      startsOn: '2025-01-01',
    });
    campaignId = recall.body.id;
    await apiAs(world, 'brandX').post(`/api/recalls/${campaignId}/vins`, { vins: [vin] });
  });
  afterAll(async () => world.close());

  it('corrects a mileage typo so that a later, real reading is accepted', async () => {
    const api = apiAs(world, 'advisorA');
    const typo = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-06-01',
      mileageKm: 150_000,
      visitType: 'maintenance',
    });
    expect(typo.status).toBe(201);
    typoVisitId = typo.body.id;
    const blocked = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-09-01',
      mileageKm: 20_000,
      visitType: 'repair',
    });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.fields[0]).toMatchObject({ path: 'mileageKm' });

    const fixed = await api.patch(`/api/service/visits/${typoVisitId}`, {
      mileageKm: 15_000,
      description: 'km corrected',
    });
    expect(fixed.status).toBe(204);
    const visit = await api.get(`/api/service/visits/${typoVisitId}`);
    expect(visit.body).toMatchObject({ mileageKm: 15_000, description: 'km corrected' });
    const later = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-09-01',
      mileageKm: 20_000,
      visitType: 'repair',
    });
    expect(later.status).toBe(201);

    const audited = await world.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'old_values', 'new_values'])
      .where('table_name', '=', 'service_visits')
      .where('record_id', '=', typoVisitId)
      .where('action', '=', 'update')
      .execute();
    expect(audited).toContainEqual(
      expect.objectContaining({
        actor_user_id: world.users.advisorA!.id,
        old_values: expect.objectContaining({ mileage_km: 150_000 }),
        new_values: expect.objectContaining({ mileage_km: 15_000 }),
      }),
    );
  });

  it('checks a correction like a new visit: the field named, the car’s other readings', async () => {
    const api = apiAs(world, 'advisorA');
    const rollback = await api.patch(`/api/service/visits/${typoVisitId}`, { mileageKm: 25_000 });
    expect(rollback.status).toBe(400);
    expect(rollback.body.error.fields[0]).toMatchObject({
      path: 'mileageKm',
      code: 'odometer_above_later',
    });
    const future = await api.patch(`/api/service/visits/${typoVisitId}`, {
      visitDate: '2999-01-01',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields[0]).toMatchObject({ path: 'visitDate' });
    const badType = await api.patch(`/api/service/visits/${typoVisitId}`, {
      visitType: 'car wash',
    });
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body)).toContain('visitType');
    // the advisor must work at the servicing dealer, as when the visit was recorded
    const foreignAdvisor = await api.patch(`/api/service/visits/${typoVisitId}`, {
      advisorUserId: world.users.advisorB!.id,
    });
    expect(foreignAdvisor.status).toBe(400);
    expect(foreignAdvisor.body.error.fields[0]).toMatchObject({ path: 'advisorUserId' });
    const empty = await api.patch(`/api/service/visits/${typoVisitId}`, {});
    expect(empty.status).toBe(400);
    const noReason = await api.post(`/api/service/visits/${typoVisitId}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
  });

  it('dealer B’s advisor gets 404 and a sales consultant 403; nothing changes', async () => {
    const other = apiAs(world, 'advisorB');
    expect((await other.patch(`/api/service/visits/${typoVisitId}`, { mileageKm: 1 })).status).toBe(
      404,
    );
    expect(
      (await other.post(`/api/service/visits/${typoVisitId}/cancel`, { reason: 'not ours' }))
        .status,
    ).toBe(404);
    const consultant = apiAs(world, 'consultantA1');
    expect(
      (await consultant.patch(`/api/service/visits/${typoVisitId}`, { mileageKm: 1 })).status,
    ).toBe(403);
    expect(
      (await consultant.post(`/api/service/visits/${typoVisitId}/cancel`, { reason: 'oops' }))
        .status,
    ).toBe(403);
    const visit = await apiAs(world, 'advisorA').get(`/api/service/visits/${typoVisitId}`);
    expect(visit.body.mileageKm).toBe(15_000);
  });

  it('cancels a recall visit: the due date forgets it, its recall and follow-up are undone', async () => {
    const api = apiAs(world, 'advisorA');
    const before = (await api.get(`/api/service/vehicles/${vehicleId}/due`)).body;
    const recallVisit = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-11-01',
      mileageKm: 26_000,
      visitType: 'recall',
      recallCampaignId: campaignId,
    });
    expect(recallVisit.status).toBe(201);
    recallVisitId = recallVisit.body.id;
    const taskId: string = recallVisit.body.followUpTaskId;
    const recalled = (await api.get(`/api/service/vehicles/${vehicleId}/recalls`)).body;
    expect(recalled[0]).toMatchObject({ status: 'done', closedVisitId: recallVisitId });
    const withVisit = (await api.get(`/api/service/vehicles/${vehicleId}/due`)).body;
    expect(withVisit.lastReading).toEqual({ date: '2025-11-01', km: 26_000 });

    const cancelled = await api.post(`/api/service/visits/${recallVisitId}/cancel`, {
      reason: 'recorded on the wrong car',
    });
    expect(cancelled.status).toBe(204);
    expect((await api.get(`/api/service/visits/${recallVisitId}`)).status).toBe(404);
    expect((await api.get(`/api/service/vehicles/${vehicleId}/due`)).body).toEqual(before);
    const reopened = (await api.get(`/api/service/vehicles/${vehicleId}/recalls`)).body;
    expect(reopened[0]).toMatchObject({ status: 'open', closedVisitId: null });
    const task = await world.database.db
      .selectFrom('tasks')
      .select('status')
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(task.status).toBe('cancelled');
    const list = await api.get(`/api/service/visits?vehicleId=${vehicleId}`);
    expect(list.body.items.map((v: { id: string }) => v.id)).not.toContain(recallVisitId);

    const archive = await api.get(`/api/service/visits/cancelled?vehicleId=${vehicleId}`);
    expect(archive.body.items).toEqual([
      expect.objectContaining({
        id: recallVisitId,
        visitType: 'recall',
        mileageKm: 26_000,
        reason: 'recorded on the wrong car',
      }),
    ]);
    const elsewhere = await apiAs(world, 'advisorB').get(
      `/api/service/visits/cancelled?vehicleId=${vehicleId}`,
    );
    expect(elsewhere.body.items).toEqual([]);
    const audited = await world.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('table_name', 'in', ['service_visits', 'service_visit_cancellations'])
      .where('record_id', '=', recallVisitId)
      .where('action', 'in', ['insert', 'delete'])
      .orderBy('id')
      .execute();
    expect(audited.slice(-2)).toEqual([
      { action: 'insert', actor_user_id: world.users.advisorA!.id },
      { action: 'delete', actor_user_id: world.users.advisorA!.id },
    ]);
  });
});
