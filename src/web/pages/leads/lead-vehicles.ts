import type { Lead } from '../../api/leads.ts';

export type VehicleInput = {
  make?: string;
  model?: string;
  year?: number;
  trim?: string;
  colour?: string;
  condition?: 'new' | 'used';
};
/** What the lead page changes; an empty value removes the field. */
type Change = { model?: string; colour?: string; condition?: 'new' | 'used' | null };

/** A vehicle of the lead as the API takes it back (no nulls). */
function asInput(vehicle: Lead['vehicles'][number]): VehicleInput {
  return Object.fromEntries(
    Object.entries(vehicle).filter(([, value]) => value !== null && value !== ''),
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
  const merged: Record<string, unknown> = { ...(first ? asInput(first) : {}), ...change };
  // an emptied field is left out: the API reads an empty string as a value
  const changed = Object.fromEntries(
    Object.entries(merged).filter(
      ([, value]) => value !== null && value !== undefined && value !== '',
    ),
  ) as VehicleInput;
  return [changed, ...rest.map(asInput)];
}
