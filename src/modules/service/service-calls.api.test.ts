import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';

/**
 * A call-centre agent takes an owner's call from the roadside, then a question on the hotline:
 * both are stored, show in the owner's 360 view and plan their care-programme events. Agents and
 * managers of another dealer see none of it.
 */
describe('logging roadside-assistance and hotline calls', () => {
  let world: TestWorld;
  let customerId: string;
  let vehicleId: string;
  let foreignCustomerId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const customer = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Пётр',
      lastName: 'Морозов',
      phones: [{ number: '+7 916 555 70 01' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    const vehicle = await apiAs(world, 'managerA').post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000701'),
      makeName: 'Geely',
      modelName: 'Atlas',
      purchase: { date: '2024-05-10', dealerCode: 'A', condition: 'new', priceMinor: 3e8 },
    });
    vehicleId = vehicle.body.id;
    const foreign = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      firstName: 'Олег',
      lastName: 'Чужой',
      phones: [{ number: '+7 916 555 70 02' }],
      dealerCode: 'B',
    });
    foreignCustomerId = foreign.body.id;
  });
  afterAll(async () => world.close());

  const roadside = () => ({
    customerId,
    vehicleId,
    callType: 'roadside',
    channel: 'phone',
    reason: 'flat_tyre',
    location: 'М-4 «Дон», 212 км',
    outcome: 'towed_to_dealer',
    note: 'Запаски нет',
  });

  it('stores a roadside call and plans its lifecycle event at the dealer', async () => {
    const answer = await apiAs(world, 'callCenterA').post('/api/service/calls', roadside());
    expect(answer.status).toBe(201);
    expect(answer.body.eventId).toEqual(expect.any(String));
    const events = await apiAs(world, 'callCenterA').get(
      `/api/lifecycle/events?customerId=${customerId}&type=roadside_assistance_call`,
    );
    expect(events.body.items).toEqual([
      expect.objectContaining({
        id: answer.body.eventId,
        vehicleId,
        dealerId: world.dealers.A.id,
        dueDate: new Date().toISOString().slice(0, 10),
        payload: expect.objectContaining({ callId: answer.body.id, reason: 'flat_tyre' }),
        emittedAt: null,
      }),
    ]);
    const calls = await apiAs(world, 'managerA').get(`/api/service/calls?customerId=${customerId}`);
    expect(calls.body.items).toEqual([
      expect.objectContaining({
        callType: 'roadside',
        reason: 'flat_tyre',
        location: 'М-4 «Дон», 212 км',
        outcome: 'towed_to_dealer',
        dealerCode: 'A',
        userName: 'callCenterA',
        eventId: answer.body.eventId,
      }),
    ]);
  });

  it('stores a hotline question and shows both calls in the 360 timeline', async () => {
    const answer = await apiAs(world, 'callCenterA').post('/api/service/calls', {
      customerId,
      callType: 'hotline',
      reason: 'warranty_info',
      outcome: 'answered',
    });
    expect(answer.status).toBe(201);
    const timeline = await apiAs(world, 'managerA').get(`/api/customers/${customerId}/timeline`);
    const calls = timeline.body.items.filter(
      (item: { kind: string }) => item.kind === 'service_call',
    );
    expect(
      calls.map((item: { title: string; outcome: string }) => [item.title, item.outcome]),
    ).toEqual(
      expect.arrayContaining([
        ['roadside:flat_tyre', 'towed_to_dealer'],
        ['hotline:warranty_info', 'answered'],
      ]),
    );
  });

  it('refuses calls that contradict their type, and a car of someone else', async () => {
    const api = apiAs(world, 'callCenterA');
    const noCar = await api.post('/api/service/calls', { ...roadside(), vehicleId: undefined });
    expect(noCar.status).toBe(400);
    expect(noCar.body.error.fields[0]).toMatchObject({ path: 'vehicleId', code: 'required' });
    const mixed = await api.post('/api/service/calls', {
      customerId,
      callType: 'hotline',
      reason: 'breakdown',
      outcome: 'answered',
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.fields[0]).toMatchObject({ path: 'reason', code: 'wrong_call_type' });
    const badOutcome = await api.post('/api/service/calls', { ...roadside(), outcome: 'answered' });
    expect(badOutcome.status).toBe(400);
    const otherCar = await api.post('/api/service/calls', {
      customerId: foreignCustomerId,
      vehicleId,
      callType: 'hotline',
      reason: 'product_info',
      outcome: 'answered',
    });
    // dealer B's customer is outside A's call centre: 404 before anything else
    expect(otherCar.status).toBe(404);
  });

  it('keeps the calls in scope: another dealer sees nothing, roles without the right log nothing', async () => {
    expect(
      (await apiAs(world, 'managerB').get(`/api/service/calls?customerId=${customerId}`)).status,
    ).toBe(404);
    const timeline = await apiAs(world, 'managerB').get(`/api/customers/${customerId}/timeline`);
    expect(timeline.status).toBe(404);
    const consultant = await apiAs(world, 'consultantA1').post('/api/service/calls', roadside());
    expect(consultant.status).toBe(403);
    const group = await apiAs(world, 'callCenterGroup').post('/api/service/calls', {
      ...roadside(),
      customerId: foreignCustomerId,
      vehicleId: undefined,
      callType: 'hotline',
      reason: 'dealer_info',
      outcome: 'referred_to_dealer',
    });
    expect(group.status).toBe(201);
    const eventsOfA = await apiAs(world, 'callCenterA').get(
      '/api/lifecycle/events?type=hotline_call',
    );
    expect(
      eventsOfA.body.items.map((event: { customerId: string }) => event.customerId),
    ).not.toContain(foreignCustomerId);
  });
});
