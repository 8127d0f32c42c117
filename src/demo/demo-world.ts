import type { RoleKey } from '../auth/index.ts';
import type { Db } from '../db/database.ts';
import { catalog } from '../modules/vehicles/index.ts';
import { demoDealers, demoUsers } from './demo-org.ts';

/**
 * What the customer generator needs to know of the database it fills: the dealers with their
 * staff by role, the group-level users, and the models catalogue with its ids. Read once
 * before a load; the generator itself never queries (so it can run without a database in
 * tests, see worldFromDefinitions).
 */
export type WorldUser = { id: string; email: string; role: RoleKey; locale: 'en' | 'ru' | 'zh' };

export type WorldDealer = {
  id: string;
  code: string;
  name: string;
  kind: 'dealer' | 'parts_retailer' | 'service_partner';
  country: 'RU' | 'CN';
  currency: string;
  timezone: string;
  /** hours ahead of UTC (Moscow 3, Shanghai 8; neither has summer time) */
  utcOffset: number;
  regionCode: string;
  brandCodes: string[];
  consultants: WorldUser[];
  advisors: WorldUser[];
  crm: WorldUser[];
  managers: WorldUser[];
};

/** A user above the dealers (group, brand or region level). */
export type WorldGroupUser = WorldUser & { regionCode: string | null; brandCode: string | null };

export type WorldTrim = {
  id: string;
  name: string;
  body: string | null;
  engine: string | null;
  fuel: string | null;
  /** list price in roubles, whole units */
  priceRub: number;
};

export type WorldModel = {
  id: string;
  name: string;
  series: string | null;
  fromYear: number;
  trims: WorldTrim[];
};

export type WorldMake = {
  id: string;
  name: string;
  country: string | null;
  brandCode: string | null;
  models: WorldModel[];
  colours: string[];
};

export type World = {
  dealers: WorldDealer[];
  groupUsers: WorldGroupUser[];
  makes: WorldMake[];
};

type DealerRow = {
  id: string;
  code: string;
  name: string;
  kind: WorldDealer['kind'];
  country: string;
  currency: string;
  timezone: string;
  regionCode: string;
  brandCodes: string[];
};

type UserRow = {
  id: string;
  email: string;
  role: RoleKey;
  locale: 'en' | 'ru' | 'zh';
  dealerId: string | null;
  regionCode: string | null;
  brandCode: string | null;
};

const offsets: Record<string, number> = { 'Europe/Moscow': 3, 'Asia/Shanghai': 8 };

