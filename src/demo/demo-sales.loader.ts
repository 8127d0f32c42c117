import { sql } from 'kysely';
import { systemActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';
import { captureLead, lostReasons, moveLeadStage, type LeadStage } from '../modules/leads/index.ts';
import { addFleetVehicle, bookTestDrive } from '../modules/test-drives/index.ts';
import { catalog } from '../modules/vehicles/index.ts';
import { demoBrands, demoDealers } from './demo-org.ts';
import { Prng, weighted } from './prng.ts';
import {
  buildVin,
  chinesePlate,
  descriptorSection,
  russianPlate,
  wmisByMake,
} from './vin-builder.ts';

export type SalesLoadReport = { fleet: number; leads: number; bookings: number };

// Where the demo's prospects came from, roughly as seed 000 shows a BMW dealer's mix.
const sources = weighted({
  showroom: 24,
  website: 20,
  call_center: 10,
  referral: 9,
  own_prospecting: 8,
  telemarketing: 6,
  marketing_events: 6,
  advertising: 6,
  key_accounts: 3,
  purchased_data: 3,
  partner_data: 2,
  brand_cooperation: 2,
  secondary_dealers: 1,
});

// How far each demo lead got: most are young, a few lost, so the board has every column.
const reached = weighted<LeadStage>({
  new: 30,
  contacted: 24,
  showroom_visit: 16,
  test_drive: 12,
  offer: 8,
  lost: 10,
});

const stageOrder: LeadStage[] = ['contacted', 'showroom_visit', 'test_drive', 'offer'];

type Prospect = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  e164: string;
  city: string | null;
};

const dayMs = 86_400_000;

function makeOfBrand(code: string): string {
  return demoBrands.find((brand) => brand.code === code)?.name ?? code;
}

/**
 * A working sales floor for the demo: a test-drive fleet at each car dealer and, per dealer,
 * `leadsPerDealer` prospects captured through the real intake (routing, owner per brand, SLA
 * tasks), moved along the pipeline and, for some, a test drive booked in the coming days.
 * Everything goes through the leads and test-drives services, so the demo obeys their rules.
 */
export async function loadDemoSales(
  db: Db,
  options: { seed: number; leadsPerDealer: number; today?: Date },
): Promise<SalesLoadReport> {
  const actor = systemActor('demo');
  const rng = new Prng(options.seed, 7_000_003);
  const now = options.today ?? new Date();
  const report: SalesLoadReport = { fleet: 0, leads: 0, bookings: 0 };
  let serial = 900_000;

  for (const dealer of demoDealers.filter((item) => item.kind === 'dealer')) {
    const dealerRow = await db
      .selectFrom('dealers')
      .select('id')
      .where('code', '=', dealer.code)
      .executeTakeFirst();
    if (!dealerRow) continue;
    const models = catalog.flatMap((make) => {
      const brandCode = dealer.brands.find((code) => makeOfBrand(code) === make.name);
      return brandCode ? make.models.map((model) => ({ brandCode, make: make.name, model })) : [];
    });
    if (!models.length) continue;

    const fleet = await ensureFleet(db, {
      dealerCode: dealer.code,
      dealerId: dealerRow.id,
      chinese: dealer.country === 'CN',
      year: now.getUTCFullYear(),
      models,
      rng,
      nextSerial: () => serial++,
    });
    report.fleet += fleet.added;

    const prospects = await prospectsOf(db, dealerRow.id, options.leadsPerDealer);
    const consultants = await db
      .selectFrom('users')
      .select('id')
      .where('dealer_id', '=', dealerRow.id)
      .where('role', '=', 'sales_consultant')
      .where('active', '=', true)
      .orderBy('email')
      .execute();
    let slot = 0;
    for (const person of prospects) {
      const { make, model } = rng.pick(models);
      const askedDaysAgo = rng.int(0, 40);
      const captured = await captureLead(db, actor, {
        source: sources.pick(rng),
        dealerCode: dealer.code,
        person: {
          kind: 'person',
          ...(person.first_name ? { firstName: person.first_name } : {}),
          ...(person.last_name ? { lastName: person.last_name } : {}),
          phones: [{ number: person.e164 }],
          emails: [],
          ...(person.city ? { city: person.city } : {}),
        },
        interestType: rng.chance(0.15) ? 'test-drive' : 'buy',
        vehicles: [{ make, model: model.name }],
        intendedPurchaseDate: new Date(now.getTime() + rng.int(10, 420) * dayMs)
          .toISOString()
          .slice(0, 10),
        requestedAt: new Date(
          now.getTime() - askedDaysAgo * dayMs - rng.int(0, 36e5),
        ).toISOString(),
      });
      report.leads++;
      const target = reached.pick(rng);
      if (target === 'lost') {
        await moveLeadStage(db, actor, captured.leadId, 'lost', {
          lostReason: rng.pick(lostReasons),
        });
        continue;
      }
      for (const stage of stageOrder.slice(0, stageOrder.indexOf(target) + 1)) {
        await moveLeadStage(db, actor, captured.leadId, stage);
      }
      // prospects who came to the showroom are often booked for a drive in the next days
      const consultantUserId = captured.assignedUserId ?? consultants[0]?.id;
      if (target === 'showroom_visit' && fleet.cars.length && consultantUserId) {
        const startsAt = new Date(now);
        startsAt.setUTCDate(startsAt.getUTCDate() + 1 + (slot % 5));
        startsAt.setUTCHours(7 + Math.floor(slot / 5) * 2, 0, 0, 0);
        slot++;
        await bookTestDrive(db, actor, {
          customerId: captured.customerId,
          leadId: captured.leadId,
          vehicleId: fleet.cars[slot % fleet.cars.length]!,
          consultantUserId,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        })
          .then(() => report.bookings++)
          // a busy car or consultant at that hour: the demo simply has one drive fewer
          .catch((error: unknown) => {
            if ((error as { statusCode?: number }).statusCode !== 409) throw error;
          });
      }
    }
  }
  return report;
}

