import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

describe('a consultant confirms a customer’s data with him', () => {
  let world: TestWorld;
  let customerId: string;
  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Анна',
      lastName: 'Кузнецова',
      phones: [{ number: '+7 916 555 12 34' }],
    });
    customerId = created.body.id;
  });
  afterAll(async () => world.close());

  it('shows a record never verified as such', async () => {
    const view = await apiAs(world, 'consultantA1').get(`/api/customers/${customerId}`);
    expect(view.body.verification).toBeNull();
    expect(view.body.profile).toMatchObject({ verifiedAt: null, verificationMethod: null });
  });

  it('records the confirmation on a call: the 360 view shows it and the call is in the history', async () => {
    const api = apiAs(world, 'consultantA1');
    const answer = await api.post(`/api/customers/${customerId}/verification`, {
      method: 'phone_call',
      note: 'address and e-mail checked',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      method: 'phone_call',
      note: 'address and e-mail checked',
      verifiedBy: 'consultantA1',
    });
    expect(Date.now() - Date.parse(answer.body.verifiedAt)).toBeLessThan(60_000);

    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.verification).toEqual(answer.body);
    expect(view.body.profile.verificationMethod).toBe('phone_call');
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        channel: 'call',
        direction: 'outbound',
        outcome: 'info',
        subject: 'Data confirmed with the customer',
        note: 'address and e-mail checked',
      }),
    ]);
  });

  it('keeps the newest verification when an older one is entered late', async () => {
    const api = apiAs(world, 'managerA');
    const late = await api.post(`/api/customers/${customerId}/verification`, {
      method: 'document',
      verifiedAt: '2025-01-10T10:00:00Z',
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ method: 'phone_call', verifiedBy: 'consultantA1' });
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items).toHaveLength(2);
  });

  it('logs no contact for an import from a trusted system', async () => {
    const api = apiAs(world, 'consultantA1');
    const answer = await api.post(`/api/customers/${customerId}/verification`, {
      method: 'trusted_import',
    });
    expect(answer.body).toMatchObject({ method: 'trusted_import', note: null });
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items).toHaveLength(2);
  });

  it('answers 400 naming the field for an unknown method, a future date or a stray field', async () => {
    const api = apiAs(world, 'consultantA1');
    const url = `/api/customers/${customerId}/verification`;
    const unknown = await api.post(url, { method: 'telepathy' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('method');
    const future = await api.post(url, {
      method: 'in_person',
      verifiedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toEqual([expect.objectContaining({ path: 'verifiedAt' })]);
    const stray = await api.post(url, { method: 'in_person', verifiedBy: 'someone else' });
    expect(stray.status).toBe(400);
    const missing = await api.post(url, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe('method');
  });

  it('a consultant of dealer B gets 404 and changes nothing; a read-only analyst gets 403', async () => {
    const url = `/api/customers/${customerId}/verification`;
    const outside = await apiAs(world, 'consultantB1').post(url, { method: 'in_person' });
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body)).not.toContain('Кузнецова');
    const analyst = await apiAs(world, 'analystGroup').post(url, { method: 'in_person' });
    expect(analyst.status).toBe(403);
    const view = await apiAs(world, 'consultantA1').get(`/api/customers/${customerId}`);
    expect(view.body.verification.method).toBe('trusted_import');
  });

  it('confirms the data with a logged visit: one activity, and the newest verification', async () => {
    const api = apiAs(world, 'consultantA1');
    const refused = await api.post('/api/activities', {
      customerId,
      channel: 'sms',
      direction: 'outbound',
      dataConfirmed: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('dataConfirmed');
    const logged = await api.post('/api/activities', {
      customerId,
      channel: 'visit',
      direction: 'inbound',
      subject: 'Picked up the brochure',
      dataConfirmed: true,
    });
    expect(logged.status).toBe(201);
    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.verification).toMatchObject({ method: 'in_person', note: null });
    expect(Date.now() - Date.parse(view.body.verification.verifiedAt)).toBeLessThan(60_000);
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items).toHaveLength(3);
    expect(history.body.items[0]).toMatchObject({ subject: 'Picked up the brochure' });
    // dealer B's consultant cannot confirm through an activity either
    const outside = await apiAs(world, 'consultantB1').post('/api/activities', {
      customerId,
      channel: 'call',
      direction: 'outbound',
      dataConfirmed: true,
    });
    expect(outside.status).toBe(404);
  });
});
