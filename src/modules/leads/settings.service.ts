import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertDealerInScope, findBrandByCode, findDealerByCode } from '../org/index.ts';
import type { RuleInput } from './leads.schemas.ts';

/** Lead sources and routing rules are group settings: group admins and CRM managers keep them. */
export function assertSettingsEditor(actor: Actor): void {
  if (actor.role !== 'group_admin' && actor.role !== 'crm_manager') {
    throw new ForbiddenError('Only group administrators and CRM managers change lead settings');
  }
}

export type SourceView = {
  key: string;
  names: { en: string; ru: string; zh: string };
  active: boolean;
};

export async function listSources(db: Db, actor: Actor): Promise<SourceView[]> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  const rows = await db
    .selectFrom('lead_sources')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    names: { en: row.name_en, ru: row.name_ru, zh: row.name_zh },
    active: row.active,
  }));
}

export async function createSource(
  db: Db,
  actor: Actor,
  input: { key: string; nameEn: string; nameRu: string; nameZh: string; active: boolean },
): Promise<SourceView> {
  assertSettingsEditor(actor);
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError(
      'Lead sources are shared by the whole group: a group CRM manager adds them',
    ).because('group_level_only');
  }
  const exists = await db
    .selectFrom('lead_sources')
    .select('key')
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (exists)
    throw new ConflictError(`Lead source ${input.key} exists`, [
      { path: 'key', message: 'taken' },
    ]).because('lead_source_exists', { source: input.key });
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('lead_sources')
      .values({
        key: input.key,
        name_en: input.nameEn,
        name_ru: input.nameRu,
        name_zh: input.nameZh,
        active: input.active,
        position: 1000,
      })
      .execute(),
  );
  return {
    key: input.key,
    names: { en: input.nameEn, ru: input.nameRu, zh: input.nameZh },
    active: input.active,
  };
}

export type RuleView = {
  id: string;
  position: number;
  name: string;
  active: boolean;
  brandCode: string | null;
  postcodePrefixes: string[];
  cities: string[];
  models: string[];
  sources: string[];
  useRelationship: boolean;
  dealerCode: string | null;
  openLeadCap: number;
};

/** The routing rules an actor sees: all at group level, else those of his dealers. */
export function rulesQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('lead_routing_rules as r')
    .leftJoin('brands as b', 'b.id', 'r.brand_id')
    .leftJoin('dealers as d', 'd.id', 'r.dealer_id')
    .selectAll('r')
    .select(['b.code as brand_code', 'd.code as dealer_code'])
    .where((eb) =>
      actor.scope.level === 'group'
        ? eb.lit(true)
        : eb.and([eb('r.dealer_id', 'is not', null), dealerVisible(actor, eb.ref('r.dealer_id'))]),
    );
}

type RuleRow = Awaited<ReturnType<ReturnType<typeof rulesQuery>['executeTakeFirstOrThrow']>>;

function ruleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    active: row.active,
    brandCode: row.brand_code,
    postcodePrefixes: row.postcode_prefixes,
    cities: row.cities,
    models: row.models,
    sources: row.sources,
    useRelationship: row.use_relationship,
    dealerCode: row.dealer_code,
    openLeadCap: row.open_lead_cap,
  };
}

export async function listRules(db: Db, actor: Actor): Promise<RuleView[]> {
  if (!can(actor, 'tasks:assign')) throw new ForbiddenError();
  const rows = await rulesQuery(db, actor).orderBy('r.position').orderBy('r.id').execute();
  return rows.map(ruleView);
}

async function ruleColumns(db: Db, actor: Actor, input: RuleInput) {
  const problems: FieldProblem[] = [];
  let brandId: string | null | undefined;
  if (input.brandCode !== undefined) {
    brandId = input.brandCode ? ((await findBrandByCode(db, input.brandCode))?.id ?? null) : null;
    if (input.brandCode && !brandId) problems.push({ path: 'brandCode', message: 'no such brand' });
  }
  let dealerId: string | null | undefined;
  if (input.dealerCode !== undefined) {
    const dealer = input.dealerCode ? await findDealerByCode(db, input.dealerCode) : undefined;
    dealerId = dealer?.id ?? null;
    if (input.dealerCode && !dealer)
      problems.push({ path: 'dealerCode', message: 'no such dealer', code: 'unknown_dealer' });
    if (dealer) assertDealerInScope(actor, dealer);
  }
  if (problems.length) throw new ValidationError(problems);
  const lower = (items: string[] | undefined) =>
    items && [...new Set(items.map((item) => item.trim().toLowerCase()))];
  return {
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(brandId !== undefined ? { brand_id: brandId } : {}),
    ...(input.postcodePrefixes
      ? {
          postcode_prefixes: input.postcodePrefixes.map((p) => p.replace(/\s+/g, '').toUpperCase()),
        }
      : {}),
    ...(input.cities ? { cities: lower(input.cities)! } : {}),
    ...(input.models ? { models: lower(input.models)! } : {}),
    ...(input.sources ? { sources: input.sources } : {}),
    ...(input.useRelationship !== undefined ? { use_relationship: input.useRelationship } : {}),
    ...(dealerId !== undefined ? { dealer_id: dealerId } : {}),
    ...(input.openLeadCap !== undefined ? { open_lead_cap: input.openLeadCap } : {}),
  };
}

function needsTarget(rule: { use_relationship: boolean; dealer_id: string | null }) {
  if (!rule.use_relationship && !rule.dealer_id) {
    throw new ValidationError([
      { path: 'dealerCode', message: 'a rule names a dealer unless it routes by relationship' },
    ]);
  }
}

export async function createRule(
  db: Db,
  actor: Actor,
  input: RuleInput & { position: number; name: string },
): Promise<RuleView> {
  assertSettingsEditor(actor);
  if (actor.scope.level !== 'group' && !input.dealerCode) {
    throw new ValidationError([{ path: 'dealerCode', message: 'name one of your dealers' }]);
  }
  const columns = await ruleColumns(db, actor, input);
  needsTarget({
    use_relationship: columns.use_relationship ?? false,
    dealer_id: columns.dealer_id ?? null,
  });
  const { id } = await withActor(db, actor, (tx) =>
    tx
      .insertInto('lead_routing_rules')
      .values({ ...columns, position: input.position, name: input.name })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return ruleView(await rulesQuery(db, actor).where('r.id', '=', id).executeTakeFirstOrThrow());
}

export async function updateRule(
  db: Db,
  actor: Actor,
  ruleId: string,
  input: RuleInput,
): Promise<RuleView> {
  assertSettingsEditor(actor);
  const current = await rulesQuery(db, actor).where('r.id', '=', ruleId).executeTakeFirst();
  if (!current) throw new NotFoundError('Routing rule');
  const columns = await ruleColumns(db, actor, input);
  needsTarget({
    use_relationship: columns.use_relationship ?? current.use_relationship,
    dealer_id: columns.dealer_id !== undefined ? columns.dealer_id : current.dealer_id,
  });
  if (Object.keys(columns).length) {
    await withActor(db, actor, (tx) =>
      tx.updateTable('lead_routing_rules').set(columns).where('id', '=', ruleId).execute(),
    );
  }
  return ruleView(await rulesQuery(db, actor).where('r.id', '=', ruleId).executeTakeFirstOrThrow());
}
