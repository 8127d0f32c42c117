import { hashPassword, insertUser, systemActor, withActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';
import {
  createBrand,
  createDealer,
  createRegion,
  ensureGroup,
  findDealerByCode,
} from '../modules/org/index.ts';
import {
  demoBrands,
  demoDealers,
  demoGroup,
  demoPassword,
  demoRegions,
  demoUsers,
} from './demo-org.ts';

export type DemoOrg = {
  dealers: { id: string; code: string; country: string; currency: string }[];
  users: { id: string; email: string; role: string; dealerId: string | null }[];
};

/** Creates the demo group's organisation and users (skipped when it is already there). */
export async function loadDemoOrg(db: Db): Promise<DemoOrg> {
  const actor = systemActor('demo');
  if (!(await findDealerByCode(db, demoDealers[0]!.code))) {
    await ensureGroup(db, actor, demoGroup);
    for (const brand of demoBrands) await createBrand(db, actor, brand);
    for (const region of demoRegions) await createRegion(db, actor, region);
    for (const dealer of demoDealers) {
      await createDealer(db, actor, {
        code: dealer.code,
        name: dealer.name,
        kind: dealer.kind,
        regionCode: dealer.region,
        brandCodes: dealer.brands,
        country: dealer.country,
        city: dealer.city,
        postcode: dealer.postcode,
        address: dealer.address,
        timezone: dealer.timezone,
        currency: dealer.currency,
        departments:
          dealer.kind === 'parts_retailer'
            ? ['parts', 'crm']
            : ['sales', 'service', 'parts', 'crm'],
      });
    }
    // One hash for all demo users: they share the demo password, and argon2 is slow on purpose.
    const passwordHash = await hashPassword(demoPassword);
    const ids = await db.selectFrom('dealers').select(['id', 'code']).execute();
    const regions = await db.selectFrom('regions').select(['id', 'code']).execute();
    const brands = await db.selectFrom('brands').select(['id', 'code']).execute();
    const idOf = (rows: { id: string; code: string }[], code?: string) =>
      code ? (rows.find((row) => row.code === code)?.id ?? null) : null;
    await withActor(db, actor, async (tx) => {
      for (const user of demoUsers) {
        const dealerId = idOf(ids, user.dealer);
        const department = dealerId
          ? await tx
              .selectFrom('departments')
              .select('id')
              .where('dealer_id', '=', dealerId)
              .where(
                'kind',
                '=',
                user.role === 'service_advisor'
                  ? 'service'
                  : user.role === 'sales_consultant'
                    ? 'sales'
                    : 'crm',
              )
              .executeTakeFirst()
          : undefined;
        await insertUser(tx, {
          email: user.email,
          displayName: user.name,
          passwordHash,
          role: user.role,
          dealerId,
          departmentId: department?.id ?? null,
          regionId: idOf(regions, user.region),
          brandId: idOf(brands, user.brand),
          locale: user.locale,
        });
      }
    });
  }
  const dealers = await db
    .selectFrom('dealers')
    .select(['id', 'code', 'country', 'currency'])
    .orderBy('code')
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'dealer_id as dealerId'])
    .orderBy('email')
    .execute();
  return { dealers, users };
}