function utcOffset(timezone: string): number {
  const known = offsets[timezone];
  if (known !== undefined) return known;
  const name = new Intl.DateTimeFormat('en', { timeZone: timezone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = name?.match(/GMT([+-]\d+)/);
  return match ? Number(match[1]) : 0;
}

/** Put the world together from plain rows (sorted, so the same rows give the same world). */
export function buildWorld(
  dealerRows: DealerRow[],
  userRows: UserRow[],
  makes: WorldMake[],
): World {
  const users = [...userRows].sort((a, b) => byText(a.email, b.email));
  const staff = (dealerId: string, role: RoleKey): WorldUser[] =>
    users
      .filter((user) => user.dealerId === dealerId && user.role === role)
      .map(({ id, email, role: userRole, locale }) => ({ id, email, role: userRole, locale }));
  const dealers = [...dealerRows]
    .sort((a, b) => byText(a.code, b.code))
    .filter((row) => row.country === 'RU' || row.country === 'CN')
    .map((row): WorldDealer => ({
      ...row,
      country: row.country as 'RU' | 'CN',
      utcOffset: utcOffset(row.timezone),
      brandCodes: [...row.brandCodes].sort(),
      consultants: staff(row.id, 'sales_consultant'),
      advisors: staff(row.id, 'service_advisor'),
      crm: staff(row.id, 'crm_manager'),
      managers: staff(row.id, 'dealer_manager'),
    }));
  const groupUsers = users
    .filter((user) => !user.dealerId)
    .map(({ id, email, role, locale, regionCode, brandCode }) => ({
      id,
      email,
      role,
      locale,
      regionCode,
      brandCode,
    }));
  const sortedMakes = [...makes]
    .sort((a, b) => byText(a.name, b.name))
    .map((make) => ({
      ...make,
      colours: [...make.colours].sort(byText),
      models: [...make.models]
        .sort((a, b) => byText(a.name, b.name))
        .map((model) => ({
          ...model,
          trims: [...model.trims].sort((a, b) => a.priceRub - b.priceRub || byText(a.name, b.name)),
        })),
    }));
  return { dealers, groupUsers, makes: sortedMakes };
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Read the world from a database that has the demo organisation and the catalogue. */
export async function loadWorld(db: Db): Promise<World> {
  const dealers = await db
    .selectFrom('dealers')
    .innerJoin('regions', 'regions.id', 'dealers.region_id')
    .select([
      'dealers.id',
      'dealers.code',
      'dealers.name',
      'dealers.kind',
      'dealers.country',
      'dealers.currency',
      'dealers.timezone',
      'regions.code as regionCode',
    ])
    .where('dealers.active', '=', true)
    .execute();
  const dealerBrands = await db
    .selectFrom('dealer_brands')
    .innerJoin('brands', 'brands.id', 'dealer_brands.brand_id')
    .select(['dealer_brands.dealer_id', 'brands.code'])
    .execute();
  const users = await db
    .selectFrom('users')
    .leftJoin('regions', 'regions.id', 'users.region_id')
    .leftJoin('brands', 'brands.id', 'users.brand_id')
    .select([
      'users.id',
      'users.email',
      'users.role',
      'users.locale',
      'users.dealer_id as dealerId',
      'regions.code as regionCode',
      'brands.code as brandCode',
    ])
    .where('users.active', '=', true)
    .execute();
  const makes = await db
    .selectFrom('catalog_makes')
    .leftJoin('brands', 'brands.id', 'catalog_makes.brand_id')
    .select(['catalog_makes.id', 'catalog_makes.name', 'catalog_makes.country', 'brands.code'])
    .execute();
  const models = await db
    .selectFrom('catalog_models')
    .select(['id', 'make_id', 'name', 'series', 'from_year'])
    .orderBy('name')
    .execute();
  const trims = await db
    .selectFrom('catalog_trims')
    .select(['id', 'model_id', 'name', 'body', 'engine', 'fuel', 'base_price_minor', 'currency'])
    .orderBy('base_price_minor')
    .orderBy('name')
    .execute();
  const colours = await db
    .selectFrom('catalog_colours')
    .select(['make_id', 'name'])
    .orderBy('code')
    .execute();
  return buildWorld(
    dealers.map((dealer) => ({
      ...dealer,
      brandCodes: dealerBrands.filter((row) => row.dealer_id === dealer.id).map((row) => row.code),
    })),
    users,
    makes.map((make) => ({
      id: make.id,
      name: make.name,
      country: make.country,
      brandCode: make.code,
      colours: colours.filter((colour) => colour.make_id === make.id).map((colour) => colour.name),
      models: models
        .filter((model) => model.make_id === make.id)
        .map((model) => ({
          id: model.id,
          name: model.name,
          series: model.series,
          fromYear: model.from_year ?? 2010,
          trims: trims
            .filter((trim) => trim.model_id === model.id && trim.base_price_minor !== null)
            .map((trim) => ({
              id: trim.id,
              name: trim.name,
              body: trim.body,
              engine: trim.engine,
              fuel: trim.fuel,
              priceRub:
                trim.currency === 'RUB' ? Number(trim.base_price_minor) / 100 : rubFallback(trim),
            })),
        })),
    })),
  );
}

/** The catalogue keeps list prices in roubles today; another currency is converted back. */
function rubFallback(trim: { base_price_minor: number | null; currency: string | null }): number {
  const rate = trim.currency === 'CNY' ? 28 : 1;
  return (Number(trim.base_price_minor) / 100) * rate;
}

/**
 * The demo world without a database: the definitions of demo-org.ts and catalog-data.ts with
 * made-up ids. For tests of the generator.
 */
export function worldFromDefinitions(): World {
  let counter = 0;
  const nextId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  const dealerIds = new Map(demoDealers.map((dealer) => [dealer.code, nextId()]));
  const dealers: DealerRow[] = demoDealers.map((dealer) => ({
    id: dealerIds.get(dealer.code)!,
    code: dealer.code,
    name: dealer.name,
    kind: dealer.kind,
    country: dealer.country,
    currency: dealer.currency,
    timezone: dealer.timezone,
    regionCode: dealer.region,
    brandCodes: dealer.brands,
  }));
  const users: UserRow[] = demoUsers.map((user) => ({
    id: nextId(),
    email: user.email,
    role: user.role,
    locale: user.locale,
    dealerId: user.dealer ? dealerIds.get(user.dealer)! : null,
    regionCode: user.region ?? null,
    brandCode: user.brand ?? null,
  }));
  const makes: WorldMake[] = catalog.map((make) => ({
    id: nextId(),
    name: make.name,
    country: make.country,
    brandCode: make.brandCode ?? null,
    colours: make.colours.map((colour) => colour.name),
    models: make.models.map((model) => ({
      id: nextId(),
      name: model.name,
      series: model.series,
      fromYear: model.fromYear,
      trims: model.trims.map((trim) => ({
        id: nextId(),
        name: trim.name,
        body: trim.body,
        engine: trim.engine,
        fuel: trim.fuel,
        priceRub: trim.priceRub,
      })),
    })),
  }));
  return buildWorld(dealers, users, makes);
}
