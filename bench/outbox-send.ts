/**
 * Render-and-send throughput of a personalised e-mail campaign (marketing, issue 5: "at least
 * 1,500 messages/s rendered and queued, memory flat whatever the audience size").
 *
 *   DATA_DIR=/tmp/bench-outbox-100k npx tsx bench/outbox-send.ts [--customers 100000]
 *   DATABASE_URL=postgres://.../fresh npx tsx bench/outbox-send.ts --customers 100000
 *   options: --batch 500 (rows a delivery pass claims), --transport smtp|smtp-pool|none,
 *            --concurrency 5 (messages with the SMTP server at once, and its pooled connections;
 *            the worker's OUTBOX_CONCURRENCY), --sink-delay-ms 0 (the sink answers each message
 *            this late: a remote relay's round trips), --offers 0 (recommended offers in the
 *            catalogue; above 0 the template lists `{{#each offers}}`), --render-only (stop
 *            after render and queue), --dealer-texts (the dealer has a signature and a paragraph
 *            in the campaign, and the template prints `{{dealer.signature}}` and
 *            `{{dealer.note}}`: 0273), --query-times (print where render and queue's database
 *            time went, by statement: bench/query-timer.ts)
 *
 * On an empty database (it migrates it): one group, dealer and CRM manager; N customers with an
 * e-mail address and e-mail marketing consent, written set-based (untimed); a segment "e-mail
 * consent" and a group campaign with one MJML + Handlebars variant in ru/en/zh. Then, timed:
 *   1. render and queue: sendCampaign, the same call as the API's "send" (pages of 500 read by
 *      keyset, each e-mail rendered, tracked and written to the outbox with its recipients row);
 *   2. send: drainOutbox, the worker's tick with no time budget (passes while they come back
 *      full), into a local smtp-server in its own process (bench/smtp-count-sink.ts) that
 *      counts messages and distinct Message-IDs;
 *      --transport none replaces SMTP by a function that answers at once, which leaves only
 *      the outbox's own bookkeeping (claim, 'sending' mark, 'sent' mark) to measure.
 * The process's RSS and V8 heap are sampled every 100 ms; each phase reports its peak.
 * Quiet hours are switched off in the bench database, so the figures do not depend on the
 * hour it runs.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import {
  actorForUser,
  hashPassword,
  insertUser,
  systemActor,
  withActor,
} from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { campaignBody } from '../src/modules/marketing/campaign.schemas.ts';
import { createCampaign, sendCampaign } from '../src/modules/marketing/campaigns.service.ts';
import { segmentBody } from '../src/modules/marketing/segment.schemas.ts';
import { createSegment } from '../src/modules/marketing/segments.service.ts';
import { saveDealerNote } from '../src/modules/marketing/dealer-notes.service.ts';
import { saveDealerSignature } from '../src/modules/marketing/dealer-signature.service.ts';
import { offerBody } from '../src/modules/marketing/offers.schemas.ts';
import { createOffer } from '../src/modules/marketing/offers.service.ts';
import {
  defaultOutboxConcurrency,
  drainOutbox,
  smtpTransport,
  type OutboxTransport,
} from '../src/modules/messaging/index.ts';
import { createBrand, createDealer, createRegion, ensureGroup } from '../src/modules/org/index.ts';
import { databaseTarget, describeTarget } from '../src/server/config.ts';
import { startQueryTimer } from './query-timer.ts';

const { values: options } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    transport: { type: 'string', default: 'smtp' },
    concurrency: { type: 'string', default: String(defaultOutboxConcurrency) },
    'sink-delay-ms': { type: 'string', default: '0' },
    offers: { type: 'string', default: '0' },
    'render-only': { type: 'boolean', default: false },
    'dealer-texts': { type: 'boolean', default: false },
    'query-times': { type: 'boolean', default: false },
  },
});
const offerCount = Number(options.offers);
const dealerTexts = options['dealer-texts'];
const customers = Number(options.customers);
const batchSize = Number(options.batch);
const transportKind = options.transport;
const concurrency = Number(options.concurrency);
if (!['smtp', 'smtp-pool', 'none'].includes(transportKind)) {
  throw new Error('--transport is smtp, smtp-pool or none');
}

/** Peak RSS and heap between start() and stop(), sampled every 100 ms. */
function memoryProbe() {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  let ticks = 0;
  const timer = setInterval(() => {
    sample();
    // a line every 10 s, to see memory along the run and not only its peak
    if (++ticks % 100 === 0) {
      const usage = process.memoryUsage();
      console.log(
        `  ${ticks / 10} s: rss ${Math.round(usage.rss / 2 ** 20)} MB, heap ${Math.round(usage.heapUsed / 2 ** 20)} MB`,
      );
    }
  }, 100);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return {
        peakRssMb: Math.round(peakRss / 2 ** 20),
        peakHeapMb: Math.round(peakHeap / 2 ** 20),
      };
    },
  };
}

