import type { Draft } from './customer-draft.ts';
import type { WorldDealer } from './demo-world.ts';
import type { GeneratorContext } from './generator-context.ts';
import { brandVehicle, otherMakeVehicle, type VehicleResult } from './vehicles-generator.ts';

/**
 * The cars of one customer: brand cars for owners (1, now and then 2; a fleet for companies)
 * and for lost owners who sold theirs; the current car of another make for many prospects.
 */
export type CustomerVehicles = { vehicles: VehicleResult[]; purchaseDealer: WorldDealer | null };

export function customerVehicles(
  ctx: GeneratorContext,
  draft: Draft,
  serviceElsewhere: WorldDealer | null,
): CustomerVehicles {
  const { rng, today, world } = ctx;
  const dealer = draft.dealer;
  const results: VehicleResult[] = [];
  const formerOwner = draft.stage === 'lost' && rng.chance(0.5);
  if (draft.stage === 'owner' || formerOwner) {
    const brandCode = rng.pick(dealer.brandCodes);
    const make = ctx.makesByBrand.get(brandCode);
    if (!make) return { vehicles: results, purchaseDealer: null };
    let purchaseDealer: WorldDealer | null = dealer;
    let serviceDealer: WorldDealer | null = serviceElsewhere ?? dealer;
    if (dealer.kind !== 'dealer') {
      // bought at a sales dealer of the region (or outside the group), serviced here
      const sellers = world.dealers.filter(
        (other) =>
          other.kind === 'dealer' &&
          other.regionCode === dealer.regionCode &&
          other.brandCodes.includes(brandCode),
      );
      purchaseDealer = sellers.length && rng.chance(0.6) ? rng.pick(sellers) : null;
      serviceDealer = dealer.kind === 'service_partner' ? dealer : purchaseDealer;
    }
    const heavy =
      draft.company?.categories.some((category) => category === 'taxi' || category === 'rental') ??
      false;
    const count = draft.company ? draft.company.fleetSize : rng.chance(0.13) ? 2 : 1;
    const consultant =
      purchaseDealer === dealer
        ? (draft.consultant ?? (dealer.consultants.length ? rng.pick(dealer.consultants) : null))
        : purchaseDealer && purchaseDealer.consultants.length
          ? rng.pick(purchaseDealer.consultants)
          : null;
    for (let i = 0; i < count; i++) {
      const result = brandVehicle(ctx, draft, {
        make,
        ownerId: formerOwner ? null : draft.id,
        buyerId: draft.id,
        purchaseDealer,
        consultant,
        serviceDealer,
        from: today - (formerOwner ? 7 : 6) * 365,
        to: formerOwner ? today - 2 * 365 : today - 3,
        soldAfterYears: formerOwner ? 1 + rng.float() * 3 : undefined,
        heavyUse: heavy,
      });
      results.push(result);
      ctx.counts.vehicles++;
      ctx.counts.serviceVisits += result.visits;
    }
    return { vehicles: results, purchaseDealer };
  }
  // a prospect's (or a lost prospect's) current car of another make
  const drivesOther = draft.stage === 'prospect' ? 0.55 : draft.stage === 'lost' ? 0.7 : 0.3;
  if (draft.kind === 'person' && rng.chance(drivesOther)) {
    const current = otherMakeVehicle(ctx, draft, ctx.makesByName);
    if (current) ctx.counts.vehicles++;
  }
  return { vehicles: results, purchaseDealer: null };
}
