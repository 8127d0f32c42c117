import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerInScope, dealerVisible, scopeBrandId, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { findBrandByCode, findDealerByCode } from '../org/index.ts';
import type { CostOwnerLevel } from './schema.ts';
import { brandShares } from './source-cost-shares.ts';
import type { SourceCostInput, SourceCostQuery } from './source-costs.schemas.ts';

/**
 * What each lead source cost per month and owner (group, brand, dealer). Costs are marketing
 * money: those who read marketing or analytics see them, those who run marketing enter them.
 */
export type SourceCostView = {
  id: string;
  sourceKey: string;
  month: string;
  ownerLevel: CostOwnerLevel;
  brandCode: string | null;
  dealerCode: string | null;
  amountMinor: number;
  /** a dealer's cost for all its brands, of which a brand-level reader sees his brand's part */
  brandPart: boolean;
  currency: string;
  note: string | null;
  enteredBy: string | null;
  enteredAt: string;
};

function requireCostReader(actor: Actor): void {
  if (!can(actor, 'marketing:read') && !can(actor, 'analytics:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not see lead source costs`);
  }
}

function requireCostEditor(actor: Actor): void {
  if (!can(actor, 'marketing:write')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not enter lead source costs`);
  }
}

/**
 * SQL on a lead_source_costs row aliased `c`: the owner is the actor's (as campaigns): a
 * dealer's row by that dealer and those above it, a brand's by the brand and the group, the
 * group's by the group only. A brand-level actor's dealers may sell other brands: of their rows
 * he sees those named for his brand and those named for none (of which only his brand's part
 * counts for him, brandShares), never those named for another brand.
 */
export function sourceCostVisible(actor: Actor): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  const ownBrand = scopeBrandId(actor);
  const brand = ownBrand ? sql`c.brand_id = ${ownBrand}` : sql`false`;
  const dealerBrand = ownBrand ? sql`(c.brand_id is null or c.brand_id = ${ownBrand})` : sql`true`;
  return sql<boolean>`(case c.owner_level
    when 'dealer' then ${dealerVisible(actor, sql.ref('c.dealer_id'))} and ${dealerBrand}
    when 'brand' then ${brand}
    else false end)`;
}

function costsQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('lead_source_costs as c')
    .leftJoin('brands as b', 'b.id', 'c.brand_id')
    .leftJoin('dealers as d', 'd.id', 'c.dealer_id')
    .leftJoin('users as u', 'u.id', 'c.entered_by')
    .select([
      'c.id',
      'c.source_key',
      'c.month',
      'c.owner_level',
      'c.dealer_id',
      'c.brand_id',
      'c.amount_minor',
      'c.currency',
      'c.note',
      'c.entered_at',
      'b.code as brand_code',
      'd.code as dealer_code',
      'u.display_name as entered_by_name',
    ])
    .where(sourceCostVisible(actor));
}

type CostRow = Awaited<ReturnType<ReturnType<typeof costsQuery>['executeTakeFirstOrThrow']>>;

function costView(row: CostRow): SourceCostView {
  return {
    id: row.id,
    sourceKey: row.source_key,
    month: String(row.month).slice(0, 10),
    ownerLevel: row.owner_level,
    brandCode: row.brand_code,
    dealerCode: row.dealer_code,
    amountMinor: Number(row.amount_minor),
    brandPart: false,
    currency: row.currency,
    note: row.note,
    enteredBy: row.entered_by_name,
    enteredAt: row.entered_at.toISOString(),
  };
}

export async function listSourceCosts(
  db: Db,
  actor: Actor,
  query: SourceCostQuery,
): Promise<SourceCostView[]> {
  requireCostReader(actor);
  const rows = await costsQuery(db, actor)
    .$if(query.from !== undefined, (q) => q.where('c.month', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('c.month', '<=', query.to!))
    .$if(query.sourceKey !== undefined, (q) => q.where('c.source_key', '=', query.sourceKey!))
    .$if(query.ownerLevel !== undefined, (q) => q.where('c.owner_level', '=', query.ownerLevel!))
    .$if(query.brandCode !== undefined, (q) => q.where('b.code', '=', query.brandCode!))
    .$if(query.dealerCode !== undefined, (q) => q.where('d.code', '=', query.dealerCode!))
    .orderBy('c.month')
    .orderBy('c.source_key')
    .orderBy('c.owner_level')
    .orderBy('b.code')
    .orderBy('d.code')
    .execute();
  return brandPartsOf(db, actor, rows.map(costView));
}

/**
 * For a brand-level actor, a dealer's rows named for no brand show his brand's part only (the
 * brand filter's share): the rest is the other brands' the dealer sells, not his to see. (The
 * visibility rule keeps such rows to dealers selling his brand, so each has a share.)
 */
async function brandPartsOf(
  db: Db,
  actor: Actor,
  costs: SourceCostView[],
): Promise<SourceCostView[]> {
  const ownBrand = scopeBrandId(actor);
  const ids = costs
    .filter((cost) => cost.ownerLevel === 'dealer' && cost.brandCode === null)
    .map((cost) => cost.id);
  if (!ownBrand || ids.length === 0) return costs;
  const shares = await brandShares(db, [sql`c.id = any(${ids}::uuid[])`], ownBrand);
  const parts = new Map(shares.map((share) => [share.id, share]));
  return costs.map((cost) => {
    const part = parts.get(cost.id);
    // at a dealer selling only his brand the part is the whole row: nothing to flag
    return part && part.brands > 1
      ? { ...cost, amountMinor: part.amountMinor, brandPart: true }
      : cost;
  });
}

/**
 * A brand-level actor changes a dealer's cost only when it is wholly his brand's: named for it,
 * or named for none at a dealer selling no other brand. A cost shared with other brands is
 * theirs too (its amount is not his to see, and changing it would change their figures).
 */
async function whollyOwnBrand(
  db: Db,
  actor: Actor,
  dealerId: string | null,
  brandId: string | null,
): Promise<boolean> {
  const ownBrand = scopeBrandId(actor);
  if (!ownBrand || brandId === ownBrand) return true;
  if (brandId !== null || dealerId === null) return false;
  const other = await db
    .selectFrom('dealer_brands')
    .select('brand_id')
    .where('dealer_id', '=', dealerId)
    .where('brand_id', '<>', ownBrand)
    .executeTakeFirst();
  return other === undefined;
}

/** The id of a brand the dealer sells, by its code; else a problem naming `brandCode`. */
async function dealerBrandOf(
  db: Db,
  dealerId: string | null,
  brandCode: string,
  problems: FieldProblem[],
): Promise<string | null> {
  const brand = await findBrandByCode(db, brandCode);
  if (!brand) {
    problems.push({ path: 'brandCode', message: 'no brand with this code' });
    return null;
  }
  if (!dealerId) return null;
  const sold = await db
    .selectFrom('dealer_brands')
    .select('brand_id')
    .where('dealer_id', '=', dealerId)
    .where('brand_id', '=', brand.id)
    .executeTakeFirst();
  if (!sold) problems.push({ path: 'brandCode', message: 'the dealer does not sell this brand' });
  return sold ? brand.id : null;
}

/** The owner's ids, checked: a known code, and an owner at or below the actor's level. */
async function ownerOf(db: Db, actor: Actor, input: SourceCostInput) {
  const problems: FieldProblem[] = [];
  const source = await db
    .selectFrom('lead_sources')
    .select('key')
    .where('key', '=', input.sourceKey)
    .executeTakeFirst();
  if (!source) problems.push({ path: 'sourceKey', message: 'no lead source with this key' });
  let brandId: string | null = null;
  let dealerId: string | null = null;
  if (input.ownerLevel === 'brand') {
    brandId = (await findBrandByCode(db, input.brandCode!))?.id ?? null;
    if (!brandId) problems.push({ path: 'brandCode', message: 'no brand with this code' });
  }
  if (input.ownerLevel === 'dealer') {
    dealerId = (await findDealerByCode(db, input.dealerCode!))?.id ?? null;
    if (!dealerId) problems.push({ path: 'dealerCode', message: 'no dealer with this code' });
    // optional: the brand a dealer selling several spent it for (else shared over its brands)
    if (input.brandCode) brandId = await dealerBrandOf(db, dealerId, input.brandCode, problems);
  }
  if (problems.length) throw new ValidationError(problems);
  const mayOwn =
    actor.scope.level === 'group' ||
    (input.ownerLevel === 'dealer' &&
      dealerInScope(actor, dealerId) &&
      (await whollyOwnBrand(db, actor, dealerId, brandId))) ||
    (input.ownerLevel === 'brand' && actor.scope.level === 'brand' && actor.brandId === brandId);
  if (!mayOwn) {
    throw new ForbiddenError(`You may not enter costs of this ${input.ownerLevel}`);
  }
  return { brandId, dealerId };
}

/** Enter a source's cost for a month and owner; entering it again replaces the figure. */
export async function upsertSourceCost(
  db: Db,
  actor: Actor,
  input: SourceCostInput,
): Promise<{ created: boolean; cost: SourceCostView }> {
  requireCostEditor(actor);
  const { brandId, dealerId } = await ownerOf(db, actor, input);
  const { id, created } = await withActor(db, actor, (tx) =>
    tx
      .insertInto('lead_source_costs')
      .values({
        source_key: input.sourceKey,
        month: input.month,
        owner_level: input.ownerLevel,
        brand_id: brandId,
        dealer_id: dealerId,
        amount_minor: input.amountMinor,
        currency: input.currency.toUpperCase(),
        note: input.note || null,
        entered_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.constraint('lead_source_costs_owner_month_key').doUpdateSet((eb) => ({
          amount_minor: eb.ref('excluded.amount_minor'),
          currency: eb.ref('excluded.currency'),
          note: eb.ref('excluded.note'),
          entered_by: eb.ref('excluded.entered_by'),
          entered_at: sql<Date>`now()`,
        })),
      )
      // xmax is 0 on a freshly inserted row version: tells an insert from an update
      .returning(['id', sql<boolean>`xmax = 0`.as('created')])
      .executeTakeFirstOrThrow(),
  );
  const row = await costsQuery(db, actor).where('c.id', '=', id).executeTakeFirstOrThrow();
  // whole: ownerOf let a brand-level actor write only a row wholly his brand's (never a part)
  return { created, cost: costView(row) };
}

export async function deleteSourceCost(db: Db, actor: Actor, id: string): Promise<void> {
  requireCostEditor(actor);
  const row = await costsQuery(db, actor).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Lead source cost');
  if (
    row.owner_level === 'dealer' &&
    !(await whollyOwnBrand(db, actor, row.dealer_id, row.brand_id))
  ) {
    throw new ForbiddenError('This cost is shared with other brands of the dealer');
  }
  await withActor(db, actor, (tx) =>
    tx.deleteFrom('lead_source_costs').where('id', '=', id).execute(),
  );
}
