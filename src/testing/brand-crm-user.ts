import { createApiToken, insertUser, systemActor } from '../auth/index.ts';
import {
  apiAs,
  apiWithToken,
  type ApiAnswer,
  type TestUserKey,
  type TestWorld,
} from './test-world.ts';

/** A test user, or 'crmX': brand X's CRM manager (brandCrmUser). */
export type BrandReader = TestUserKey | 'crmX';

export type BrandCall = (
  user: BrandReader,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body?: object,
) => Promise<ApiAnswer>;

/**
 * Adds brand X's CRM manager ('crmX': brand scope with the right to change leads, so writes
 * reach the brand scope; no test world user is both) and returns a `call` that asks the API as
 * him or as any test user.
 */
export async function brandCrmUser(world: TestWorld): Promise<BrandCall> {
  const db = world.database.db;
  const brandX = await db
    .selectFrom('brands')
    .select('id')
    .where('code', '=', 'X')
    .executeTakeFirstOrThrow();
  const crmX = await insertUser(db, {
    email: 'crmx@test.autocrm',
    displayName: 'crmX',
    passwordHash: 'not used',
    role: 'crm_manager',
    brandId: brandX.id,
  });
  const token = (await createApiToken(db, systemActor('test'), crmX.id, 'tests')).token;
  const asCrmX = apiWithToken(world, token);
  return async (user, method, url, body) => {
    const api = user === 'crmX' ? asCrmX : apiAs(world, user);
    if (method === 'GET') return api.get(url);
    return method === 'POST' ? api.post(url, body) : api.patch(url, body);
  };
}
