import type { RoleKey } from '../../src/auth/index.ts';
import { demoPassword, demoUsers, type DemoUser } from '../../src/demo/demo-org.ts';

/** What a story signs in with: a demo user as the demo loader creates it. */
export type DemoLogin = { email: string; password: string; name: string; role: RoleKey };

/**
 * A demo user by what they do and where: no dealer, region or brand means a group-wide user.
 * `nth` (from 1) picks among several alike, such as a dealer's three sales consultants.
 */
export type DemoUserWanted = {
  role: RoleKey;
  dealer?: string;
  region?: string;
  brand?: string;
  nth?: number;
};

/**
 * Finds the one demo user that fits, or throws: a story must never sign in as someone other
 * than it meant because the demo changed under it.
 */
export function findDemoLogin(
  wanted: DemoUserWanted,
  users: readonly DemoUser[] = demoUsers,
): DemoLogin {
  const fitting = users.filter(
    (user) =>
      user.role === wanted.role &&
      user.dealer === wanted.dealer &&
      user.region === wanted.region &&
      user.brand === wanted.brand,
  );
  const asked = JSON.stringify(wanted);
  if (wanted.nth === undefined && fitting.length > 1) {
    throw new Error(`${fitting.length} demo users fit ${asked}: say which with nth`);
  }
  const user = fitting[(wanted.nth ?? 1) - 1];
  if (!user) {
    throw new Error(`No demo user fits ${asked} (see src/demo/demo-org.ts)`);
  }
  return { email: user.email, password: demoPassword, name: user.name, role: user.role };
}

/**
 * The demo users the browser stories sign in as. Built when this module loads, so a login the
 * demo no longer has stops every story at once with its name, rather than one story at a time.
 */
export const demoLogins = {
  admin: findDemoLogin({ role: 'group_admin' }),
  groupCrm: findDemoLogin({ role: 'crm_manager' }),
  steward: findDemoLogin({ role: 'data_steward' }),
  analyst: findDemoLogin({ role: 'analyst' }),
  geelyBrand: findDemoLogin({ role: 'brand_manager', brand: 'GEELY' }),
  mskRegion: findDemoLogin({ role: 'region_manager', region: 'MSK' }),
  msk01Manager: findDemoLogin({ role: 'dealer_manager', dealer: 'MSK01' }),
  msk01Crm: findDemoLogin({ role: 'crm_manager', dealer: 'MSK01' }),
  msk01Service: findDemoLogin({ role: 'service_advisor', dealer: 'MSK01' }),
  msk01Sales1: findDemoLogin({ role: 'sales_consultant', dealer: 'MSK01', nth: 1 }),
  msk03Manager: findDemoLogin({ role: 'dealer_manager', dealer: 'MSK03' }),
  spb01Crm: findDemoLogin({ role: 'crm_manager', dealer: 'SPB01' }),
} satisfies Record<string, DemoLogin>;
