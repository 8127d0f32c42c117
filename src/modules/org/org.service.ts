import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  fieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import type { DealerKind, DepartmentKind } from './schema.ts';

export type DealerView = {
  id: string;
  code: string;
  name: string;
  kind: DealerKind;
  regionCode: string;
  regionName: string;
  brands: string[];
  country: string;
  city: string | null;
  timezone: string;
  currency: string;
  active: boolean;
  inScope: boolean;
};

/** Every dealer of the group: the organisation itself is not secret, its customers are. */
export async function listDealers(db: Db, actor: Actor): Promise<DealerView[]> {
  const rows = await db
    .selectFrom('dealers as d')
    .innerJoin('regions as r', 'r.id', 'd.region_id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.kind',
      'd.country',
      'd.city',
      'd.timezone',
      'd.currency',
      'd.active',
      'r.code as region_code',
      'r.name as region_name',
      sql<string[]>`array(select b.code from dealer_brands db join brands b on b.id = db.brand_id
                           where db.dealer_id = d.id order by b.code)`.as('brands'),
    ])
    .orderBy('d.code')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    regionCode: row.region_code,
    regionName: row.region_name,
    brands: row.brands,
    country: row.country,
    city: row.city,
    timezone: row.timezone,
    currency: row.currency,
    active: row.active,
    inScope: dealerInScope(actor, row.id),
  }));
}

export type DealerRef = {
  id: string;
  code: string;
  country: string;
  currency: string;
  timezone: string;
};

export async function findDealerByCode(db: Db | Tx, code: string): Promise<DealerRef | undefined> {
  return db
    .selectFrom('dealers')
    .select(['id', 'code', 'country', 'currency', 'timezone'])
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
}

