import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../testing/test-world.ts';

/**
 * A conflict answers with a code of its own and the specifics its message names, so the web app
 * can say it in Russian or Chinese; the English message stays for API users.
 */
describe('a refused write says which conflict it is, with its specifics', () => {
  let world: TestWorld;
  const dealer = (code: string) => ({
    code,
    name: `Dealer ${code}`,
    regionCode: 'R1',
    brandCodes: ['X'],
    country: 'RU',
    timezone: 'Europe/Moscow',
    currency: 'RUB',
  });

  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  it('an administrator who reuses a dealer code hears the code, as a param too', async () => {
    const answer = await apiAs(world, 'admin').post('/api/dealers', dealer('A'));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'dealer_exists',
      message: 'Dealer A exists',
      params: { dealer: 'A' },
      fields: [{ path: 'code', message: 'taken', code: 'taken' }],
    });
  });

  it('a dealer manager may not add dealers and learns nothing about the codes in use', async () => {
    const answer = await apiAs(world, 'managerA').post('/api/dealers', dealer('A'));
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    expect(answer.body.error.params).toBeUndefined();
  });

  it('a consultant filing a customer under another dealer hears that the dealer is not his, not that he lacks a right', async () => {
    const answer = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Ivan',
      lastName: 'Outofscope',
      dealerCode: 'B',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('dealer_out_of_scope');
    expect(answer.body.error.params).toEqual({ dealer: 'B' });
    const written = await world.database.db
      .selectFrom('customers')
      .select('id')
      .where('last_name', '=', 'Outofscope')
      .execute();
    expect(written).toEqual([]);
  });

  it('an answer without specifics carries no params at all', async () => {
    const answer = await apiAs(world, 'admin').get(
      '/api/customers/00000000-0000-4000-8000-000000000000',
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
    expect(answer.body.error).not.toHaveProperty('params');
  });
});
