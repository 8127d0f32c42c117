import type { AppDatabase } from '../db/database.ts';
import {
  createApiToken,
  hashPassword,
  insertUser,
  systemActor,
  type RoleKey,
} from '../auth/index.ts';
import type { App } from '../http/types.ts';
import {
  createBrand,
  createDealer,
  createRegion,
  ensureGroup,
  findDealerByCode,
} from '../modules/org/index.ts';
import { buildApp } from '../server/app.ts';
import { createTestDatabase } from './test-database.ts';

/**
 * A small dealer group for API tests:
 *   brand X (Xcar) and brand Y (Ycar); regions R1 (Russia) and R2 (China)
 *   dealer A: region R1, brand X          dealer B: region R1, brands X and Y
 *   dealer C: region R2, brand Y
 * and one user per role and place, each with an API token.
 */
export const testPassword = 'correct horse battery';

type UserSpec = {
  role: RoleKey;
  dealer?: 'A' | 'B' | 'C';
  region?: 'R1' | 'R2';
  brand?: 'X' | 'Y';
};

export const testUsers = {
  admin: { role: 'group_admin' },
  brandX: { role: 'brand_manager', brand: 'X' },
  brandY: { role: 'brand_manager', brand: 'Y' },
  regionR1: { role: 'region_manager', region: 'R1' },
  regionR2: { role: 'region_manager', region: 'R2' },
  managerA: { role: 'dealer_manager', dealer: 'A' },
  crmA: { role: 'crm_manager', dealer: 'A' },
  crmGroup: { role: 'crm_manager' },
  consultantA1: { role: 'sales_consultant', dealer: 'A' },
  consultantA2: { role: 'sales_consultant', dealer: 'A' },
  advisorA: { role: 'service_advisor', dealer: 'A' },
  callCenterA: { role: 'call_center', dealer: 'A' },
  callCenterGroup: { role: 'call_center' },
  stewardGroup: { role: 'data_steward' },
  stewardR2: { role: 'data_steward', region: 'R2' },
  analystGroup: { role: 'analyst' },
  analystX: { role: 'analyst', brand: 'X' },
  managerB: { role: 'dealer_manager', dealer: 'B' },
  consultantB1: { role: 'sales_consultant', dealer: 'B' },
  advisorB: { role: 'service_advisor', dealer: 'B' },
  managerC: { role: 'dealer_manager', dealer: 'C' },
  consultantC1: { role: 'sales_consultant', dealer: 'C' },
} satisfies Record<string, UserSpec>;

export type TestUserKey = keyof typeof testUsers;
export type TestUser = { id: string; email: string; token: string; role: RoleKey };

export type TestWorld = {
  database: AppDatabase;
  app: App;
  dealers: Record<'A' | 'B' | 'C', { id: string; code: string }>;
  users: Record<TestUserKey, TestUser>;
  close(): Promise<void>;
};

// Tests read JSON of many shapes and assert on it; `any` keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiAnswer<T = any> = {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
};

export type TestWorldOptions = {
  /** believe X-Forwarded-For, as a server behind a proxy does (TRUST_PROXY) */
  trustProxy?: boolean;
};

export async function createTestWorld(options: TestWorldOptions = {}): Promise<TestWorld> {
  const database = await createTestDatabase();
  const db = database.db;
  const system = systemActor('test');
  await ensureGroup(db, system, {
    name: 'Test Group',
    country: 'RU',
    currency: 'RUB',
    timezone: 'Europe/Moscow',
  });
  await createBrand(db, system, { code: 'X', name: 'Xcar' });
  await createBrand(db, system, { code: 'Y', name: 'Ycar' });
  await createRegion(db, system, { code: 'R1', name: 'Russia One', country: 'RU' });
  await createRegion(db, system, { code: 'R2', name: 'China Two', country: 'CN' });
  const ru = { country: 'RU', timezone: 'Europe/Moscow', currency: 'RUB' };
  await createDealer(db, system, {
    code: 'A',
    name: 'Dealer A',
    regionCode: 'R1',
    brandCodes: ['X'],
    ...ru,
  });
  await createDealer(db, system, {
    code: 'B',
    name: 'Dealer B',
    regionCode: 'R1',
    brandCodes: ['X', 'Y'],
    ...ru,
  });
  await createDealer(db, system, {
    code: 'C',
    name: 'Dealer C',
    regionCode: 'R2',
    brandCodes: ['Y'],
    country: 'CN',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
  });
  const dealers = {
    A: (await findDealerByCode(db, 'A'))!,
    B: (await findDealerByCode(db, 'B'))!,
    C: (await findDealerByCode(db, 'C'))!,
  };
  const regions = await db.selectFrom('regions').select(['id', 'code']).execute();
  const brands = await db.selectFrom('brands').select(['id', 'code']).execute();
  const passwordHash = await hashPassword(testPassword);
  const users = {} as Record<TestUserKey, TestUser>;
  for (const [key, spec] of Object.entries(testUsers) as [TestUserKey, UserSpec][]) {
    const email = `${key.toLowerCase()}@test.autocrm`;
    const user = await insertUser(db, {
      email,
      displayName: key,
      passwordHash,
      role: spec.role,
      dealerId: spec.dealer ? dealers[spec.dealer].id : null,
      regionId: spec.region ? regions.find((r) => r.code === spec.region)!.id : null,
      brandId: spec.brand ? brands.find((b) => b.code === spec.brand)!.id : null,
    });
    const token = await createApiToken(db, system, user.id, 'tests');
    users[key] = { id: user.id, email, token: token.token, role: spec.role };
  }
  const app = await buildApp({
    db,
    settings: { defaultCountry: 'RU', defaultCurrency: 'RUB', secureCookies: false },
    serveWeb: false,
    trustProxy: options.trustProxy ?? false,
  });
  return {
    database,
    app,
    dealers,
    users,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Calls the API as one of the test users (bearer token). */
export function apiAs(world: TestWorld, user: TestUserKey) {
  return apiWithToken(world, world.users[user].token);
}

/** The API as whoever holds this token (a user a test adds beside the world's own). */
export function apiWithToken(world: TestWorld, token: string) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<ApiAnswer> => {
    const response = await world.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    let parsed: unknown = undefined;
    try {
      parsed = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      parsed = undefined;
    }
    return {
      status: response.statusCode,
      body: parsed,
      headers: response.headers,
      text: response.body,
    };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    patch: (url: string, body: unknown) => call('PATCH', url, body),
    put: (url: string, body: unknown) => call('PUT', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}

export type Api = ReturnType<typeof apiAs>;