const target = databaseTarget();
const database = await openDatabase(target, { command: 'bench/outbox-send.ts' });
const db = database.db;
await migrate(database.pool);
const existing = await db
  .selectFrom('customers')
  .select(sql<number>`count(*)::int`.as('n'))
  .executeTakeFirstOrThrow();
if (existing.n > 0)
  throw new Error('Run the bench on an empty database (a new DATA_DIR or database)');

// --- set-up, untimed -------------------------------------------------------------------------
const setupStart = performance.now();
const system = systemActor('cli');
await ensureGroup(db, system, {
  name: 'Bench Group',
  country: 'RU',
  currency: 'RUB',
  timezone: 'Europe/Moscow',
});
await createBrand(db, system, { code: 'X', name: 'Xcar' });
await createRegion(db, system, { code: 'R1', name: 'Russia One', country: 'RU' });
const dealerId = await createDealer(db, system, {
  code: 'D1',
  name: 'Dealer One',
  regionCode: 'R1',
  brandCodes: ['X'],
  country: 'RU',
  timezone: 'Europe/Moscow',
  currency: 'RUB',
});
const user = await insertUser(db, {
  email: 'crm@bench.autocrm',
  displayName: 'Bench CRM manager',
  passwordHash: await hashPassword('bench password 1'),
  role: 'crm_manager',
});
const actor = await actorForUser(db, user);
await db.updateTable('marketing_contact_rules').set({ quiet_start: 0, quiet_end: 0 }).execute();

const chunk = 10_000;
for (let from = 1; from <= customers; from += chunk) {
  const to = Math.min(customers, from + chunk - 1);
  // one statement per chunk: customers, their e-mail, consent and dealer link
  await withActor(db, system, (tx) =>
    sql`with n as (select i from generate_series(${from}::int, ${to}::int) i),
      c as (
        insert into customers (kind, first_name, last_name, display_name, sort_key,
                               preferred_language, search_text, lifecycle_stage)
        select 'person', f.first, 'Benchmark' || n.i, f.first || ' Benchmark' || n.i,
               'benchmark' || n.i, (array['ru', 'en', 'zh'])[1 + n.i % 3],
               lower(f.first) || ' benchmark' || n.i, 'customer'
          from n, lateral (select (array['Anna', 'Boris', 'Vera', 'Gleb', 'Dina', 'Egor',
            'Inna', 'Lei', 'Mei', 'Oleg'])[1 + n.i % 10] as first) f
        returning id, sort_key),
      e as (
        insert into customer_emails (customer_id, address, normalized, is_primary)
        select id, sort_key || '@example.com', sort_key || '@example.com', true from c),
      k as (
        insert into consents (customer_id, channel, status, purpose, method)
        select id, 'email', 'granted', 'marketing', 'signed_form' from c)
      insert into customer_dealers (customer_id, dealer_id, relations)
      select id, ${dealerId}::uuid, '{sales}' from c`.execute(tx),
  );
}
await sql`analyze`.execute(db);

