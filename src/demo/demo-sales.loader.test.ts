import type { QueryResultRow } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { demoDealers } from './demo-org.ts';
import { loadDemo, type DemoReport } from './index.ts';

async function rows<T extends QueryResultRow>(database: AppDatabase, text: string): Promise<T[]> {
  return (await database.pool.query<T>(text)).rows;
}

describe('the demo sales floor: fleet, leads along the pipeline, booked test drives', () => {
  let database: AppDatabase;
  let report: DemoReport;
  const carDealers = demoDealers.filter((dealer) => dealer.kind === 'dealer').length;

  beforeAll(async () => {
    database = await createTestDatabase();
    report = await loadDemo(database, {
      customers: 600,
      seed: 3,
      log: () => undefined,
      leadsPerDealer: 6,
    });
    // forty-odd captures through the services: slow on a busy embedded database
  }, 300_000);
  afterAll(async () => database?.close());

  it('captures existing prospects as leads without making a second person of anyone', async () => {
    const [counts] = await rows<{ customers: number; leads: number; people: number }>(
      database,
      `select (select count(*) from customers)::int as customers,
              (select count(*) from leads)::int as leads,
              (select count(distinct customer_id) from leads)::int as people`,
    );
    expect(counts!.customers).toBe(600);
    expect(counts!.leads).toBe(report.sales!.leads);
    expect(counts!.leads).toBeGreaterThan(carDealers * 3);
    expect(counts!.people).toBe(counts!.leads);
  });

  it('spreads the leads over the board and over the last weeks, each with its dealer', async () => {
    const stages = await rows<{ stage: string }>(database, 'select distinct stage from leads');
    expect(stages.map((row) => row.stage).sort()).toEqual(
      expect.arrayContaining(['contacted', 'lost', 'new', 'showroom_visit']),
    );
    const [spread] = await rows<{ without_dealer: number; days: number }>(
      database,
      `select count(*) filter (where dealer_id is null)::int as without_dealer,
              count(distinct requested_at::date)::int as days from leads`,
    );
    expect(spread!.without_dealer).toBe(0);
    expect(spread!.days).toBeGreaterThan(5);
    // open leads carry their follow-up task; lost ones had theirs cancelled
    const [tasks] = await rows<{ open_without_task: number }>(
      database,
      `select count(*)::int as open_without_task from leads l
       where l.stage not in ('lost', 'delivered')
         and not exists (select 1 from lead_tasks lt join tasks t on t.id = lt.task_id
                         where lt.lead_id = l.id and t.status = 'open')`,
    );
    expect(tasks!.open_without_task).toBe(0);
  });

  it('gives every car dealer three demo cars and books drives for showroom visitors', async () => {
    const fleet = await rows<{ dealer_id: string; cars: number }>(
      database,
      'select dealer_id, count(*)::int as cars from test_drive_vehicles group by dealer_id',
    );
    expect(fleet).toHaveLength(carDealers);
    expect(fleet.every((row) => row.cars === 3)).toBe(true);
    const bookings = await rows<{ lead_customer_matches: boolean }>(
      database,
      `select l.customer_id = b.customer_id as lead_customer_matches
       from test_drive_bookings b join leads l on l.id = b.lead_id`,
    );
    expect(report.sales!.bookings).toBeGreaterThan(0);
    expect(bookings.length).toBe(report.sales!.bookings);
    expect(bookings.every((row) => row.lead_customer_matches)).toBe(true);
  });

  it('loading again adds leads for other prospects but no second fleet', async () => {
    const again = await loadDemo(database, {
      customers: 100,
      seed: 4,
      log: () => undefined,
      leadsPerDealer: 1,
    });
    expect(again.sales!.fleet).toBe(0);
    const [fleet] = await rows<{ cars: number }>(
      database,
      'select count(*)::int as cars from test_drive_vehicles',
    );
    expect(fleet!.cars).toBe(carDealers * 3);
  });
});
