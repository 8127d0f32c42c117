/**
 * Segment count speed: the live count of the segment builder, five conditions, on a
 * PostgreSQL database with demo data (bench/demo-load.ts).
 *
 *   DATABASE_URL=postgres://... npx tsx bench/segment-count.ts [--runs 5] [--explain] [--only owners]
 *
 * Segments measured, each in the group's scope and in the scope of the dealer with the most
 * customers:
 *   dormant: seed 004's example with its top tier — a service visit in the last 2 years, none in
 *            the last 6 months, average receipt at least 15,000, e-mail consent, stage customer
 *            or owner (5 conditions);
 *   owners:  a car of the two commonest makes, 3 to 7 years old, birthday in the next 30 days
 *            or more than 2 visits, e-mail consent, no lead in the last year (5 conditions);
 *   birthdays: birthday in the next 7 days and e-mail consent (2 conditions: the greetings
 *            list; the birthday window is an index range since migration 0284).
 * Each is counted once unmeasured, then --runs times; the median, min and max are printed with
 * the count, and one JSON line at the end. --only names one segment to measure. --explain plans
 * the count with the settings countSegment uses (segment-query-settings.ts; parallel workers when
 * segmentCountQuery asks for them). --sql prints each
 * count's SQL with the bench's own values inlined (to try plans in psql) and measures nothing.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { systemActor, type Scope } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import type { Condition } from '../src/modules/marketing/index.ts';
import { withSegmentQuerySettings } from '../src/modules/marketing/segment-query-settings.ts';
import { countSegment, segmentCountQuery } from '../src/modules/marketing/segments.service.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    explain: { type: 'boolean', default: false },
    only: { type: 'string' },
    sql: { type: 'boolean', default: false },
  },
});
const runs = Number(options.runs);

const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('Set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { command: 'bench/segment-count.ts' });
const db = database.db;

const sizes = await sql<{ customers: string; visits: string }>`
  select (select count(*) from customers) as customers, (select count(*) from service_visits) as visits`.execute(
  db,
);
const makes = await sql<{ make_name: string }>`
  select make_name from vehicles group by make_name order by count(*) desc limit 2`.execute(db);
const dealer = await sql<{ dealer_id: string; n: string }>`
  select dealer_id, count(*) as n from customer_dealers group by dealer_id order by count(*) desc limit 1`.execute(
  db,
);

const ago = (amount: number, unit: 'months' | 'years') => ({ from: { ago: { amount, unit } } });
const segments: Record<string, Condition> = {
  dormant: {
    type: 'and',
    conditions: [
      { type: 'service', when: ago(2, 'years') },
      { type: 'not', condition: { type: 'service', when: ago(6, 'months') } },
      { type: 'service', when: ago(2, 'years'), average: { min: 1_500_000 } },
      { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
      { type: 'lifecycle', stages: ['customer', 'owner'] },
    ],
  },
  owners: {
    type: 'and',
    conditions: [
      {
        type: 'vehicle',
        makes: makes.rows.map((row) => row.make_name),
        ageYears: { min: 3, max: 7 },
      },
      {
        type: 'or',
        conditions: [
          { type: 'anniversary', of: 'birthday', nextDays: 30 },
          { type: 'service', count: { min: 3 } },
        ],
      },
      { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
      { type: 'not', condition: { type: 'lead', when: ago(1, 'years') } },
    ],
  },
  birthdays: {
    type: 'and',
    conditions: [
      { type: 'anniversary', of: 'birthday', nextDays: 7 },
      { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
    ],
  },
};

const scopes: Record<string, Scope> = {
  group: { level: 'group' },
  dealer: { level: 'dealer', dealerIds: [dealer.rows[0]!.dealer_id] },
};

const results: object[] = [];
for (const [segmentName, tree] of Object.entries(segments)) {
  if (options.only && options.only !== segmentName) continue;
  for (const [scopeName, scope] of Object.entries(scopes)) {
    const actor = { ...systemActor('cli'), scope };
    if (options.sql) {
      console.log(`-- ${segmentName} ${scopeName}\n${inlined(scope, tree)};`);
      continue;
    }
    const count = await countSegment(db, actor, tree);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await countSegment(db, actor, tree);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const row = {
      segment: segmentName,
      scope: scopeName,
      count,
      medianMs: Math.round(times[Math.floor(times.length / 2)]!),
      minMs: Math.round(times[0]!),
      maxMs: Math.round(times[times.length - 1]!),
    };
    results.push(row);
    console.log(
      `${segmentName.padEnd(8)} ${scopeName.padEnd(6)} count ${String(count).padStart(8)}  median ${row.medianMs} ms (min ${row.minMs}, max ${row.maxMs})`,
    );
    if (options.explain) {
      const plan = await withSegmentQuerySettings(
        db,
        (tx) => sql.raw(`explain (analyze, buffers) ${inlined(scope, tree)}`).execute(tx),
        { parallel: segmentCountQuery(db, scope, tree).parallel },
      );
      for (const line of plan.rows as { 'QUERY PLAN': string }[])
        console.log(`  ${line['QUERY PLAN']}`);
    }
  }
}

/** The count's SQL with its parameters written in, only for the bench's own fixed values. */
function inlined(scope: Scope, tree: Condition): string {
  const query = segmentCountQuery(db, scope, tree).query.compile();
  return query.sql.replace(/\$(\d+)/g, (_m, n: string) => literal(query.parameters[Number(n) - 1]));
}

/** A parameter as an SQL literal, only to print a plan of the bench's own fixed values. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `array[${value.map(literal).join(',')}]`;
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

if (!options.sql) {
  console.log(
    JSON.stringify({
      database: describeTarget(target),
      cpus: os.cpus().length,
      customers: Number(sizes.rows[0]!.customers),
      visits: Number(sizes.rows[0]!.visits),
      dealerCustomers: Number(dealer.rows[0]!.n),
      results,
    }),
  );
}
await database.close();
