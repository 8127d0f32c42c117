import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import { openStages } from './schema.ts';

/** A consultant's cap on open leads when no routing rule sets one. */
export const defaultOpenLeadCap = 40;

export type RoutingFacts = {
  customerId: string;
  brandId: string | null;
  sourceKey: string;
  postcode: string | null;
  city: string | null;
  /** models of interest, lower case */
  models: string[];
};

export type RoutingDecision = {
  dealerId: string;
  cap: number;
  /** the rule that decided, null for the fallback to an existing relationship */
  ruleId: string | null;
};

/**
 * The dealer for a lead that came without one (brand site, call centre, purchased list):
 * the first active rule, in order, whose conditions all hold (territory by postcode prefix or
 * city, brand, model of interest, source), where a "relationship" rule names the dealer the
 * person already deals with for that brand. Without a matching rule, an existing relationship
 * still wins over leaving the lead unrouted.
 */
export async function chooseDealer(tx: Tx, facts: RoutingFacts): Promise<RoutingDecision | null> {
  const postcode = (facts.postcode ?? '').replace(/\s+/g, '').toUpperCase();
  const city = (facts.city ?? '').trim().toLowerCase();
  const rules = await tx
    .selectFrom('lead_routing_rules as r')
    .select(['r.id', 'r.dealer_id', 'r.use_relationship', 'r.open_lead_cap'])
    .where('r.active', '=', true)
    .where((eb) => eb.or([eb('r.brand_id', 'is', null), eb('r.brand_id', '=', facts.brandId)]))
    .where(
      sql<boolean>`(cardinality(r.postcode_prefixes) = 0 or exists (
        select 1 from unnest(r.postcode_prefixes) p where ${postcode} like upper(p) || '%'))`,
    )
    .where(sql<boolean>`(cardinality(r.cities) = 0 or ${city} = any(r.cities))`)
    .where(
      sql<boolean>`(cardinality(r.models) = 0 or r.models && ${sql.val(facts.models)}::text[])`,
    )
    .where(sql<boolean>`(cardinality(r.sources) = 0 or ${facts.sourceKey} = any(r.sources))`)
    .orderBy('r.position')
    .orderBy('r.id')
    .execute();
  for (const rule of rules) {
    if (!rule.use_relationship && rule.dealer_id) {
      return { dealerId: rule.dealer_id, cap: rule.open_lead_cap, ruleId: rule.id };
    }
    const related = await relatedDealer(tx, facts.customerId, facts.brandId);
    if (related) return { dealerId: related, cap: rule.open_lead_cap, ruleId: rule.id };
  }
  const related = await relatedDealer(tx, facts.customerId, facts.brandId);
  return related ? { dealerId: related, cap: defaultOpenLeadCap, ruleId: null } : null;
}

/** The active dealer the person dealt with most recently that sells the brand (any brand if unknown). */
async function relatedDealer(
  tx: Tx,
  customerId: string,
  brandId: string | null,
): Promise<string | null> {
  const row = await tx
    .selectFrom('customer_dealers as cd')
    .innerJoin('dealers as d', 'd.id', 'cd.dealer_id')
    .select('cd.dealer_id')
    .where('cd.customer_id', '=', customerId)
    .where('d.active', '=', true)
    .where('d.kind', '=', 'dealer')
    .$if(brandId != null, (query) =>
      query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('dealer_brands as db')
            .select('db.dealer_id')
            .whereRef('db.dealer_id', '=', 'cd.dealer_id')
            .where('db.brand_id', '=', brandId!),
        ),
      ),
    )
    .orderBy('cd.last_at', 'desc')
    .executeTakeFirst();
  return row?.dealer_id ?? null;
}

/**
 * Round-robin among the dealer's sales consultants on duty, under the cap on open leads: the
 * least loaded first, and among equals the one who waited longest for a lead. A transaction
 * lock on the dealer keeps two captures from both seeing the same consultant as next.
 */
export async function pickConsultant(
  tx: Tx,
  dealerId: string,
  cap: number,
): Promise<string | null> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`lead-round-robin:${dealerId}`}, 0))`.execute(
    tx,
  );
  const row = await tx
    .selectFrom('users as u')
    .select('u.id')
    .select((eb) => [
      eb
        .selectFrom('leads as l')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('l.assigned_user_id', '=', 'u.id')
        .where('l.stage', 'in', openStages)
        .as('open_leads'),
      eb
        .selectFrom('leads as l')
        .select((inner) => inner.fn.max('l.created_at').as('last'))
        .whereRef('l.assigned_user_id', '=', 'u.id')
        .as('last_assigned'),
    ])
    .where('u.dealer_id', '=', dealerId)
    .where('u.role', '=', 'sales_consultant')
    .where('u.active', '=', true)
    .where('u.on_duty', '=', true)
    .execute();
  const candidates = row
    .map((user) => ({
      id: user.id,
      open: Number(user.open_leads ?? 0),
      last: user.last_assigned ? new Date(user.last_assigned).getTime() : 0,
    }))
    .filter((user) => user.open < cap)
    .sort((a, b) => a.open - b.open || a.last - b.last || a.id.localeCompare(b.id));
  return candidates[0]?.id ?? null;
}
