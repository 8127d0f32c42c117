import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';

/**
 * Olga owns a car bought at dealer A ("Ольга" on the papers); at dealer B a consultant later
 * confirmed her data on the phone, spelt "Olga". The verification is the newer word on who she
 * is: without a steward's choice that record survives, and when the steward keeps the owner's
 * record, it takes the verified name and the verification itself. Undo gives both back.
 */
describe('a merge prefers the record verified more recently and keeps the newest verification', () => {
  let world: TestWorld;
  let owner: string;
  let confirmed: string;

  const create = async (extra: Record<string, unknown>, as: 'managerA' | 'managerB') => {
    const created = await apiAs(world, as).post('/api/customers', {
      kind: 'person',
      lastName: 'Морозова',
      birthDate: '1990-07-21',
      phones: [{ number: '+7 916 700 80 90' }],
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    owner = await create({ firstName: 'Ольга', lifecycleStage: 'owner' }, 'managerA');
    confirmed = await create({ firstName: 'Olga' }, 'managerB');
    const verified = await apiAs(world, 'managerB').post(
      `/api/customers/${confirmed}/verification`,
      { method: 'phone_call', note: 'spelling checked' },
    );
    expect(verified.status).toBe(200);
  });
  afterAll(async () => world?.close());

  it('keeps the verified record as the survivor when the steward does not choose', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const merged = await steward.post(`/api/quality/duplicates/${owner}/${confirmed}/merge`, {});
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ survivorId: confirmed, loserId: owner });
    const view = await steward.get(`/api/customers/${confirmed}`);
    expect(view.body.profile).toMatchObject({ firstName: 'Olga', lifecycleStage: 'owner' });
    expect(view.body.verification).toMatchObject({ method: 'phone_call', verifiedBy: 'managerB' });
    expect((await steward.post(`/api/quality/merges/${merged.body.id}/undo`)).status).toBe(200);
  });

  it('the owner’s record kept by the steward takes the verified name and the verification', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const merged = await steward.post(`/api/quality/duplicates/${owner}/${confirmed}/merge`, {
      survivorId: owner,
    });
    expect(merged.status).toBe(201);
    expect(merged.body.fields).toEqual(
      expect.arrayContaining([
        { field: 'first_name', from: 'loser', rule: 'verified' },
        { field: 'verified_at', from: 'loser', rule: 'most_recently_verified' },
      ]),
    );
    const view = await steward.get(`/api/customers/${owner}`);
    expect(view.body.profile.firstName).toBe('Olga');
    expect(view.body.verification).toMatchObject({
      method: 'phone_call',
      note: 'spelling checked',
      verifiedBy: 'managerB',
    });

    expect((await steward.post(`/api/quality/merges/${merged.body.id}/undo`)).status).toBe(200);
    const back = await steward.get(`/api/customers/${owner}`);
    expect(back.body.profile.firstName).toBe('Ольга');
    expect(back.body.verification).toBeNull();
    const other = await steward.get(`/api/customers/${confirmed}`);
    expect(other.body.verification).toMatchObject({ method: 'phone_call' });
  });
});
