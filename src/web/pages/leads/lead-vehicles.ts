import type { LeadVehicleInterest } from '../../../modules/leads/capture.types.ts';
import type { Lead } from '../../api/leads.ts';

/** A car of interest as the API takes it (capture and `PATCH /api/leads/:id` alike). */
export type VehicleInput = LeadVehicleInterest;
/** What the lead page changes; an empty value removes the field. */
type Change = { model?: string; colour?: string; condition?: 'new' | 'used' | null };

/** A vehicle as the API takes it back: no nulls, and no empty strings (the API reads one as a value). */
function asInput(vehicle: Record<string, unknown>): VehicleInput {
  return Object.fromEntries(
    Object.entries(vehicle).filter(
      ([, value]) => value !== null && value !== undefined && value !== '',
    ),
  ) as VehicleInput;
}

/**
 * The lead's vehicles with the first one changed. `PATCH /api/leads/:id` replaces the whole
 * list, so every other field and every other vehicle is sent back as it was: changing the model
 * must not drop the colour, the year or a second car of interest.
 */
export function withFirstVehicleChanged(
  vehicles: Lead['vehicles'],
  change: Change,
): VehicleInput[] {
  const [first, ...rest] = vehicles;
  return [asInput({ ...first, ...change }), ...rest.map(asInput)];
}