export async function findDealerById(db: Db | Tx, id: string): Promise<DealerRef | undefined> {
  return db
    .selectFrom('dealers')
    .select(['id', 'code', 'country', 'currency', 'timezone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A dealer code from input, to its id; 400 naming the field when unknown. */
export async function dealerIdForCode(
  db: Db | Tx,
  code: string,
  field: string,
): Promise<DealerRef> {
  const dealer = await findDealerByCode(db, code);
  if (!dealer) {
    throw new ValidationError([
      { path: field, message: `no dealer with code ${code}`, code: 'unknown_dealer' },
    ]);
  }
  return dealer;
}

/**
 * The dealer a user named in his input, judged the same way everywhere: no code gives
 * `undefined` (the caller picks its default), an unknown code is a problem on `path` collected
 * with the caller's other problems (`null`), and a dealer outside the user's scope is a 403.
 */
export async function namedDealerInScope(
  db: Db | Tx,
  actor: Actor,
  code: string | null | undefined,
  problems: FieldProblem[],
  path = 'dealerCode',
): Promise<DealerRef | null | undefined> {
  if (!code) return undefined;
  const dealer = await findDealerByCode(db, code);
  if (!dealer) {
    problems.push({ path, message: `no dealer ${code}`, code: 'unknown_dealer' });
    return null;
  }
  assertDealerInScope(actor, dealer);
  return dealer;
}

/** A dealer outside the user's scope is a 403 naming it (`dealer_out_of_scope`). */
export function assertDealerInScope(
  actor: Actor,
  dealer: Pick<DealerRef, 'id' | 'code'>,
  /** names the input in the message when it is one of many ("line 14", "prospect 2") */
  what?: string,
): void {
  if (!dealerInScope(actor, dealer.id)) {
    const message = what
      ? `${what}: dealer ${dealer.code} is outside your scope`
      : `Dealer ${dealer.code} is outside your scope`;
    throw new ForbiddenError(message).because('dealer_out_of_scope', { dealer: dealer.code });
  }
}

/** The dealer of an id in a path: 404 when there is none, 403 outside the user's scope. */
export async function requireDealerInScope(
  db: Db | Tx,
  actor: Actor,
  id: string,
): Promise<DealerRef> {
  const dealer = await requireDealer(db, id);
  assertDealerInScope(actor, dealer);
  return dealer;
}

/**
 * The dealer an input is about: the one the user named (`namedDealerInScope`), else his own
 * dealer; a user above dealers who names none gets a `required` problem saying `missing`.
 * Undefined whenever a problem was added.
 */
export async function namedOrOwnDealer(
  db: Db | Tx,
  actor: Actor,
  code: string | null | undefined,
  problems: FieldProblem[],
  missing = 'name the dealer',
): Promise<DealerRef | undefined> {
  const named = await namedDealerInScope(db, actor, code, problems);
  if (named !== undefined) return named ?? undefined;
  const own = actor.dealerId ? await findDealerById(db, actor.dealerId) : undefined;
  if (!own) problems.push({ path: 'dealerCode', message: missing, code: 'required' });
  return own;
}

export async function listBrands(db: Db) {
  return db.selectFrom('brands').select(['id', 'code', 'name']).orderBy('code').execute();
}

export async function listRegions(db: Db) {
  return db
    .selectFrom('regions')
    .select(['id', 'code', 'name', 'country'])
    .orderBy('code')
    .execute();
}

export async function findBrandByCode(db: Db | Tx, code: string) {
  return db
    .selectFrom('brands')
    .select(['id', 'code'])
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
}

export async function findRegionByCode(db: Db | Tx, code: string) {
  return db
    .selectFrom('regions')
    .select(['id', 'code'])
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
}

export type NewDealer = {
  code: string;
  name: string;
  kind?: DealerKind;
  regionCode: string;
  brandCodes: string[];
  country: string;
  city?: string | null;
  postcode?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  timezone: string;
  currency: string;
  departments?: DepartmentKind[];
};

const departmentNames: Record<DepartmentKind, string> = {
  sales: 'Sales',
  service: 'Service',
  parts: 'Parts',
  crm: 'CRM',
};

export async function createDealer(db: Db, actor: Actor, input: NewDealer): Promise<string> {
  return withActor(db, actor, async (tx) => {
    const region = await findRegionByCode(tx, input.regionCode);
    if (!region) throw fieldError('regionCode', `no region with code ${input.regionCode}`);
    const existing = await findDealerByCode(tx, input.code);
    if (existing)
      throw new ConflictError(`Dealer ${input.code} exists`, [
        { path: 'code', message: 'taken', code: 'taken' },
      ]).because('dealer_exists', { dealer: input.code });
    const dealer = await tx
      .insertInto('dealers')
      .values({
        code: input.code.toUpperCase(),
        name: input.name,
        kind: input.kind ?? 'dealer',
        region_id: region.id,
        country: input.country.toUpperCase(),
        city: input.city ?? null,
        postcode: input.postcode ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        timezone: input.timezone,
        currency: input.currency.toUpperCase(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [index, brandCode] of input.brandCodes.entries()) {
      const brand = await findBrandByCode(tx, brandCode);
      if (!brand) throw fieldError(`brandCodes.${index}`, `no brand with code ${brandCode}`);
      await tx
        .insertInto('dealer_brands')
        .values({ dealer_id: dealer.id, brand_id: brand.id })
        .execute();
    }
    const departments = input.departments ?? ['sales', 'service', 'parts', 'crm'];
    if (departments.length) {
      await tx
        .insertInto('departments')
        .values(
          departments.map((kind) => ({ dealer_id: dealer.id, kind, name: departmentNames[kind] })),
        )
        .execute();
    }
    return dealer.id;
  });
}

export async function getGroup(db: Db | Tx) {
  return db.selectFrom('org_group').selectAll().executeTakeFirst();
}

export async function requireDealer(db: Db | Tx, id: string): Promise<DealerRef> {
  const dealer = await findDealerById(db, id);
  if (!dealer) throw new NotFoundError('Dealer');
  return dealer;
}

export async function createBrand(
  db: Db,
  actor: Actor,
  input: { code: string; name: string },
): Promise<string> {
  return withActor(db, actor, async (tx) => {
    if (await findBrandByCode(tx, input.code)) {
      throw new ConflictError(`Brand ${input.code} exists`, [
        { path: 'code', message: 'taken', code: 'taken' },
      ]).because('brand_exists', { brand: input.code });
    }
    const row = await tx
      .insertInto('brands')
      .values({ code: input.code.toUpperCase(), name: input.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export async function createRegion(
  db: Db,
  actor: Actor,
  input: { code: string; name: string; country: string },
): Promise<string> {
  return withActor(db, actor, async (tx) => {
    if (await findRegionByCode(tx, input.code)) {
      throw new ConflictError(`Region ${input.code} exists`, [
        { path: 'code', message: 'taken', code: 'taken' },
      ]).because('region_exists', { region: input.code });
    }
    const row = await tx
      .insertInto('regions')
      .values({
        code: input.code.toUpperCase(),
        name: input.name,
        country: input.country.toUpperCase(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** The group record; one per installation. */
export async function ensureGroup(
  db: Db,
  actor: Actor,
  input: { name: string; country: string; currency: string; timezone: string },
): Promise<void> {
  if (await getGroup(db)) return;
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('org_group')
      .values({
        name: input.name,
        default_country: input.country,
        default_currency: input.currency,
        default_timezone: input.timezone,
      })
      .execute(),
  );
}
