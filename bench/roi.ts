/**
 * Campaign ROI report speed (issue 7: every dashboard under 2 s at 1M customers / 5M visits),
 * in the service (roiReportOf, as GET /api/marketing/roi calls it), on a demo load with the
 * campaigns of bench/roi-seed.ts.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/roi.ts [--runs 5] [--only source] [--explain]
 *
 * Cases, each per campaign (the default grouping) and per lead source: the group admin over the
 * whole group; the group admin with the filter brandCode (the brand with the most dealers);
 * a brand manager (brand scope); a dealer manager (the dealer with the most customers). The
 * period is the last 365 days. Each case runs once unmeasured, then --runs times; the median and
 * the p95 (nearest rank) are printed with the number of rows, and one JSON line at the end.
 * --only names one grouping, --cases N runs the first N cases. --dump FILE writes every answer
 * as JSON, to compare two versions' answers (`diff`). --explain runs each case once on one connection with auto_explain
 * (analyze, buffers) instead, so the server's log holds the plan of every statement over 1 s.
 * The report reads the kept credits (marketing_roi_credits, roi-credits.ts); --live runs the
 * attribution rule live instead (what the report did before 0252: answers must be identical,
 * compare two --dump files, which leave out the "as of" time). --rebuild first times a full
 * build of the credits and an incremental refresh with nothing changed; --touch N (also alone)
 * then an incremental refresh after stamping N recipient rows as opened now (a later open
 * than any conversion, so no credit moves, but N people are credited again).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForUser, findUserById, type Actor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { resolveFilter } from '../src/modules/analytics/index.ts';
import { refreshRoiCredits } from '../src/modules/marketing/roi-credits.ts';
import { roiReportOf, type RoiGrouping } from '../src/modules/marketing/roi.service.ts';
import { databaseTarget } from '../src/server/config.ts';
import { percentile } from './http-load.ts';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    explain: { type: 'boolean', default: false },
    'explain-ms': { type: 'string', default: '1000' },
    cases: { type: 'string' },
    case: { type: 'string' },
    dump: { type: 'string' },
    live: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    touch: { type: 'string', default: '0' },
  },
});
const runs = Number(options.runs);

const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('Set DATABASE_URL to a PostgreSQL database');
// one connection with --explain: auto_explain is loaded into that session
const database = await openDatabase(target, {
  command: 'bench/roi.ts',
  poolSize: options.explain ? 1 : 4,
});
const db = database.db;
if (options.explain) {
  // the plans come back as notices on the one connection and are printed here
  database.pool.on('connect', (client) =>
    client.on('notice', (notice) => console.log(notice.message)),
  );
  await sql`load 'auto_explain'`.execute(db);
  await sql`select set_config('auto_explain.log_min_duration', ${options['explain-ms']}, false),
                   set_config('auto_explain.log_analyze', 'on', false),
                   set_config('auto_explain.log_buffers', 'on', false),
                   set_config('auto_explain.log_level', 'notice', false)`.execute(db);
}

const timed = async (what: string, work: () => Promise<unknown>) => {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  console.log(`${what}: ${ms.toFixed(0)} ms, load ${os.loadavg()[0]!.toFixed(2)}`, result);
};
if (options.rebuild) {
  await timed('full build of the ROI credits', () => refreshRoiCredits(db, { full: true }));
  await sql`analyze marketing_roi_credits`.execute(db);
}
const touch = Number(options.touch);
if (options.rebuild || touch > 0) {
  await timed('incremental refresh, nothing changed', () =>
    refreshRoiCredits(db, { overlapMs: 0 }),
  );
  if (touch > 0) {
    // first opens stamped now on N unopened recipient rows of the latest sends: N people to
    // credit again; an open after every conversion moves no credit
    await sql`update marketing_campaign_recipients set opened_at = now()
               where (campaign_id, customer_id) in (
                 select campaign_id, customer_id from marketing_campaign_recipients
                  where status = 'queued' and opened_at is null
                  order by created_at desc limit ${touch})`.execute(db);
    await timed(`incremental refresh after ${touch} opens`, () =>
      refreshRoiCredits(db, { overlapMs: 0 }),
    );
  }
}

const campaigns = await sql<{ n: number }>`
  select count(*)::int as n from marketing_campaigns where status = 'sent'`.execute(db);
if (!campaigns.rows[0]!.n) throw new Error('No sent campaign: run bench/roi-seed.ts first');

const userOf = async (role: string, order: ReturnType<typeof sql>): Promise<Actor> => {
  const row = await sql<{ id: string }>`
    select u.id from users u where u.role = ${role} order by ${order} limit 1`.execute(db);
  const user = row.rows[0] && (await findUserById(db, row.rows[0].id));
  if (!user) throw new Error(`no user with role ${role}`);
  return actorForUser(db, user);
};
// the dealer with the most customers, and the brand sold by the most dealers
const bigDealer = sql`(select count(*) from customer_dealers l where l.dealer_id = u.dealer_id) desc`;
const brand = await sql<{ code: string }>`
  select b.code from brands b join dealer_brands d on d.brand_id = b.id
   group by b.code order by count(*) desc, b.code limit 1`.execute(db);
const brandCode = brand.rows[0]!.code;

const admin = await userOf('group_admin', sql`u.created_at`);
const brandManager = await userOf('brand_manager', sql`u.created_at`);
const dealerManager = await userOf('dealer_manager', bigDealer);

const to = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
const cases: { name: string; actor: Actor; brandCode?: string }[] = [
  { name: 'group admin, whole group', actor: admin },
  { name: `group admin, brandCode=${brandCode}`, actor: admin, brandCode },
  { name: 'brand manager', actor: brandManager },
  { name: 'dealer manager', actor: dealerManager },
];
const groupings: RoiGrouping[] = ['campaign', 'source'];
// --cases 2: the first two cases only
cases.splice(Number(options.cases ?? cases.length));
// --case brand: only the cases whose name holds it
if (options.case)
  cases.splice(0, cases.length, ...cases.filter((c) => c.name.includes(options.case!)));

console.log(
  `# ${new Date().toISOString()} ${from}..${to}, ${campaigns.rows[0]!.n} sent campaigns, load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
console.log('| case | grouping | rows | median ms | p95 ms |');
console.log('|---|---|---:|---:|---:|');
const results: Record<string, { median: number; p95: number }> = {};
const answers: Record<string, unknown> = {};
for (const grouping of groupings) {
  if (options.only && grouping !== options.only) continue;
  for (const one of cases) {
    const filter = await resolveFilter(db, { from, to, brandCode: one.brandCode });
    const mode = { live: options.live };
    const firstStarted = performance.now();
    const first = await roiReportOf(db, one.actor, filter, grouping, mode);
    const firstMs = performance.now() - firstStarted;
    // the refresh time differs from run to run: the figures are what must be identical
    answers[`${one.name} / ${grouping}`] = { ...first, asOf: undefined };
    const times: number[] = [];
    for (let run = 0; run < (options.explain ? 0 : runs); run += 1) {
      const started = performance.now();
      await roiReportOf(db, one.actor, filter, grouping, mode);
      times.push(performance.now() - started);
    }
    if (options.explain) {
      console.log(`${one.name} / ${grouping}: planned above`);
      continue;
    }
    // --runs 0: the first (unmeasured) call's time is all there is
    if (!times.length) times.push(firstMs);
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    const p95 = percentile(times, 95);
    results[`${one.name} / ${grouping}`] = { median: Math.round(median), p95: Math.round(p95) };
    console.log(
      `| ${one.name} | ${grouping} | ${first.rows.length} | ${median.toFixed(0)} | ${p95.toFixed(0)} |`,
    );
  }
}
console.log(JSON.stringify({ runs, load: os.loadavg()[0], results }));
if (options.dump) writeFileSync(options.dump, `${JSON.stringify(answers, null, 1)}\n`);
await database.close();
