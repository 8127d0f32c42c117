/**
 * Customer search in the service (listCustomers, no HTTP): the broad terms one at a time, warm,
 * so a plan change shows without the API's queueing. For each term and user: the median, min
 * and max of --runs calls after one unmeasured call, and the total the page reports.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/search-terms.ts [--runs 5] [--terms 'info@,office@']
 *
 * Users: the group admin, and the sales consultant with the most assigned customers (as
 * bench/api-latency.ts). Default terms: the four generic mailboxes of the demo data and the
 * consultant's commonest surnames.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForUser, findUserById, type Actor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { listCustomers } from '../src/modules/customer-view/index.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    terms: { type: 'string' },
  },
});
const runs = Number(options.runs);

const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('Set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { command: 'bench/search-terms.ts', poolSize: 1 });
const db = database.db;

const admin = await db
  .selectFrom('users')
  .select('id')
  .where('role', '=', 'group_admin')
  .executeTakeFirstOrThrow();
const consultant = await db
  .selectFrom('users')
  .innerJoin('customer_dealers as l', 'l.assigned_user_id', 'users.id')
  .select('users.id')
  .where('users.role', '=', 'sales_consultant')
  .groupBy('users.id')
  .orderBy((eb) => eb.fn.countAll(), 'desc')
  .executeTakeFirstOrThrow();
const actorOf = async (id: string): Promise<Actor> => {
  const user = await findUserById(db, id);
  if (!user) throw new Error(`no user ${id}`);
  return actorForUser(db, user);
};
const users = [
  { name: 'group admin', actor: await actorOf(admin.id) },
  { name: 'sales consultant', actor: await actorOf(consultant.id) },
];

// the consultant's three commonest surnames (his broad name searches)
const surnames = await sql<{ word: string }>`
  select split_part(c.display_name, ' ', 1) as word
    from customer_dealers l join customers c on c.id = l.customer_id
   where l.assigned_user_id = ${consultant.id} and c.kind = 'person'
   group by 1 order by count(*) desc limit 3`.execute(db);
const terms = options.terms
  ? options.terms.split(',')
  : ['info@', 'office@', 'auto@', 'fleet@', ...surnames.rows.map((row) => row.word)];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

console.log(
  `# ${new Date().toISOString()} load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
// the page's ids, hashed: the same hash before and after a change means the same page
console.log('| term | user | total | page | median ms | min–max ms |');
console.log('|---|---|---:|---|---:|---|');
const results: Record<string, number> = {};
for (const term of terms) {
  for (const user of users) {
    const query = { search: term, limit: 20, offset: 0 };
    const first = await listCustomers(db, user.actor, query, 'RU');
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await listCustomers(db, user.actor, query, 'RU');
      times.push(performance.now() - started);
    }
    const total = `${first.total}${first.totalCapped ? '+' : ''}`;
    const page = createHash('sha256')
      .update(first.items.map((item) => item.id).join())
      .digest('hex')
      .slice(0, 8);
    const ms = median(times);
    results[`${term} ${user.name}`] = Math.round(ms * 10) / 10;
    console.log(
      `| ${term} | ${user.name} | ${total} | ${page} | ${ms.toFixed(1)} | ${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} |`,
    );
  }
}
console.log(JSON.stringify({ runs, load: os.loadavg()[0], results }));
await database.close();