const mjml = (greeting: string, book: string) => `<mjml><mj-body>
  <mj-section><mj-column>
    <mj-text font-size="20px">${greeting}, {{customer.firstName}}!</mj-text>
    <mj-text>{{#if vehicle}}{{vehicle.make}} {{vehicle.model}}{{else}}{{dealer.name}}{{/if}}</mj-text>
    <mj-button href="https://dealer-one.example/winter?utm_campaign=bench">${book}</mj-button>
    <mj-text>{{dealer.name}}{{#if consultant}} · {{consultant.name}}{{/if}}</mj-text>
    ${dealerTexts ? '<mj-text>{{dealer.note}}</mj-text><mj-text>{{dealer.signature}}</mj-text>' : ''}
    ${offerCount > 0 ? '<mj-text>{{#each offers}}<p>{{title}}: {{text}} ({{validTo}})</p>{{/each}}</mj-text>' : ''}
    <mj-text font-size="11px"><a href="{{links.unsubscribe}}">unsubscribe</a></mj-text>
  </mj-column></mj-section>
</mj-body></mjml>`;
const segment = await createSegment(
  db,
  actor,
  segmentBody.parse({
    name: 'E-mail consent',
    definition: { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
  }),
);
// recommended offers: group-wide, each for a share of the people (a third by e-mail consent,
// the rest by a customer field), so that every person's list is matched, ranked and rendered
for (let i = 0; i < offerCount; i++) {
  await createOffer(
    db,
    actor,
    offerBody.parse({
      name: `Offer ${i}`,
      ownerLevel: 'group',
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
      priority: i,
      texts: {
        ru: { title: `Предложение ${i}`, text: 'Скидка' },
        en: { title: `Offer ${i}`, text: 'Discount' },
      },
      condition:
        i % 3 === 0
          ? { type: 'consent', channel: 'email' }
          : { type: 'field', field: 'last_name', op: 'contains', values: [String(i % 10)] },
    }),
  );
}
const campaign = await createCampaign(
  db,
  actor,
  campaignBody.parse({
    name: 'Winter tyres (bench)',
    ownerLevel: 'group',
    segmentId: segment.id,
    currency: 'RUB',
    defaultLanguage: 'ru',
    variants: [
      {
        key: 'A',
        contents: {
          ru: {
            subject: 'Зимние шины, {{customer.firstName}}',
            mjml: mjml('Здравствуйте', 'Записаться'),
          },
          en: { subject: 'Winter tyres, {{customer.firstName}}', mjml: mjml('Hello', 'Book') },
          zh: { subject: '冬季轮胎，{{customer.firstName}}', mjml: mjml('您好', '预约') },
        },
      },
    ],
  }),
);
if (dealerTexts) {
  await saveDealerSignature(db, actor, dealerId, {
    texts: { ru: 'Ваш Дилер Один\nСервис +7 495 000-00-00', en: 'Your Dealer One team' },
  });
  await saveDealerNote(db, actor, campaign.id, dealerId, {
    texts: { ru: 'Шиномонтаж со скидкой 20 %\nдо 30 ноября', en: 'Tyre fitting 20 % off' },
  });
}
const setupSeconds = (performance.now() - setupStart) / 1000;
console.log(`set-up: ${customers} customers in ${setupSeconds.toFixed(1)} s (untimed)`);

// --- 1. render and queue ---------------------------------------------------------------------
const queryTimer = options['query-times'] ? startQueryTimer() : undefined;
const renderProbe = memoryProbe();
const renderStart = performance.now();
const sent = await sendCampaign(db, actor, campaign.id);
const renderSeconds = (performance.now() - renderStart) / 1000;
const renderMemory = renderProbe.stop();
if (queryTimer) {
  console.log(`database time of render and queue, by statement:\n${queryTimer.report()}`);
  queryTimer.stop();
}
const render = {
  queued: sent.queued,
  blocked: sent.blocked,
  seconds: Number(renderSeconds.toFixed(1)),
  perSecond: Math.round(sent.queued / renderSeconds),
  ...renderMemory,
};
console.log('render and queue:', JSON.stringify(render));
if (sent.queued !== customers) throw new Error(`expected ${customers} queued, got ${sent.queued}`);
if (options['render-only']) {
  console.log(
    JSON.stringify({
      database: describeTarget(target),
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(1))),
      customers,
      offers: offerCount,
      dealerTexts,
      render,
    }),
  );
  await database.close();
  process.exit(0);
}

// --- 2. send ---------------------------------------------------------------------------------
const here = path.dirname(fileURLToPath(import.meta.url));
const sink = fork(path.join(here, 'smtp-count-sink.ts'), [options['sink-delay-ms']], {
  execArgv: ['--import', 'tsx'],
});
const ask = <T>(message?: string) =>
  new Promise<T>((resolve) => {
    sink.once('message', (answer) => resolve(answer as T));
    if (message) sink.send(message);
  });
const { port } = await ask<{ port: number }>();
const from = 'Dealer One <crm@dealer-one.example>';
const transport: OutboxTransport =
  transportKind === 'none'
    ? { email: async (message) => ({ providerMessageId: `<${message.id}@autocrm.outbox>` }) }
    : smtpTransport(
        `smtp://127.0.0.1:${port}${transportKind === 'smtp-pool' ? '?pool=true' : ''}`,
        from,
        { connections: concurrency },
      );
const sendProbe = memoryProbe();
const sendStart = performance.now();
// the worker's own tick with no time budget: passes of --batch while they come back full
const total = await drainOutbox(db, transport, {
  batchSize,
  concurrency,
  budgetMs: Number.POSITIVE_INFINITY,
});
const sendSeconds = (performance.now() - sendStart) / 1000;
const sendMemory = sendProbe.stop();
transport.close?.();
const sink_ = await ask<{ received: number; distinct: number }>('count');
sink.send('stop');
const send = {
  transport: transportKind,
  batchSize,
  concurrency,
  sinkDelayMs: Number(options['sink-delay-ms']),
  ...total,
  sinkReceived: sink_.received,
  sinkDistinctMessageIds: sink_.distinct,
  seconds: Number(sendSeconds.toFixed(1)),
  perSecond: Math.round(total.sent / sendSeconds),
  ...sendMemory,
};
console.log('send:', JSON.stringify(send));

console.log(
  JSON.stringify({
    database: describeTarget(target),
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(1))),
    node: process.version,
    customers,
    render,
    send,
  }),
);
await database.close();
