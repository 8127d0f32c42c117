/**
 * Journey runner throughput (issue 5): N people enter a journey with a wait, a condition, an
 * e-mail step and a task step, and the runner's passes are timed, on a PostgreSQL database with
 * demo data (bench/demo-load.ts).
 *
 *   DATABASE_URL=postgres://... npx tsx bench/journey-runner.ts [--people 100000]
 *     [--batch 500] [--profile]
 *
 * Set-up, untimed: a group journey "after a service visit" (wait 1 day -> has e-mail marketing
 * consent? -> yes: an MJML e-mail in ru/en/zh; no: a call task for the person's dealer's CRM
 * manager, written set-based per batch like the e-mail), created and enabled through the
 * journeys service, and one lifecycle event for each of N customers (one statement), as the
 * care programme's daily run writes them. Quiet hours are switched off in the bench database
 * (the figures must not depend on the hour it runs), and journeys left enabled by an earlier
 * run of this bench are disabled, so that a pass runs this journey alone.
 * Timed, with the runner's clock moved on (runJourneys, the worker's pass, batch 500):
 *   1. enter: the trigger's INSERT ... SELECT brings the N people in, and each takes his first
 *      step (the wait, which sets his wake time);
 *   2. wake: a day later all N are due: the wait ends, the condition is one query per batch,
 *      those with consent get the e-mail (rendered, tracked, written to the outbox), the others
 *      a call task (one INSERT … SELECT per batch); every step logged;
 *   3. idle: a pass with nobody due (what every minute costs once the work is done).
 * Each pass prints people entered and advanced, batches, seconds and people advanced per
 * second; --profile adds the database time per statement (the 12 costliest, with how often
 * each ran: a statement run once per person shows as N calls). One JSON line at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  PostgresQueryCompiler,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { systemActor, withActor } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { runJourneys, type RunReport } from '../src/modules/journeys/engine.ts';
import { journeyBody } from '../src/modules/journeys/journey.schemas.ts';
import { createJourney, setJourneyEnabled } from '../src/modules/journeys/journeys.service.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    profile: { type: 'boolean', default: false },
  },
});
const wanted = Number(options.people);
const batchSize = Number(options.batch);

/** Database time per statement text (first 90 characters), when --profile asks for it. */
class StatementClock implements KyselyPlugin {
  private running = new Map<unknown, { node: RootOperationNode; start: number }>();
  private compiler = new PostgresQueryCompiler();
  readonly totals = new Map<string, { calls: number; ms: number }>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.running.set(args.queryId, { node: args.node, start: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const running = this.running.get(args.queryId);
    this.running.delete(args.queryId);
    if (running) this.record(running.node, performance.now() - running.start);
    return args.result;
  }

  private record(node: RootOperationNode, ms: number): void {
    const text = this.compiler
      .compileQuery(node, { queryId: 'profile' })
      .sql.replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90);
    const total = this.totals.get(text) ?? { calls: 0, ms: 0 };
    total.calls += 1;
    total.ms += ms;
    this.totals.set(text, total);
  }
}

