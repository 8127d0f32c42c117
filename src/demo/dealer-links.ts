import type { DealerRelation } from '../modules/customers/index.ts';
import type { DealerLink, Draft } from './customer-draft.ts';
import { isoTime } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import type { World, WorldDealer, WorldUser } from './demo-world.ts';
import type { Prng } from './prng.ts';

/**
 * Which dealers a customer is linked to (customer_dealers, the data scope): his own dealer,
 * the seller when he bought elsewhere in the group, a second service dealer for some owners
 * ("bought at A, serviced at B"), a second dealer for some prospects.
 */
export function addLink(draft: Draft, dealer: WorldDealer, assigned: WorldUser | null): DealerLink {
  const link: DealerLink = {
    dealer,
    relations: new Set(),
    assigned,
    firstDay: draft.firstDay,
    lastDay: draft.firstDay,
  };
  draft.links.push(link);
  return link;
}

export function primaryRelations(draft: Draft, hasVehicles: boolean): DealerRelation[] {
  const kind = draft.dealer.kind;
  if (kind === 'parts_retailer') return ['parts'];
  if (kind === 'service_partner') return draft.stage === 'customer' ? ['parts'] : ['service'];
  switch (draft.stage) {
    case 'prospect':
      return ['prospect'];
    case 'customer':
      return ['parts'];
    case 'owner':
      return hasVehicles ? ['sales', 'owner', 'service'] : ['sales'];
    default:
      return hasVehicles ? ['sales', 'service'] : ['prospect'];
  }
}

/** Sales dealers of the same country sharing a brand with the customer's dealer. */
function sisterDealers(world: World, dealer: WorldDealer): WorldDealer[] {
  return world.dealers.filter(
    (other) =>
      other !== dealer &&
      other.country === dealer.country &&
      other.kind !== 'parts_retailer' &&
      other.brandCodes.some((code) => dealer.brandCodes.includes(code)),
  );
}

/** Some owners of a sales dealer have their car serviced at another dealer of the group. */
export function secondServiceDealer(rng: Prng, world: World, draft: Draft): WorldDealer | null {
  if (draft.dealer.kind !== 'dealer' || (draft.stage !== 'owner' && draft.stage !== 'lost')) {
    return null;
  }
  if (!rng.chance(0.08)) return null;
  const others = sisterDealers(world, draft.dealer);
  return others.length ? rng.pick(others) : null;
}

/**
 * A prospect two dealers of the same brand both work: the case the routing rules must
 * catch (seed 000 slides 15-17).
 */
export function secondProspectDealer(rng: Prng, world: World, draft: Draft, today: number): void {
  if (draft.dealer.kind !== 'dealer' || !rng.chance(0.06)) return;
  const others = sisterDealers(world, draft.dealer).filter((other) => other.kind === 'dealer');
  if (others.length === 0) return;
  const other = rng.pick(others);
  const assigned = other.consultants.length && rng.chance(0.7) ? rng.pick(other.consultants) : null;
  const link = addLink(draft, other, assigned);
  link.relations.add('prospect');
  link.firstDay = Math.min(today - 1, draft.firstDay + rng.int(5, 60));
  link.lastDay = link.firstDay;
}

export function serviceDealerOf(draft: Draft): WorldDealer {
  return draft.links.find((link) => link.relations.has('service'))?.dealer ?? draft.dealer;
}

export function writeLinks(batch: DemoBatch, draft: Draft): void {
  for (const link of draft.links) {
    batch.customerDealers.push(
      draft.id,
      link.dealer.id,
      [...link.relations],
      link.assigned?.id ?? null,
      isoTime(link.firstDay, 10, 0, link.dealer.utcOffset),
      isoTime(Math.max(link.firstDay, link.lastDay), 18, 0, link.dealer.utcOffset),
    );
  }
}
