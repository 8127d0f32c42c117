import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

describe('a consultant links the persons of one family into a household', () => {
  let world: TestWorld;
  let husband: string;
  let wife: string;
  let company: string;
  let otherDealers: string;

  const householdCount = async () =>
    Number(
      (
        await world.database.db
          .selectFrom('households')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    world = await createTestWorld();
    const create = async (user: 'consultantA1' | 'consultantB1', body: object) =>
      (await apiAs(world, user).post('/api/customers', body)).body.id as string;
    husband = await create('consultantA1', {
      kind: 'person',
      firstName: 'Pyotr',
      lastName: 'Householdov',
      dealerCode: 'A',
    });
    wife = await create('consultantA1', {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'Householdova',
      dealerCode: 'A',
    });
    company = await create('consultantA1', {
      kind: 'company',
      companyName: 'Household Fleet LLC',
      dealerCode: 'A',
    });
    otherDealers = await create('consultantB1', {
      kind: 'person',
      firstName: 'Boris',
      lastName: 'Householdov',
      dealerCode: 'B',
    });
  });
  afterAll(async () => world.close());

  it('creates the household; each one’s 360 view shows both with their roles', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/households', {
      name: 'The Householdovs',
      members: [
        { customerId: husband, role: 'head' },
        { customerId: wife, role: 'spouse' },
      ],
    });
    expect(created.status).toBe(201);
    for (const id of [husband, wife]) {
      const view = await api.get(`/api/customers/${id}`);
      expect(view.body.household.id).toBe(created.body.id);
      expect(view.body.household.name).toBe('The Householdovs');
      const members = view.body.household.members.map(
        (member: { id: string; role: string }) => `${member.id}:${member.role}`,
      );
      expect(members.sort()).toEqual([`${husband}:head`, `${wife}:spouse`].sort());
    }
  });

  it('a person of another dealer answers 404 and nothing is written', async () => {
    const before = await householdCount();
    const answer = await apiAs(world, 'consultantA1').post('/api/households', {
      name: 'Cousins',
      members: [{ customerId: husband }, { customerId: otherDealers }],
    });
    expect(answer.status).toBe(404);
    expect(await householdCount()).toBe(before);
    const boris = await apiAs(world, 'consultantB1').get(`/api/customers/${otherDealers}`);
    expect(boris.body.household).toBeNull();
  });

  it('refuses a company and a person given twice, naming the member', async () => {
    const before = await householdCount();
    const answer = await apiAs(world, 'consultantA1').post('/api/households', {
      name: 'Odd',
      members: [{ customerId: wife }, { customerId: company }, { customerId: wife }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      expect.objectContaining({ path: 'members.1.customerId', code: 'not_a_person' }),
      expect.objectContaining({ path: 'members.2.customerId', code: 'duplicate' }),
    ]);
    expect(await householdCount()).toBe(before);
  });

  it('a company cannot join a household later either (PATCH answers 400 naming householdId)', async () => {
    const api = apiAs(world, 'consultantA1');
    const household = (await api.get(`/api/customers/${husband}`)).body.household.id as string;
    const answer = await api.patch(`/api/customers/${company}`, { householdId: household });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      expect.objectContaining({ path: 'householdId', code: 'not_a_person' }),
    ]);
    expect((await api.get(`/api/customers/${company}`)).body.household).toBeNull();
  });

  it('is closed to a role that may not change customers', async () => {
    const answer = await apiAs(world, 'analystGroup').post('/api/households', {
      name: 'Read only',
      members: [{ customerId: husband }],
    });
    expect(answer.status).toBe(403);
  });
});
