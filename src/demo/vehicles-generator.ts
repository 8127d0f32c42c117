import type { VisitType } from '../modules/service/schema.ts';
import { wmiCountry, wmiMaker } from '../modules/vehicles/index.ts';
import type { Draft } from './customer-draft.ts';
import { dayOfYearStart, isoDay, isoTime, yearOf } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import type { WorldDealer, WorldMake, WorldModel, WorldUser } from './demo-world.ts';
import { visitDescriptions } from './history-texts.ts';
import { weighted, type Prng, type Weighted } from './prng.ts';
import {
  buildVin,
  chinesePlate,
  descriptorSection,
  russianPlate,
  wmisByMake,
} from './vin-builder.ts';

/**
 * Vehicles with their ownership, purchase and service history (seed 001 §2: purchase date,
 * model / body / engine / trim / colour, VIN, selling consultant, price and discount, every
 * service visit with mileage).
 */
export type VehicleContext = {
  rng: Prng;
  batch: DemoBatch;
  today: number;
  /** service visits per vehicle and year of ownership */
  visitsPerVehicleYear: number;
  nextSerial(): number;
  nextOrderNumber(dealerCode: string, year: string): string;
};

/** List prices are kept in roubles; Chinese list prices of the same cars are far lower. */
const rubPerCny = 28;

export type BrandVehicleInput = {
  make: WorldMake;
  ownerId: string | null;
  /** who bought it, for the ownership and purchase rows */
  buyerId: string;
  purchaseDealer: WorldDealer | null;
  consultant: WorldUser | null;
  serviceDealer: WorldDealer | null;
  /** earliest and latest purchase day */
  from: number;
  to: number;
  /** the owner sold the car on this day (a lost customer) */
  soldAfterYears?: number;
  heavyUse?: boolean;
};

export type VehicleResult = {
  id: string;
  model: string;
  purchaseDay: number;
  lastVisitDay: number | null;
  visits: number;
  endDay: number | null;
};

function pickModel(rng: Prng, make: WorldMake, latestYear: number): WorldModel {
  const available = make.models.filter(
    (model) => model.trims.length > 0 && model.fromYear <= latestYear,
  );
  return rng.pick(available.length ? available : make.models);
}

const trimShares = [0.5, 0.3, 0.2];

