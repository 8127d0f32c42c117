import type { DemoBatch } from './demo-tables.ts';
import type { World, WorldMake, WorldUser } from './demo-world.ts';
import type { MyDayTracker } from './my-day.ts';
import type { Prng } from './prng.ts';

/**
 * What the parts of the customer generator share while one run lasts: the random stream,
 * the world read from the database, the batch being filled, the running counters. The
 * parts take narrower views of it (HistoryContext, VehicleContext) where they can.
 */
export type GeneratorCounts = {
  customers: number;
  companies: number;
  households: number;
  vehicles: number;
  serviceVisits: number;
};

export type GeneratorContext = {
  rng: Prng;
  world: World;
  /** the day the data is "now" (day number, see demo-dates.ts) */
  today: number;
  /** the batch being filled; replaced at the start of every batch */
  batch: DemoBatch;
  callCentre: WorldUser | null;
  makesByBrand: Map<string, WorldMake>;
  makesByName: Map<string, WorldMake>;
  myDay: MyDayTracker;
  /** service visits per vehicle and year of ownership */
  visitsPerVehicleYear: number;
  nextSerial(): number;
  /** the next repair-order number of a dealer in a year (unique per dealer, as in a DMS) */
  nextOrderNumber(dealerCode: string, year: string): string;
  counts: GeneratorCounts;
};
