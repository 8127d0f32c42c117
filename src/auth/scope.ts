import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Actor, Scope } from './actor.ts';
import type { RoleKey } from './roles.ts';

/**
 * The data scope, in one place. Every query that returns customers or anything hanging off
 * a customer (phones, vehicles, visits, activities, tasks ...) filters with
 * `customerVisible`. A customer is visible to a dealer when customer_dealers links them;
 * brand and region scopes are the sets of their dealers; a sales consultant sees his
 * dealer's customers assigned to him or to nobody.
 *
 * This is the one piece of code that reads across module tables (dealers, customer_dealers)
 * on purpose: the rule must not be spread over the modules.
 */
export function customerVisible(
  actor: Actor,
  customerId: Expression<unknown>,
): RawBuilder<boolean> {
  return scopeCondition(actor.scope, customerId);
}

/**
 * customerVisible for a row that carries the id of its person's set of dealers (`dealerSetId`,
 * customer_dealer_sets, kept equal to his links by triggers, e.g. 0282): the same rule read
 * from the row. The sets the reader sees are found once among the few the base has, and each
 * row is one integer looked up in their hash, instead of a look into the links (for a brand, a
 * hash of its 744,000 links at 1M customers in every statement). A consultant's own customers
 * depend on the link's assignee, which the set does not hold: for him the links are read as
 * customerVisible does.
 */
export function customerVisibleByDealerSet(
  actor: Actor,
  customerId: Expression<unknown>,
  dealerSetId: Expression<unknown>,
): RawBuilder<boolean> {
  if (actor.scope.level === 'own') return customerVisible(actor, customerId);
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  return sql<boolean>`${dealerSetId} in (select scope_set.id from customer_dealer_sets scope_set
    where ${dealerSetVisible(actor, sql.ref('scope_set.dealer_ids'))})`;
}

export function scopeCondition(scope: Scope, customerId: Expression<unknown>): RawBuilder<boolean> {
  if (scope.level === 'group') return sql<boolean>`true`;
  const dealers = sql`${[...scope.dealerIds]}::uuid[]`;
  if (scope.level === 'own') {
    return sql<boolean>`exists (
      select 1 from customer_dealers scope_link
       where scope_link.customer_id = ${customerId}
         and scope_link.dealer_id = any(${dealers})
         and ${consultantSees(scope.userId, sql.ref('scope_link.assigned_user_id'))})`;
  }
  return sql<boolean>`exists (
    select 1 from customer_dealers scope_link
     where scope_link.customer_id = ${customerId}
       and scope_link.dealer_id = any(${dealers}))`;
}

/**
 * The scope's customers as customer_dealers rows, when that is one row per customer: a scope
 * of exactly one dealer (the key is customer + dealer). Counting these rows answers "how many
 * customers do I have" from one index range instead of a join over the customer table.
 * Undefined for wider scopes, where one customer may have several rows.
 */
export function singleDealerScopeLinks(
  scope: Scope,
): RawBuilder<{ customer_id: string }> | undefined {
  const link = singleDealerLinkCondition(
    scope,
    sql.ref('scope_link.dealer_id'),
    sql.ref('scope_link.assigned_user_id'),
  );
  if (!link) return undefined;
  return sql<{ customer_id: string }>`select scope_link.customer_id from customer_dealers scope_link
     where ${link}`;
}

/**
 * The scope as a condition on a copy of customer_dealers' columns (a dealer id and the
 * consultant there), when it is one dealer: such a table (customer_dealer_name_words) then
 * holds the scope's rows as one index range. Undefined for wider scopes.
 */
export function singleDealerLinkCondition(
  scope: Scope,
  dealerId: Expression<unknown>,
  assignedUserId: Expression<unknown>,
): RawBuilder<boolean> | undefined {
  if (scope.level === 'group' || scope.dealerIds.length !== 1) return undefined;
  const dealer = sql<boolean>`${dealerId} = ${scope.dealerIds[0]}`;
  if (scope.level !== 'own') return dealer;
  return sql<boolean>`${dealer} and ${consultantSees(scope.userId, assignedUserId)}`;
}

/** A sales consultant sees his dealer's customers assigned to him or to nobody. */
function consultantSees(userId: string, assignedUserId: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`(${assignedUserId} = ${userId} or ${assignedUserId} is null)`;
}

/** Is the dealer one of the actor's? (group scope: every dealer) */
export function dealerInScope(actor: Actor, dealerId: string | null | undefined): boolean {
  if (actor.scope.level === 'group') return true;
  return dealerId != null && actor.scope.dealerIds.includes(dealerId);
}