const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('Set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { command: 'bench/journey-runner.ts' });
const clock = new StatementClock();
const db = options.profile ? database.db.withPlugin(clock) : database.db;
const system = systemActor('cli');

// --- set-up, untimed -------------------------------------------------------------------------
const base = await sql<{ n: number }>`select count(*)::int as n from customers`.execute(db);
const people = Math.min(wanted, base.rows[0]!.n);
if (people === 0) throw new Error('No customers: load demo data first (bench/demo-load.ts)');
await db.updateTable('marketing_contact_rules').set({ quiet_start: 0, quiet_end: 0 }).execute();
await withActor(db, system, (tx) =>
  tx
    .updateTable('journeys')
    .set({ enabled: false })
    .where('name', 'like', 'Bench runner%')
    .where('enabled', '=', true)
    .execute(),
);
const others = await sql<{
  n: number;
}>`select count(*)::int as n from journeys where enabled`.execute(db);

const mjml = (greeting: string) => `<mjml><mj-body><mj-section><mj-column>
  <mj-text font-size="20px">${greeting}, {{customer.firstName}}!</mj-text>
  <mj-text>{{#if vehicle}}{{vehicle.make}} {{vehicle.model}}{{else}}{{dealer.name}}{{/if}}</mj-text>
  <mj-button href="https://dealer.example/service?utm_campaign=journey">Book</mj-button>
  <mj-text font-size="11px"><a href="{{links.unsubscribe}}">unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;
const tag = new Date().toISOString();
const journey = await createJourney(
  db,
  system,
  journeyBody.parse({
    name: `Bench runner ${tag}`,
    ownerLevel: 'group',
    trigger: { type: 'lifecycle', event: 'after_visit_follow_up' },
    reentry: 'once',
    defaultLanguage: 'ru',
    definition: {
      start: 'day',
      steps: [
        { id: 'day', type: 'wait', mode: 'duration', amount: 1, unit: 'days', next: 'consent' },
        {
          id: 'consent',
          type: 'condition',
          condition: { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
          yes: 'mail',
          no: 'call',
        },
        {
          id: 'call',
          type: 'task',
          title: { ru: 'Позвонить после визита', en: 'Call after the visit', zh: '回访来店客户' },
          kind: 'call',
          priority: 'normal',
          assigneeRole: 'crm_manager',
          dueInDays: 1,
          next: null,
        },
        {
          id: 'mail',
          type: 'send',
          channel: 'email',
          purpose: 'marketing',
          content: {
            ru: {
              subject: '{{customer.firstName}}, как прошёл визит?',
              mjml: mjml('Здравствуйте'),
            },
            en: { subject: '{{customer.firstName}}, how was your visit?', mjml: mjml('Hello') },
            zh: { subject: '{{customer.firstName}}，这次保养满意吗？', mjml: mjml('您好') },
          },
          next: null,
        },
      ],
    },
  }),
);
await setJourneyEnabled(db, system, journey.id, true);
// after enabling: the journey reads the events emitted from that moment on
await withActor(db, system, (tx) =>
  sql`insert into lifecycle_events
        (event_type, customer_id, dealer_id, due_date, occurrence_key, emitted_at)
      select 'after_visit_follow_up', c.id,
             (select l.dealer_id from customer_dealers l where l.customer_id = c.id
               order by l.last_at desc nulls last limit 1),
             current_date, ${`bench-runner:${tag}`}, now()
        from (select id from customers order by id limit ${people}) c`.execute(tx),
);
await sql`analyze lifecycle_events`.execute(db);

// --- timed passes ----------------------------------------------------------------------------
type PassResult = RunReport & { pass: string; seconds: number; advancedPerSecond: number };
const results: PassResult[] = [];
const t0 = Date.now();
async function pass(name: string, now: Date): Promise<void> {
  clock.totals.clear();
  const start = performance.now();
  const report = await runJourneys(db, now, { batchSize });
  const seconds = (performance.now() - start) / 1000;
  const result = {
    pass: name,
    ...report,
    seconds: Math.round(seconds * 10) / 10,
    advancedPerSecond: Math.round(report.advanced / seconds),
  };
  results.push(result);
  console.log(
    `${name.padEnd(6)} entered ${String(report.entered).padStart(7)}  advanced ${String(report.advanced).padStart(7)}  batches ${String(report.batches).padStart(4)}  ${result.seconds.toFixed(1).padStart(7)} s  ${String(result.advancedPerSecond).padStart(6)} people/s`,
  );
  if (options.profile) {
    const top = [...clock.totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
    for (const [text, total] of top) {
      console.log(
        `    ${(total.ms / 1000).toFixed(1).padStart(6)} s ${String(total.calls).padStart(7)} calls  ${text}`,
      );
    }
  }
}

await pass('enter', new Date(Date.now() + 1000));
await pass('wake', new Date(t0 + 86_400_000 + 60_000));
await pass('idle', new Date(t0 + 86_400_000 + 120_000));

const outcomes = await sql<{ step_id: string; outcome: string; n: number }>`
  select step_id, outcome, count(*)::int as n from journey_step_log
   where journey_id = ${journey.id} group by 1, 2 order by 1, 2`.execute(db);
const finished = await sql<{ status: string; n: number }>`
  select status, count(*)::int as n from journey_enrollments
   where journey_id = ${journey.id} group by 1 order by 1`.execute(db);
console.log(
  'log:',
  outcomes.rows.map((row) => `${row.step_id}/${row.outcome} ${row.n}`).join(', '),
  '| runs:',
  finished.rows.map((row) => `${row.status} ${row.n}`).join(', '),
);
console.log(
  JSON.stringify({
    database: describeTarget(target),
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10),
    customers: base.rows[0]!.n,
    people,
    batchSize,
    otherEnabledJourneys: others.rows[0]!.n,
    results,
  }),
);
await database.close();