type FleetPlan = {
  dealerCode: string;
  dealerId: string;
  chinese: boolean;
  year: number;
  models: { brandCode: string; make: string; model: { name: string } }[];
  rng: Prng;
  nextSerial: () => number;
};

/** Three demo cars of the dealer's brands, unless the dealer has a fleet already. */
async function ensureFleet(db: Db, plan: FleetPlan): Promise<{ added: number; cars: string[] }> {
  const { dealerCode, dealerId, chinese, rng } = plan;
  const existing = await db
    .selectFrom('test_drive_vehicles')
    .select('id')
    .where('dealer_id', '=', dealerId)
    .where('active', '=', true)
    .execute();
  if (existing.length) return { added: 0, cars: existing.map((row) => row.id) };
  const cars: string[] = [];
  for (const { brandCode, make, model } of rng.some(plan.models, Math.min(3, plan.models.length))) {
    const wmi = rng.pick(wmisByMake[make]?.[chinese ? 'CN' : 'RU'] ?? ['LB3']);
    const vin = buildVin(
      wmi,
      descriptorSection(`${make} ${model.name}`),
      plan.year,
      plan.nextSerial(),
    );
    const plate = chinese ? chinesePlate(rng, ['沪A', '浙A']) : russianPlate(rng, ['77', '78']);
    const car = await addFleetVehicle(db, systemActor('demo'), {
      dealerCode,
      brandCode,
      model: `${make} ${model.name}`,
      vin,
      plate,
    });
    cars.push(car.id);
  }
  return { added: cars.length, cars };
}

/** The dealer's prospects with a mobile phone, the people a showroom would be working now. */
async function prospectsOf(db: Db, dealerId: string, limit: number): Promise<Prospect[]> {
  const rows = await sql<Prospect>`
    select c.id, c.first_name, c.last_name, p.e164, a.city
    from customer_dealers cd
    join customers c on c.id = cd.customer_id
    join lateral (select e164 from customer_phones p where p.customer_id = c.id
                  order by p.is_primary desc limit 1) p on true
    left join lateral (select city from customer_addresses a where a.customer_id = c.id
                       limit 1) a on true
    where cd.dealer_id = ${dealerId} and c.kind = 'person' and c.lifecycle_stage = 'prospect'
      and not exists (select 1 from leads l where l.customer_id = c.id)
    order by c.id
    limit ${limit}`.execute(db);
  return rows.rows;
}
