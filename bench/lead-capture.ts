/**
 * Lead capture through the API, with the duplicate check and routing, on a PostgreSQL database
 * that holds demo data (issue 3: p95 under 50 ms per capture at 1M customers).
 *
 *   DATABASE_URL=postgres://... npx tsx bench/lead-capture.ts [--duration 20] [--connections 10] [--warmup 5] [--only TEXT]
 *
 * Three intake paths: a consultant enters a new person; a consultant enters someone whose phone
 * is already in the base (the lead joins that person); the call centre takes a brand lead with
 * no dealer, which the routing rules send to one. Every capture writes the person or the touch,
 * the lead, its vehicles of interest, the SLA task and the audit rows.
 */
import { createApiToken, systemActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import {
  loadOptions,
  machineLine,
  measure,
  resultsTable,
  startServe,
  type Measured,
  type Scenario,
} from './http-load.ts';

const options = loadOptions(5);
const { databaseUrl, duration, warmup, connections } = options;

const database = await openDatabase({ kind: 'postgres', url: databaseUrl }, { poolSize: 2 });
const db = database.db;
const consultant = await db
  .selectFrom('users as u')
  .innerJoin('dealers as d', 'd.id', 'u.dealer_id')
  .select(['u.id', 'u.dealer_id', 'd.code'])
  .where('u.role', '=', 'sales_consultant')
  .where('d.code', '=', 'MSK01')
  .orderBy('u.email')
  .executeTakeFirstOrThrow();
const callCentre = await db
  .selectFrom('users')
  .select('id')
  .where('role', '=', 'call_center')
  .executeTakeFirstOrThrow();
const token = async (userId: string) =>
  (await createApiToken(db, systemActor('cli'), userId, 'bench')).token;
const consultantToken = await token(consultant.id);
const callCentreToken = await token(callCentre.id);
const knownPhones = (
  await db
    .selectFrom('customer_dealers as cd')
    .innerJoin('customer_phones as p', 'p.customer_id', 'cd.customer_id')
    .innerJoin('customers as c', 'c.id', 'cd.customer_id')
    .select('p.e164')
    .where('cd.dealer_id', '=', consultant.dealer_id!)
    .where('c.kind', '=', 'person')
    .limit(2000)
    .execute()
).map((row) => row.e164);
const { customers } = await db
  .selectFrom('customers')
  .select((eb) => eb.fn.countAll<string>().as('customers'))
  .executeTakeFirstOrThrow();
await database.close();

// New phones for this run: +7 970, a run prefix and a counter (the demo has no 970 numbers).
const runPrefix = String(Date.now() % 100).padStart(2, '0');
let counter = 0;
const newPhone = () => `+7 970 ${runPrefix}${String(counter++ % 100_000).padStart(5, '0')}`;
const models = ['Monjaro', 'Coolray', 'Atlas', 'Tugella', 'Okavango', 'Emgrand'];
const model = () => models[counter % models.length]!;

const scenarios: Scenario[] = [
  {
    name: 'consultant enters a new person',
    token: consultantToken,
    next: () => ({
      path: '/api/leads',
      method: 'POST',
      body: JSON.stringify({
        source: 'own_prospecting',
        person: {
          firstName: 'Иван',
          lastName: `Замеров${counter}`,
          phones: [{ number: newPhone() }],
        },
        vehicles: [{ make: 'Geely', model: model() }],
        intendedPurchaseDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
      }),
    }),
  },
  {
    name: 'consultant enters a known phone (lead joins the person)',
    token: consultantToken,
    next: () => ({
      path: '/api/leads',
      method: 'POST',
      body: JSON.stringify({
        source: 'showroom',
        person: {
          lastName: 'Известный',
          phones: [{ number: knownPhones[counter++ % knownPhones.length] }],
        },
        vehicles: [{ make: 'Geely', model: model() }],
      }),
    }),
  },
  {
    name: 'call centre brand lead, routed to a dealer',
    token: callCentreToken,
    next: () => ({
      path: '/api/leads',
      method: 'POST',
      body: JSON.stringify({
        source: 'call_center',
        brandCode: 'GEELY',
        person: {
          lastName: `Маршрутов${counter}`,
          phones: [{ number: newPhone() }],
          city: 'Москва',
          postcode: '127411',
        },
        vehicles: [{ make: 'Geely', model: model() }],
      }),
    }),
  },
];

const { base, child } = await startServe();
const results: Measured[] = [];
try {
  // --only: the scenarios whose name contains the text (every one when empty)
  for (const scenario of scenarios.filter((s) => s.name.includes(options.only))) {
    if (warmup > 0) await measure(base, scenario, warmup, connections);
    const result = await measure(base, scenario, duration, connections);
    results.push(result);
    console.error(`${result.name}: p95 ${result.p95.toFixed(1)} ms, ${result.rps} req/s`);
  }
} finally {
  child.kill('SIGTERM');
}

console.log(
  `\n### Lead capture, ${options.label || `${Number(customers).toLocaleString('en')} customers`}\n`,
);
console.log(machineLine(options));
console.log(resultsTable(results));
