/**
 * Where the time of one check at capture goes (issue 6), on a shared PostgreSQL database that
 * holds demo data; nothing is written.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/capture-profile.ts [--probes 50] [--dealer MSK01]
 *
 * For each kind of person entered (a typo of a dealer's customer, a new person, the dealer's
 * commonest name, the base's commonest Russian and Chinese names), the check's parts are timed
 * one after the other on one connection, probe by probe:
 *   - `candidates`: the candidate statement alone (ids and names, the scope applied);
 *   - `unscoped`: the same statement as the group admin (no scope probe), for the scope's share;
 *   - `statement`: the check's one statement (candidates and their records, `namedRecordsIn`);
 *   - `round trip`: `select 1`, the cost of any statement on this connection;
 *   - `scoring`: the engine scoring the candidates in Node (`explainCandidates`).
 * Medians and p95 in ms, with the candidates' count.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForUser, type Actor, type UserRow } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { namedRecordsIn } from '../src/modules/quality/duplicates/base-records.ts';
import { explainCandidates } from '../src/modules/quality/duplicates/candidate-scoring.ts';
import { candidatesQuery } from '../src/modules/quality/duplicates/capture-candidates.ts';
import type { PersonRecord } from '../src/modules/quality/matching/index.ts';
import { databaseTarget } from '../src/server/config.ts';
import { percentile } from './http-load.ts';

const { values: options } = parseArgs({
  options: {
    probes: { type: 'string', default: '50' },
    dealer: { type: 'string', default: 'MSK01' },
  },
});
const probes = Number(options.probes);
const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { poolSize: 1, command: 'bench/capture-profile.ts' });
const db = database.db;

async function firstUser(role: UserRow['role'], dealer?: string): Promise<Actor> {
  let query = db
    .selectFrom('users as u')
    .leftJoin('dealers as d', 'd.id', 'u.dealer_id')
    .selectAll('u')
    .where('u.role', '=', role);
  if (dealer) query = query.where('d.code', '=', dealer);
  const user = (await query.orderBy('u.email').executeTakeFirstOrThrow()) as UserRow;
  return actorForUser(db, user, 'cli');
}
const actor = await firstUser('sales_consultant', options.dealer);
const admin = await firstUser('group_admin');

type Person = Omit<PersonRecord, 'id'>;
const dealerPeople = (
  await sql<{ first_name: string; last_name: string; birth_date: string }>`
    select c.first_name, c.last_name, c.birth_date::text as birth_date
      from customer_dealers cd join customers c on c.id = cd.customer_id
     where cd.dealer_id = ${actor.scope.level === 'group' ? null : actor.scope.dealerIds[0]!}
       and c.kind = 'person' and c.merged_into is null and c.first_name is not null
       and c.last_name is not null and c.birth_date is not null
     order by md5(c.id::text) limit ${probes}`.execute(db)
).rows;
/** The commonest surname and given name among the persons a condition selects. */
async function commonest(condition: ReturnType<typeof sql>): Promise<Person> {
  const row = (
    await sql<{ last_name: string; first_name: string }>`
      select c.last_name, c.first_name from customers c
       where c.kind = 'person' and c.merged_into is null and c.last_name is not null
         and c.first_name is not null and ${condition}
       group by 1, 2 order by count(*) desc, 1, 2 limit 1`.execute(db)
  ).rows[0]!;
  return { lastName: row.last_name, firstName: row.first_name };
}
const atDealer = await commonest(
  sql`exists (select 1 from customer_dealers cd where cd.customer_id = c.id
              and cd.dealer_id = ${actor.scope.level === 'group' ? null : actor.scope.dealerIds[0]!})`,
);
const inBase = await commonest(sql`true`);
const chinese = await commonest(sql`c.last_name ~ '[\u4e00-\u9fff]'`);
const typo = (name: string) =>
  name.length > 2 ? name.slice(0, 2) + (name[2] === 'а' ? 'о' : 'а') + name.slice(3) : name + 'а';
const bornIn = (i: number) => `19${70 + (i % 30)}-05-15`;
const kinds: { name: string; person: (i: number) => Person }[] = [
  {
    name: 'typo',
    person: (i) => ({
      firstName: typo(dealerPeople[i]!.first_name),
      lastName: dealerPeople[i]!.last_name,
      birthDate: dealerPeople[i]!.birth_date,
    }),
  },
  {
    name: 'new person',
    person: (i) => ({ firstName: 'Эксперимент', lastName: `Проверкин${i}x`, birthDate: bornIn(i) }),
  },
  {
    name: `${atDealer.lastName} ${atDealer.firstName}`,
    person: (i) => ({ ...atDealer, birthDate: bornIn(i) }),
  },
  {
    name: `${inBase.lastName} ${inBase.firstName}`,
    person: (i) => ({ ...inBase, birthDate: bornIn(i) }),
  },
  {
    name: `${chinese.lastName} ${chinese.firstName}`,
    person: (i) => ({ ...chinese, birthDate: bornIn(i) }),
  },
];

async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}
const parts = ['round trip', 'candidates', 'unscoped', 'statement', 'scoring'] as const;
console.log(
  `\n${os.cpus().length} cores, Node ${process.version}, dealer ${options.dealer}, ${probes} probes a kind, load ${os.loadavg()[0]!.toFixed(1)} at the start`,
);
console.log(`\n| kind | candidates | ${parts.map((p) => `${p} p50 / p95`).join(' | ')} |`);
console.log(`| --- | ---: | ${parts.map(() => '---:').join(' | ')} |`);
for (const kind of kinds) {
  const times = new Map<string, number[]>(parts.map((p) => [p, []]));
  const counts: number[] = [];
  for (let i = -3; i < probes; i++) {
    const person = { id: randomUUID(), ...kind.person(Math.max(i, 0)) };
    const [trip] = await timed(() => sql`select 1`.execute(db));
    const [cand] = await timed(() => candidatesQuery(actor, person).execute(db));
    const [unscoped] = await timed(() => candidatesQuery(admin, person).execute(db));
    const [statement, named] = await timed(() =>
      namedRecordsIn(db, candidatesQuery(actor, person)),
    );
    const [scoring] = await timed(() =>
      explainCandidates(
        person,
        named.map((n) => n.record),
      ),
    );
    if (i < 0) continue; // warm-up
    counts.push(named.length);
    for (const [part, ms] of [
      ['round trip', trip],
      ['candidates', cand],
      ['unscoped', unscoped],
      ['statement', statement],
      ['scoring', scoring],
    ] as const)
      times.get(part)!.push(ms);
  }
  const cell = (part: string) => {
    const sorted = times.get(part)!.sort((a, b) => a - b);
    return `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 95).toFixed(1)}`;
  };
  counts.sort((a, b) => a - b);
  console.log(`| ${kind.name} | ${percentile(counts, 50)} | ${parts.map(cell).join(' | ')} |`);
}
console.log(`\nload ${os.loadavg()[0]!.toFixed(1)} at the end`);
await database.close();
