import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { recordVisit } from './visits.service.ts';
import { localDate } from '../../lib/zoned-time.ts';

/**
 * At the service desk the advisor asks the owner whether his phone, e-mail and address are
 * still right; his "yes" is a verification of the data (issue 6) written with the visit.
 */
describe('a service advisor confirms the owner’s contact data at reception', () => {
  let world: TestWorld;
  let customerId: string;
  let vehicleId: string;
  // the dealer's (Moscow) today, not UTC's: from 21:00 UTC they differ
  const today = () => localDate(new Date(), 'Europe/Moscow');

  const verifiedColumns = async () =>
    world.database.db
      .selectFrom('customers')
      .select(['verified_at', 'verification_method', 'verification_note', 'verified_by'])
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
  const visitCount = async () =>
    Number(
      (
        await world.database.db
          .selectFrom('service_visits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('customer_id', '=', customerId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Ирина',
      lastName: 'Соколова',
      phones: [{ number: '+7 916 555 30 40' }],
      emails: [{ address: 'irina.sokolova@example.ru' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    const vehicle = await manager.post('/api/vehicles', {
      customerId,
      vin: withCheckDigit('LB37624S0PX000502'),
      makeName: 'Geely',
      modelName: 'Atlas',
    });
    expect(vehicle.status).toBe(201);
    vehicleId = vehicle.body.id;
  });
  afterAll(async () => world.close());

  it('shows the advisor that the owner was never verified', async () => {
    const answer = await apiAs(world, 'advisorA').get(
      `/api/service/vehicles/${vehicleId}/owner-verification`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ customerId, verification: null });
  });

  it('an advisor of another dealer can neither record the visit nor verify the owner', async () => {
    const b = apiAs(world, 'advisorB');
    const write = await b.post('/api/service/visits', {
      vehicleId,
      visitDate: today(),
      visitType: 'maintenance',
      dataConfirmed: true,
      confirmedChecks: ['phone'],
    });
    expect(write.status).toBe(404);
    expect(JSON.stringify(write.body)).not.toContain('Соколова');
    expect(await verifiedColumns()).toMatchObject({ verified_at: null, verification_method: null });
    expect(await visitCount()).toBe(0);
    const owner = await b.get(`/api/service/vehicles/${vehicleId}/owner-verification`);
    expect(owner.status).toBe(404);
    expect(JSON.stringify(owner.body)).not.toContain(customerId);
  });

  it('refuses a bad confirmation, naming the field, and writes nothing', async () => {
    const api = apiAs(world, 'advisorA');
    const visit = { vehicleId, visitDate: today(), visitType: 'maintenance' };
    const notBoolean = await api.post('/api/service/visits', { ...visit, dataConfirmed: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.error.fields[0].path).toBe('dataConfirmed');
    const unknownCheck = await api.post('/api/service/visits', {
      ...visit,
      dataConfirmed: true,
      confirmedChecks: ['fax'],
    });
    expect(unknownCheck.status).toBe(400);
    expect(unknownCheck.body.error.fields[0].path).toBe('confirmedChecks.0');
    const checksAlone = await api.post('/api/service/visits', {
      ...visit,
      confirmedChecks: ['phone'],
    });
    expect(checksAlone.status).toBe(400);
    expect(checksAlone.body.error.fields).toEqual([
      expect.objectContaining({ path: 'confirmedChecks', code: 'without_confirmation' }),
    ]);
    expect(await verifiedColumns()).toMatchObject({ verified_at: null });
    expect(await visitCount()).toBe(0);
  });

  it('a visit entered late verifies as of the start of its day at the dealer', async () => {
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-03-10',
      visitType: 'tyres',
      totalMinor: 2_000_00,
      dataConfirmed: true,
    });
    expect(answer.status).toBe(201);
    // midnight in Moscow (dealer A) is 21:00 UTC the day before
    expect(await verifiedColumns()).toMatchObject({
      verified_at: new Date('2025-03-09T21:00:00.000Z'),
      verification_method: 'service_reception',
      verification_note: null,
      verified_by: world.users.advisorA.id,
    });
  });

  it('records today’s reception with what was checked: the 360 view, the form and the history show it', async () => {
    const api = apiAs(world, 'advisorA');
    const answer = await api.post('/api/service/visits', {
      vehicleId,
      visitDate: today(),
      visitType: 'maintenance',
      totalMinor: 9_000_00,
      dataConfirmed: true,
      confirmedChecks: ['phone', 'email'],
    });
    expect(answer.status).toBe(201);
    const columns = await verifiedColumns();
    expect(columns.verification_method).toBe('service_reception');
    expect(Date.now() - new Date(columns.verified_at!).getTime()).toBeLessThan(60_000);

    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.verification).toEqual({
      verifiedAt: new Date(columns.verified_at!).toISOString(),
      method: 'service_reception',
      note: 'Checked at reception: phone, e-mail',
      verifiedBy: 'advisorA',
    });
    expect(view.body.profile.verificationMethod).toBe('service_reception');
    const owner = await api.get(`/api/service/vehicles/${vehicleId}/owner-verification`);
    expect(owner.body).toEqual({ customerId, verification: view.body.verification });
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items).toContainEqual(
      expect.objectContaining({ channel: 'visit', subject: 'Data confirmed with the customer' }),
    );
  });

  it('an older visit entered afterwards does not replace the newer verification', async () => {
    const before = await verifiedColumns();
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: '2025-06-01',
      visitType: 'repair',
      totalMinor: 1_000_00,
      dataConfirmed: true,
    });
    expect(answer.status).toBe(201);
    expect(await verifiedColumns()).toEqual(before);
  });

  it('a visit without the box leaves the verification alone', async () => {
    const before = await verifiedColumns();
    const answer = await apiAs(world, 'advisorA').post('/api/service/visits', {
      vehicleId,
      visitDate: today(),
      visitType: 'inspection',
      totalMinor: 500_00,
    });
    expect(answer.status).toBe(201);
    expect(await verifiedColumns()).toEqual(before);
  });

  it('a visit from a DMS import never verifies the owner', async () => {
    const before = await verifiedColumns();
    const advisor = await findUserById(world.database.db, world.users.advisorA.id);
    const actor = await actorForUser(world.database.db, advisor!);
    const visit = {
      vehicleId,
      visitDate: today(),
      visitType: 'repair' as const,
      lines: [],
      totalMinor: 700_00,
      orderNumber: 'DMS-77',
      dataConfirmed: true,
    };
    await expect(recordVisit(world.database.db, actor, visit, { imported: true })).rejects.toThrow(
      /dataConfirmed: not on an imported visit/,
    );
    await recordVisit(
      world.database.db,
      actor,
      { ...visit, dataConfirmed: false },
      { imported: true },
    );
    expect(await verifiedColumns()).toEqual(before);
  });
});