export function brandVehicle(
  ctx: VehicleContext,
  draft: Draft,
  input: BrandVehicleInput,
): VehicleResult {
  const { rng, batch, today } = ctx;
  const model = pickModel(rng, input.make, yearOf(input.to));
  const earliest = Math.max(input.from, dayOfYearStart(model.fromYear) + 30);
  // sales grew year by year: recent purchases are more frequent
  const span = Math.max(0, input.to - earliest);
  const purchaseDay = input.to - Math.floor(span * Math.pow(rng.float(), 1.4));
  const roll = rng.float();
  const trimIndex = roll < trimShares[0]! ? 0 : roll < trimShares[0]! + trimShares[1]! ? 1 : 2;
  const trim = model.trims[Math.min(trimIndex, model.trims.length - 1)] ?? null;
  const purchaseYear = yearOf(purchaseDay);
  const lateInYear = purchaseDay - dayOfYearStart(purchaseYear) > 270;
  const modelYear = lateInYear && rng.chance(0.3) ? purchaseYear + 1 : purchaseYear;
  const country = (input.purchaseDealer ?? draft.dealer).country;
  const wmi = rng.pick(wmisByMake[input.make.name]?.[country] ?? ['LGW']);
  const vin = buildVin(
    wmi,
    descriptorSection(`${input.make.name}|${model.name}|${trim?.name ?? ''}`),
    modelYear,
    ctx.nextSerial(),
  );
  const id = rng.uuid();
  const endDay = input.soldAfterYears
    ? Math.min(today - 30, purchaseDay + Math.round(input.soldAfterYears * 365))
    : null;

  // service history: a few visits a year, mileage growing with the years
  const annualKm =
    (country === 'RU'
      ? rng.normal(20_000, 8_000, 6_000, 50_000)
      : rng.normal(13_000, 5_000, 4_000, 35_000)) * (input.heavyUse ? 3 : 1);
  const serviceUntil = endDay ?? today - 1;
  const years = Math.max(0, (serviceUntil - purchaseDay) / 365);
  const expected = ctx.visitsPerVehicleYear * years * rng.normal(1, 0.4, 0.3, 1.7);
  let count = Math.floor(expected + rng.float());
  const firstPossible = purchaseDay + 20;
  if (serviceUntil <= firstPossible || !input.serviceDealer) count = 0;
  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(rng.int(firstPossible, serviceUntil));
  days.sort((a, b) => a - b);
  let mileage = rng.int(5, 40);
  let lastVisitDay: number | null = null;
  const serviceDealer = input.serviceDealer;
  for (const day of days) {
    mileage = Math.max(
      mileage + rng.int(20, 300),
      Math.round(((day - purchaseDay) / 365) * annualKm * rng.normal(1, 0.08, 0.8, 1.2)),
    );
    writeVisit(
      ctx,
      draft,
      serviceDealer!,
      id,
      input.ownerId ?? input.buyerId,
      day,
      purchaseDay,
      mileage,
    );
    lastVisitDay = day;
  }
  const odometer =
    lastVisitDay === null
      ? Math.round(((serviceUntil - purchaseDay) / 365) * annualKm * 0.9)
      : mileage;
  const plate =
    draft.dealer.country === 'RU'
      ? russianPlate(rng, draft.town.plates)
      : chinesePlate(rng, draft.town.plates);
  const created = isoTime(purchaseDay, rng.int(10, 19), rng.int(0, 59), draft.dealer.utcOffset);
  batch.vehicles.push(
    id,
    vin,
    input.ownerId,
    input.make.id,
    model.id,
    trim?.id ?? null,
    input.make.name,
    model.name,
    model.series,
    trim?.body ?? null,
    trim?.engine ?? null,
    trim?.name ?? null,
    input.make.colours.length ? rng.pick(input.make.colours) : null,
    modelYear,
    wmiMaker(vin) ?? input.make.name,
    wmiCountry(vin) ?? null,
    plate,
    isoDay(purchaseDay + rng.int(1, 10)),
    Math.max(0, odometer),
    isoDay(lastVisitDay ?? serviceUntil),
    created,
    created,
  );
  batch.ownerships.push(
    rng.uuid(),
    id,
    input.buyerId,
    'owner',
    isoDay(purchaseDay),
    endDay === null ? null : isoDay(endDay),
    created,
  );
  if (input.purchaseDealer) {
    const currency = input.purchaseDealer.currency;
    const listPrice = trim
      ? currency === 'CNY'
        ? Math.round(trim.priceRub / rubPerCny / 100) * 100
        : trim.priceRub
      : 0;
    const step = currency === 'CNY' ? 100 : 1000;
    const discount = rng.chance(0.7)
      ? Math.round((listPrice * rng.float() * 0.08) / step) * step
      : 0;
    batch.purchases.push(
      rng.uuid(),
      id,
      input.buyerId,
      input.purchaseDealer.id,
      input.consultant?.id ?? null,
      isoDay(purchaseDay),
      'new',
      listPrice * 100,
      discount * 100,
      currency,
      rng.int(5, 40),
      created,
    );
  }
  return {
    id,
    model: `${input.make.name} ${model.name}`,
    purchaseDay,
    lastVisitDay,
    visits: count,
    endDay,
  };
}

const visitTypesRu = weighted<VisitType>({
  maintenance: 50,
  tyres: 18,
  repair: 12,
  warranty: 8,
  recall: 2,
  body: 5,
  inspection: 5,
});
const visitTypesCn = weighted<VisitType>({
  maintenance: 62,
  tyres: 5,
  repair: 13,
  warranty: 8,
  recall: 2,
  body: 5,
  inspection: 5,
});

/** Typical bills in roubles: [from, to]; Chinese dealers charge about a twentieth. */
const billRub: Record<VisitType, [number, number]> = {
  maintenance: [9_000, 32_000],
  repair: [4_000, 90_000],
  warranty: [5_000, 80_000],
  recall: [0, 3_000],
  body: [15_000, 220_000],
  tyres: [2_500, 7_000],
  inspection: [1_500, 4_500],
};

