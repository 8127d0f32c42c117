import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadDemo, type DemoReport } from './index.ts';

const tables = [
  'households',
  'customers',
  'customer_dealers',
  'customer_phones',
  'customer_emails',
  'customer_messengers',
  'customer_addresses',
  'customer_family_members',
  'company_contacts',
  'consents',
  'vehicles',
  'vehicle_ownerships',
  'vehicle_purchases',
  'service_visits',
  'activities',
  'tasks',
];

async function count(database: AppDatabase, sql: string, values: unknown[] = []): Promise<number> {
  const result = await database.pool.query<{ count: number }>(sql, values);
  return Number(result.rows[0]!.count);
}

describe('loading the demo customer base into a database', () => {
  let database: AppDatabase;
  let report: DemoReport;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // with the foreign-key checks on: proves the generated keys are sound
    report = await loadDemo(database, {
      customers: 300,
      seed: 1,
      log: (line) => lines.push(line),
      checkForeignKeys: true,
      // the sales floor captures leads through the services (tested in demo-sales.loader.test)
      leadsPerDealer: 0,
    });
  });

  afterAll(async () => {
    await database?.close();
  });

  it('writes the rows it reports, table by table', async () => {
    expect(report.customers).toBe(300);
    for (const table of tables) {
      expect(await count(database, `select count(*) from ${table}`), table).toBe(
        report.tables?.[table] ?? 0,
      );
    }
    expect(report.tables?.service_visits).toBeGreaterThan(300 * 3);
    expect(report.rows).toBeGreaterThan(300 * 10);
  });

  it('links every customer to a dealer', async () => {
    expect(
      await count(
        database,
        'select count(*) from customers c where not exists (select 1 from customer_dealers d where d.customer_id = c.id)',
      ),
    ).toBe(0);
  });

  it('finds a generated customer by his surname through the full-text index', async () => {
    const { rows } = await database.pool.query<{ last_name: string }>(
      `select last_name from customers
        where kind = 'person' and preferred_language = 'ru' and last_name ~ '^[А-Яа-яЁё]+$'
        order by id limit 1`,
    );
    const surname = rows[0]!.last_name.toLowerCase();
    expect(
      await count(
        database,
        `select count(*) from customers where search_vector @@ to_tsquery('simple', $1)`,
        [`${surname}:*`],
      ),
    ).toBeGreaterThan(0);
    const chinese = await database.pool.query<{ last_name: string; first_name: string }>(
      `select last_name, first_name from customers where preferred_language = 'zh' and kind = 'person' order by id limit 1`,
    );
    const { last_name: last, first_name: first } = chinese.rows[0]!;
    expect(
      await count(
        database,
        `select count(*) from customers where search_vector @@ to_tsquery('simple', $1)`,
        [`${last}${first}`],
      ),
    ).toBeGreaterThan(0);
  });

  it('keeps the audit log quiet during the load and writes one summary entry', async () => {
    expect(
      await count(
        database,
        `select count(*) from audit_log where table_name in ('customers', 'service_visits')`,
      ),
    ).toBe(0);
    const { rows } = await database.pool.query<{ new_values: { customers: number; rows: number } }>(
      `select new_values from audit_log where action = 'event' and table_name = 'demo' and record_id = 'load'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.new_values.customers).toBe(300);
    expect(rows[0]!.new_values.rows).toBe(report.rows);
  });

  it('gives each sales consultant open tasks for today on customers he sees', async () => {
    const consultants = await database.pool.query<{ id: string; email: string }>(
      `select id, email from users where role = 'sales_consultant'`,
    );
    for (const consultant of consultants.rows) {
      const today = await count(
        database,
        `select count(*) from tasks t
           join customer_dealers cd on cd.customer_id = t.customer_id
          where t.assignee_user_id = $1 and t.status = 'open'
            and t.due_at::date = current_date
            and (cd.assigned_user_id = $1 or cd.assigned_user_id is null)`,
        [consultant.id],
      );
      expect(today, consultant.email).toBeGreaterThan(0);
    }
  });

  it('adds more customers on a second load, without collisions, in bulk mode', async () => {
    const again = await loadDemo(database, {
      customers: 700,
      seed: 1,
      log: (line) => lines.push(line),
      batchSize: 250,
      leadsPerDealer: 0,
    });
    expect(again.customers).toBe(700);
    expect(await count(database, 'select count(*) from customers')).toBe(1000);
    expect(await count(database, 'select count(*) from vehicles')).toBe(
      (report.tables?.vehicles ?? 0) + (again.tables?.vehicles ?? 0),
    );
    expect(lines.some((line) => line.includes('already there'))).toBe(true);
    expect(await count(database, `select count(*) from audit_log where table_name = 'demo'`)).toBe(
      2,
    );
    // the keys hold although the checks were skipped
    const orphans = [
      'select count(*) from customer_dealers x where not exists (select 1 from customers c where c.id = x.customer_id)',
      'select count(*) from customer_dealers x where x.assigned_user_id is not null and not exists (select 1 from users u where u.id = x.assigned_user_id)',
      'select count(*) from customers x where x.household_id is not null and not exists (select 1 from households h where h.id = x.household_id)',
      'select count(*) from service_visits x where not exists (select 1 from vehicles v where v.id = x.vehicle_id)',
      'select count(*) from vehicle_purchases x where not exists (select 1 from vehicles v where v.id = x.vehicle_id)',
      'select count(*) from vehicles x where x.trim_id is not null and not exists (select 1 from catalog_trims t where t.id = x.trim_id)',
      'select count(*) from tasks x where x.activity_id is not null and not exists (select 1 from activities a where a.id = x.activity_id)',
      'select count(*) from company_contacts x where not exists (select 1 from customers c where c.id = x.person_id)',
      'select count(*) from consents x where not exists (select 1 from customers c where c.id = x.customer_id)',
    ];
    for (const sql of orphans) expect(await count(database, sql), sql).toBe(0);
    // the triggers this load knows how to make up for do not push it out of bulk mode (which
    // needs a superuser: PGlite's role is one, a test server's may not be)
    const superuser = await database.pool.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = current_user',
    );
    expect(again.bulkMode).toBe(superuser.rows[0]!.rolsuper);
    // what the skipped consent-state trigger would have written, the load wrote itself
    const consentStateOff = await count(
      database,
      `select count(*) from (
         select distinct on (customer_id, channel, purpose)
                customer_id, channel, purpose, status = 'granted' as granted
           from consents order by customer_id, channel, purpose, effective_at desc, recorded_at desc
       ) want
       full join marketing_consent_state s using (customer_id, channel, purpose)
       where s.granted is distinct from want.granted`,
    );
    expect(await count(database, 'select count(*) from marketing_consent_state')).toBeGreaterThan(
      700,
    );
    expect(consentStateOff).toBe(0);
    // and the visit summary of segment counts (migration 0199), likewise
    const visitSummaryOff = await count(
      database,
      `select count(*) from (
         select customer_id, array_agg(visit_date order by visit_date, id) as visit_dates,
                sum(total_minor) as total, count(*)::int as visit_count
           from service_visits group by customer_id
       ) want
       full join marketing_visit_summary s using (customer_id)
       where s.visit_dates is distinct from want.visit_dates
          or s.running_totals[s.visit_count + 1] is distinct from want.total
          or s.visit_count is distinct from want.visit_count`,
    );
    expect(await count(database, 'select count(*) from marketing_visit_summary')).toBeGreaterThan(
      100,
    );
    expect(visitSummaryOff).toBe(0);
    // and the tables whose definition is a view beside them, row for row (duplicates too): the
    // per-vehicle facts of service due dates (migration 0205) and the e-mail local parts of a
    // bare "info@" search with their dealer copy (0257)
    for (const derived of [
      'service_vehicle_visit_facts',
      'service_vehicle_purchase_facts',
      'customer_email_local_parts',
      'customer_dealer_email_local_parts',
    ]) {
      const derivedOff = await count(
        database,
        `select count(*) from (select * from ${derived} except all select * from ${derived}_source) a`,
      );
      const derivedMissing = await count(
        database,
        `select count(*) from (select * from ${derived}_source except all select * from ${derived}) a`,
      );
      expect(await count(database, `select count(*) from ${derived}`)).toBeGreaterThan(100);
      expect([derived, derivedOff, derivedMissing]).toEqual([derived, 0, 0]);
    }
    // and the name words of name-ordered search (migration 0206): one row per lexeme
    const nameWordsOff = await count(
      database,
      `select count(*) from (
         select c.id as customer_id, w.word collate "C" as word
           from customers c cross join unnest(tsvector_to_array(c.search_vector)) w(word)
          where c.merged_into is null
       ) want
       full join customer_name_words s using (customer_id, word)
       where s.customer_id is null or want.customer_id is null`,
    );
    expect(await count(database, 'select count(*) from customer_name_words')).toBeGreaterThan(1000);
    expect(nameWordsOff).toBe(0);
    // and their copy per dealer link, with the link's consultant
    const dealerWordsOff = await count(
      database,
      `select count(*) from (
         select l.dealer_id, w.word, w.customer_id, l.assigned_user_id
           from customer_name_words w join customer_dealers l using (customer_id)
       ) want
       full join customer_dealer_name_words s using (dealer_id, word, customer_id)
       where s.customer_id is null or want.customer_id is null
          or s.assigned_user_id is distinct from want.assigned_user_id`,
    );
    expect(dealerWordsOff).toBe(0);
  });
});
