/**
 * Campaigns for the ROI benchmark (bench/roi.ts) on a demo load (bench/demo-load.ts), which has
 * customers, purchases and service visits but no campaign and no order.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/roi-seed.ts [--reset]
 *
 * What it adds, all in one transaction, marked so that --reset can take it out again:
 * - 36 campaigns named "Bench ROI ..." (one per four weeks back from today, so every month of the
 *   last year has some): 12 of the group (e-mail, SMS, letters), 12 of a brand (alternately each
 *   brand), 12 of a dealer (each dealer in turn, in its currency); each with a cost, a response
 *   code BENCH-ROI-n and an attribution window of 30 or 60 days;
 * - their recipients: a group campaign about 3.5 % of all customers (~40,000), a brand campaign
 *   6 % of the customers of that brand's dealers, a dealer campaign 12 % of its customers; 3 % of
 *   them blocked (no consent), 25 % of e-mails opened within two days, 5 % clicked (no message
 *   rows: a recipient without a message counts as delivered, as call tasks and letters do);
 * - an order (delivered, series "bench-roi") for a quarter of the purchases: the source grouping
 *   looks up a sold car's order for its lead.
 * Triggers are skipped for the inserts (session_replication_role = replica): the audit log and
 * derived tables are not what is measured, and the rows are bench data. The one derived column
 * the report reads, the recipients' dealer sets (0282), is written by the insert itself.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });

const target = databaseTarget();
// PostgreSQL (DATABASE_URL) for the 1M bench; the embedded database (DATA_DIR) for the demo-size check
// of bench/roi-refresh-blocking.ts
const database = await openDatabase(target, { command: 'bench/roi-seed.ts', poolSize: 1 });
const db = database.db;

const existing = await sql<{ n: number }>`
  select count(*)::int as n from marketing_campaigns where name like 'Bench ROI %'`.execute(db);
if (existing.rows[0]!.n > 0 && !options.reset) {
  console.log(`${existing.rows[0]!.n} bench campaigns are there already (--reset replaces them)`);
  await database.close();
  process.exit(0);
}

const started = performance.now();
await db.transaction().execute(async (tx) => {
  await sql`set local session_replication_role = replica`.execute(tx);
  await sql`delete from marketing_campaigns where name like 'Bench ROI %'`.execute(tx);
  await sql`delete from marketing_segments where name = 'Bench ROI audience'`.execute(tx);
  await sql`delete from orders where series = 'bench-roi'`.execute(tx);

  const segment = await sql<{ id: string }>`
    insert into marketing_segments (name, definition)
    values ('Bench ROI audience', '{"type":"and","conditions":[]}') returning id`.execute(tx);
  const segmentId = segment.rows[0]!.id;

  // campaign n (1-36): sent n * 4 weeks ago minus a little, so the newest is about 3 weeks old
  await sql`
    with brand as (select id, row_number() over (order by code) as k from brands),
         dealer as (select id, currency, row_number() over (order by code) as k from dealers),
         n as (select g as n, ((g - 1) / 12) as part from generate_series(1, 36) g)
    insert into marketing_campaigns (name, owner_level, brand_id, dealer_id, channel, segment_id,
      cost_minor, budget_minor, currency, status, sent_at, scheduled_at, attribution_window_days,
      response_code, created_at)
    select 'Bench ROI ' || lpad(n.n::text, 2, '0') || ' ' || (array['group', 'brand', 'dealer'])[n.part + 1],
           (array['group', 'brand', 'dealer'])[n.part + 1],
           case when n.part = 1 then (select id from brand where k = 1 + n.n % (select count(*) from brand)) end,
           case when n.part = 2 then (select id from dealer where k = 1 + n.n % (select count(*) from dealer)) end,
           (array['email', 'email', 'sms', 'mail'])[1 + n.n % 4],
           ${segmentId},
           (200000 + (n.n * 7919) % 40 * 50000)::bigint * 100,
           (400000 + (n.n * 7919) % 40 * 50000)::bigint * 100,
           case when n.part = 2
                then (select currency from dealer where k = 1 + n.n % (select count(*) from dealer))
                else 'RUB' end,
           'sent',
           now() - (n.n * 28 - 7) * interval '1 day',
           now() - (n.n * 28 - 7) * interval '1 day',
           case when n.n % 3 = 0 then 60 else 30 end,
           'BENCH-ROI-' || n.n,
           now() - (n.n * 28) * interval '1 day'
      from n`.execute(tx);

  // recipients: the campaign's share of its audience (group: all; brand: its dealers' customers)
  await sql`
    insert into marketing_campaign_recipients (campaign_id, customer_id, variant, phase,
      status, blocked_reason, opened_at, open_count, clicked_at, click_count, created_at,
      customer_dealer_set_id)
    select c.id, a.customer_id, 'A', 'all',
           case when a.r < 0.03 then 'blocked' else 'queued' end,
           case when a.r < 0.03 then 'no consent' end,
           case when a.r >= 0.03 and a.r < 0.28 and c.channel = 'email'
                then c.sent_at + a.r * interval '48 hours' end,
           case when a.r >= 0.03 and a.r < 0.28 and c.channel = 'email' then 1 else 0 end,
           case when a.r >= 0.03 and a.r < 0.08 and c.channel <> 'mail'
                then c.sent_at + a.r * interval '60 hours' end,
           case when a.r >= 0.03 and a.r < 0.08 and c.channel <> 'mail' then 1 else 0 end,
           c.sent_at + a.r * interval '2 hours',
           customer_dealer_set_of(a.customer_id)
      from marketing_campaigns c
      cross join lateral (
        select x.customer_id, random() as r from (
          select cu.id as customer_id from customers cu
           where c.owner_level = 'group' and cu.merged_into is null and random() < 0.035
          union
          select l.customer_id from customer_dealers l join dealer_brands b on b.dealer_id = l.dealer_id
           where c.owner_level = 'brand' and b.brand_id = c.brand_id and random() < 0.06
          union
          select l.customer_id from customer_dealers l
           where c.owner_level = 'dealer' and l.dealer_id = c.dealer_id and random() < 0.12) x
      ) a
     where c.name like 'Bench ROI %'`.execute(tx);

  // a quarter of the purchases got an order first (delivered on the purchase date)
  await sql`
    insert into orders (customer_id, dealer_id, model_id, make_name, model_name, series,
      list_price_minor, discount_minor, final_price_minor, currency, status, vehicle_id,
      confirmed_at, delivered_at, delivered_on, created_at, updated_at)
    select p.customer_id, p.dealer_id, v.model_id, v.make_name, v.model_name, 'bench-roi',
           coalesce(p.price_minor, 0) + p.discount_minor, p.discount_minor, coalesce(p.price_minor, 0),
           p.currency, 'delivered', p.vehicle_id,
           p.purchase_date - interval '20 days', p.purchase_date::timestamptz, p.purchase_date,
           p.purchase_date - interval '30 days', p.purchase_date::timestamptz
      from vehicle_purchases p join vehicles v on v.id = p.vehicle_id
     where p.dealer_id is not null and v.model_id is not null and random() < 0.25`.execute(tx);
});
await sql`analyze marketing_campaigns, marketing_campaign_recipients, orders`.execute(db);

const summary = await sql<{ campaigns: number; recipients: number; orders: number }>`
  select (select count(*)::int from marketing_campaigns where name like 'Bench ROI %') as campaigns,
         (select count(*)::int from marketing_campaign_recipients r
            join marketing_campaigns c on c.id = r.campaign_id where c.name like 'Bench ROI %') as recipients,
         (select count(*)::int from orders where series = 'bench-roi') as orders`.execute(db);
console.log(
  JSON.stringify({
    ...summary.rows[0],
    seconds: Math.round((performance.now() - started) / 100) / 10,
  }),
);
await database.close();