/** SQL condition on a dealer id column. */
export function dealerVisible(actor: Actor, dealerId: Expression<unknown>): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  return sql<boolean>`${dealerId} = any(${[...actor.scope.dealerIds]}::uuid[])`;
}

/**
 * SQL condition on a column holding a set of dealer ids (a uuid[]): the set meets the actor's
 * dealers. An empty set (a customer linked to no dealer) is seen group-wide only, as such a
 * customer is.
 */
export function dealerSetVisible(
  actor: Actor,
  dealerIds: Expression<unknown>,
): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  return sql<boolean>`${dealerIds} && ${[...actor.scope.dealerIds]}::uuid[]`;
}

type Attachment = {
  userId: string;
  role: RoleKey;
  dealerId: string | null;
  regionId: string | null;
  brandId: string | null;
};

/** Work out a user's scope from his role and attachment. */
export async function resolveScope(db: Db, user: Attachment): Promise<Scope> {
  if (user.dealerId) {
    if (user.role === 'sales_consultant') {
      return { level: 'own', dealerIds: [user.dealerId], userId: user.userId };
    }
    return { level: 'dealer', dealerIds: [user.dealerId] };
  }
  if (user.regionId) {
    const rows = await db
      .selectFrom('dealers')
      .select('id')
      .where('region_id', '=', user.regionId)
      .execute();
    return { level: 'region', dealerIds: rows.map((row) => row.id) };
  }
  if (user.brandId) {
    const rows = await db
      .selectFrom('dealer_brands')
      .select('dealer_id')
      .where('brand_id', '=', user.brandId)
      .execute();
    return { level: 'brand', dealerIds: rows.map((row) => row.dealer_id) };
  }
  return { level: 'group' };
}

/**
 * The brand a brand-level actor (brand manager, brand analyst) is confined to, else undefined.
 * A brand scope's dealers may sell other brands too: for rows that carry a brand (leads, source
 * costs) this brand is an implied brand filter, so the other brands' part is never his.
 */
export function scopeBrandId(actor: Actor): string | undefined {
  if (actor.scope.level !== 'brand') return undefined;
  return actor.brandId ?? undefined;
}

/**
 * SQL: a row carrying a brand (a lead) is the actor's as far as brands go: always, except for
 * a brand-level actor, for whom only his brand's rows are (scopeBrandId).
 */
export function brandRowVisible(actor: Actor, brandId: Expression<unknown>): RawBuilder<boolean> {
  const ownBrand = scopeBrandId(actor);
  return ownBrand ? sql<boolean>`${brandId} = ${ownBrand}` : sql<boolean>`true`;
}

/**
 * SQL: a task is the actor's as far as brands go. A lead's follow-up tasks (lead_tasks) are
 * that lead's brand's: a brand-level actor does not see those of another brand's lead, nor of
 * a lead naming no brand (brandRowVisible's rule); other tasks carry no brand.
 */
export function taskBrandVisible(actor: Actor, taskId: Expression<unknown>): RawBuilder<boolean> {
  const ownBrand = scopeBrandId(actor);
  if (!ownBrand) return sql<boolean>`true`;
  return sql<boolean>`not exists (select 1 from lead_tasks scope_lead_task
      join leads scope_lead on scope_lead.id = scope_lead_task.lead_id
     where scope_lead_task.task_id = ${taskId}
       and scope_lead.brand_id is distinct from ${ownBrand})`;
}

/** The columns of a lead row that decide who sees it (leadRowVisible). */
export type LeadScopeColumns = {
  dealerId: Expression<unknown>;
  brandId: Expression<unknown>;
  assignedUserId: Expression<unknown>;
};

/**
 * SQL: the actor sees this lead. The leads module's leadVisible is built on it, and modules
 * that may not import leads (quality: an import cycle) show other customers' leads with it, so
 * a lead hidden from the leads list is hidden everywhere. The lead's dealer must be the
 * actor's (an unrouted lead, no dealer yet, is group staff's only); a brand-level actor sees
 * only his brand's (brandRowVisible); a consultant his own and his dealer's unassigned ones.
 */
export function leadRowVisible(actor: Actor, lead: LeadScopeColumns): RawBuilder<boolean> {
  const atDealer = sql<boolean>`(${dealerVisible(actor, lead.dealerId)}
    and ${brandRowVisible(actor, lead.brandId)})`;
  if (actor.scope.level !== 'own') return atDealer;
  return sql<boolean>`(${atDealer} and ${consultantSees(actor.scope.userId, lead.assignedUserId)})`;
}