function writeVisit(
  ctx: VehicleContext,
  draft: Draft,
  dealer: WorldDealer,
  vehicleId: string,
  customerId: string,
  day: number,
  purchaseDay: number,
  mileage: number,
): void {
  const { rng, batch } = ctx;
  const chinese = dealer.country === 'CN';
  let type = (chinese ? visitTypesCn : visitTypesRu).pick(rng);
  // warranty ends after three years; later the same work is a paid repair
  if (type === 'warranty' && day - purchaseDay > 3 * 365) type = 'repair';
  const [low, high] = billRub[type];
  let amount = rng.int(low, high);
  if (type === 'maintenance') amount = Math.min(60_000, Math.round(amount + mileage * 0.1));
  amount = chinese ? Math.round(amount / 20) : Math.round(amount / 10) * 10;
  const paidBy =
    type === 'warranty' || type === 'recall'
      ? 'warranty'
      : type === 'body' && rng.chance(0.6)
        ? 'insurance'
        : 'customer';
  const year = String(yearOf(day)).slice(2);
  const time = isoTime(day, rng.int(8, 19), rng.int(0, 59), dealer.utcOffset);
  batch.serviceVisits.push(
    rng.uuid(),
    customerId,
    vehicleId,
    dealer.id,
    dealer.advisors.length ? rng.pick(dealer.advisors).id : null,
    ctx.nextOrderNumber(dealer.code, year),
    isoDay(day),
    mileage,
    type,
    paidBy,
    amount * 100,
    dealer.currency,
    visitDescriptions[type](rng.int(0, 7))(mileage)[chinese ? 'zh' : 'ru'],
    time,
    time,
  );
}

const otherMakesRu = weighted({
  Lada: 25,
  Kia: 12,
  Hyundai: 12,
  Toyota: 10,
  Volkswagen: 8,
  Renault: 8,
  Škoda: 6,
  Nissan: 5,
  Chery: 5,
  Mazda: 3,
  Changan: 3,
  Honda: 2,
  BMW: 2,
  'Mercedes-Benz': 2,
  BYD: 1,
});
const otherMakesCn = weighted({
  Volkswagen: 20,
  Toyota: 14,
  BYD: 14,
  Honda: 10,
  Nissan: 8,
  Changan: 8,
  Chery: 6,
  BMW: 5,
  'Mercedes-Benz': 5,
  Mazda: 3,
  Hyundai: 3,
  Kia: 2,
});
const plainColours = ['White', 'Black', 'Silver', 'Grey', 'Blue', 'Red', 'Brown', 'Beige', 'Green'];

/** The car a prospect drives today, of another make (seed 001 §2: current car). */
export function otherMakeVehicle(
  ctx: VehicleContext,
  draft: Draft,
  makesByName: Map<string, WorldMake>,
): string | null {
  const { rng, batch, today } = ctx;
  const table: Weighted<string> = draft.dealer.country === 'CN' ? otherMakesCn : otherMakesRu;
  const make = makesByName.get(table.pick(rng));
  if (!make || make.models.length === 0) return null;
  const model = rng.pick(make.models);
  const thisYear = yearOf(today);
  const modelYear = Math.max(model.fromYear, thisYear - rng.int(1, 14));
  const fromDay = Math.min(today - 60, dayOfYearStart(modelYear) + rng.int(0, 700));
  const wmi = rng.pick(wmisByMake[make.name]?.[draft.dealer.country] ?? ['XTA']);
  const vin = buildVin(
    wmi,
    descriptorSection(`${make.name}|${model.name}`),
    modelYear,
    ctx.nextSerial(),
  );
  const id = rng.uuid();
  const created = isoTime(draft.firstDay, rng.int(10, 19), rng.int(0, 59), draft.dealer.utcOffset);
  const plate =
    draft.dealer.country === 'RU'
      ? russianPlate(rng, draft.town.plates)
      : chinesePlate(rng, draft.town.plates);
  const ageYears = Math.max(0, (today - dayOfYearStart(modelYear)) / 365);
  batch.vehicles.push(
    id,
    vin,
    draft.id,
    make.id,
    model.id,
    null,
    make.name,
    model.name,
    model.series,
    null,
    null,
    null,
    rng.pick(plainColours),
    modelYear,
    wmiMaker(vin) ?? make.name,
    wmiCountry(vin) ?? null,
    plate,
    isoDay(Math.min(fromDay, today - 30)),
    Math.round(ageYears * rng.int(9_000, 22_000)),
    isoDay(draft.firstDay),
    created,
    created,
  );
  batch.ownerships.push(rng.uuid(), id, draft.id, 'owner', isoDay(fromDay), null, created);
  return `${make.name} ${model.name}`;
}
