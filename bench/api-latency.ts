/**
 * API latency and throughput of customer search and the 360 view, against a running copy of
 * the server on a PostgreSQL database that holds demo data.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/api-latency.ts [--duration 20] [--connections 10] [--warmup 10] [--only surname]
 *
 * It samples real search terms and customer ids from the database, starts `autocrm serve` on a
 * free port, runs autocannon once per scenario, and prints p50/p95/p99 (from every response
 * time, not from autocannon's summary, which has no p95) and requests per second.
 *
 * Before measuring, every scenario runs unmeasured for --warmup seconds: a server keeps its
 * pooled connections for minutes, and a fresh PostgreSQL backend pays for its first touch of
 * every shared buffer (several times the query itself), which is not the steady state.
 */
import pg from 'pg';
import { createApiToken, systemActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import {
  loadOptions,
  machineLine,
  measure,
  resultsTable,
  rotating,
  startServe,
  type Measured,
  type Scenario,
} from './http-load.ts';

const options = loadOptions(10);
const { databaseUrl, duration, warmup, connections } = options;

type Sample = {
  customerIds: string[];
  ownCustomerIds: string[];
  surnames: string[];
  phones: string[];
  emails: string[];
  vinTails: string[];
  customers: number;
};

async function sample(client: pg.Client, consultantId: string): Promise<Sample> {
  const pick = async (query: string, params: unknown[] = []) =>
    (await client.query(query, params)).rows.map((row) => Object.values(row)[0] as string);
  const count = Number((await client.query('select count(*) from customers')).rows[0].count);
  const percent = Math.min(100, Math.max(0.01, (2000 / Math.max(count, 1)) * 100));
  return {
    customers: count,
    customerIds: await pick(`select id from customers tablesample system (${percent}) limit 500`),
    ownCustomerIds: await pick(
      `select customer_id from customer_dealers where assigned_user_id = $1 order by customer_id limit 500`,
      [consultantId],
    ),
    surnames: await pick(
      `select coalesce(last_name, company_name) from customers tablesample system (${percent})
        where coalesce(last_name, company_name) is not null limit 300`,
    ),
    phones: await pick(
      `select e164 from customer_phones tablesample system (${percent}) limit 300`,
    ),
    emails: await pick(
      `select split_part(normalized, '@', 1) || '@' from customer_emails tablesample system (${percent}) limit 300`,
    ),
    vinTails: await pick(
      `select right(vin, 8) from vehicles tablesample system (${percent}) where vin is not null limit 300`,
    ),
  };
}

/** A Russian phone the way people type it: 8 (916) 123-45-67; others as E.164 with spaces. */
function typed(e164: string): string {
  if (e164.startsWith('+7') && e164.length === 12) {
    const d = e164.slice(2);
    return `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`;
  }
  return `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6)}`;
}

const database = await openDatabase({ kind: 'postgres', url: databaseUrl }, { poolSize: 2 });
const admin = await database.db
  .selectFrom('users')
  .select('id')
  .where('role', '=', 'group_admin')
  .executeTakeFirstOrThrow();
const consultant = await database.db
  .selectFrom('users')
  .innerJoin('customer_dealers as l', 'l.assigned_user_id', 'users.id')
  .select('users.id')
  .where('users.role', '=', 'sales_consultant')
  .groupBy('users.id')
  .orderBy((eb) => eb.fn.countAll(), 'desc')
  .executeTakeFirstOrThrow();
const adminToken = (await createApiToken(database.db, systemActor('cli'), admin.id, 'bench')).token;
const consultantToken = (
  await createApiToken(database.db, systemActor('cli'), consultant.id, 'bench')
).token;
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const terms = await sample(client, consultant.id);
await client.end();
await database.close();

const { base, child: server } = await startServe();

const q = (text: string) => `/api/customers?limit=20&search=${encodeURIComponent(text)}`;
const scenarios: Scenario[] = [
  {
    name: '360 view, group admin',
    token: adminToken,
    next: rotating(terms.customerIds.map((id) => `/api/customers/${id}`)),
  },
  {
    name: '360 view, sales consultant (own scope)',
    token: consultantToken,
    next: rotating(terms.ownCustomerIds.map((id) => `/api/customers/${id}`)),
  },
  {
    name: 'search by surname, group admin',
    token: adminToken,
    next: rotating(terms.surnames.map(q)),
  },
  {
    name: 'search by phone as typed, group admin',
    token: adminToken,
    next: rotating(terms.phones.map((p) => q(typed(p)))),
  },
  { name: 'search by e-mail, group admin', token: adminToken, next: rotating(terms.emails.map(q)) },
  {
    name: 'search by VIN tail, group admin',
    token: adminToken,
    next: rotating(terms.vinTails.map(q)),
  },
  {
    name: 'search by surname, sales consultant',
    token: consultantToken,
    next: rotating(terms.surnames.map(q)),
  },
  {
    name: 'search by phone, sales consultant',
    token: consultantToken,
    next: rotating(terms.phones.map((p) => q(typed(p)))),
  },
  {
    name: 'customer list first page, group admin',
    token: adminToken,
    next: rotating(['/api/customers?limit=50']),
  },
  {
    name: 'customer list first page, sales consultant',
    token: consultantToken,
    next: rotating(['/api/customers?limit=50']),
  },
];

const results: Measured[] = [];
try {
  for (const scenario of scenarios.filter((s) => s.name.includes(options.only))) {
    if (warmup > 0) await measure(base, scenario, warmup, connections);
    const result = await measure(base, scenario, duration, connections);
    results.push(result);
    console.error(`${result.name}: p95 ${result.p95.toFixed(1)} ms, ${result.rps} req/s`);
  }
} finally {
  server.kill('SIGTERM');
}

console.log(`\n### ${options.label || `${terms.customers.toLocaleString('en')} customers`}\n`);
console.log(machineLine(options));
console.log(resultsTable(results));
