import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * The after-sales churn early warning, as the people who use it see it: the group's analyst
 * refits the model on every owner's service visits; a dealer's service team gets its own
 * owners who are drifting away, most revenue at risk first, with the reasons, and never
 * another dealer's owners.
 */
type Pattern = { every: number; from: string; until: string; amount: number };

function visitDates({ every, from, until }: Pattern): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(until); day += every * 86_400_000) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

describe('retention worklist from the service-visit churn model', () => {
  let world: TestWorld;
  const owners: Record<string, string> = {};
  const asOf = '2026-06-30';

  async function owner(name: string, dealer: 'A' | 'B', pattern: Pattern) {
    const created = await apiAs(world, dealer === 'A' ? 'managerA' : 'managerB').post(
      '/api/customers',
      { kind: 'person', lastName: name, dealerCode: dealer },
    );
    expect(created.status).toBe(201);
    const customerId = created.body.id as string;
    owners[name] = customerId;
    const db = world.database.db;
    await withActor(db, systemActor('test'), async (tx) => {
      const vehicle = await tx
        .insertInto('vehicles')
        .values({ customer_id: customerId, make_name: 'Xcar' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('service_visits')
        .values(
          visitDates(pattern).map((visit_date) => ({
            customer_id: customerId,
            vehicle_id: vehicle.id,
            dealer_id: world.dealers[dealer].id,
            visit_date,
            visit_type: 'maintenance' as const,
            total_minor: pattern.amount,
            currency: 'RUB',
          })),
        )
        .execute();
    });
  }

  beforeAll(async () => {
    world = await createTestWorld();
    // steady owners of both dealers: every six months up to now
    for (let i = 0; i < 12; i++) {
      await owner(`Steady${i}`, i % 3 === 0 ? 'B' : 'A', {
        every: 180 + i * 5,
        from: '2022-01-10',
        until: '2026-06-01',
        amount: 15_000_00 + i * 1_000_00,
      });
    }
    // one-visit owners
    for (let i = 0; i < 8; i++) {
      await owner(`Once${i}`, 'A', {
        every: 9999,
        from: `202${3 + (i % 3)}-0${1 + (i % 8)}-15`,
        until: '2026-06-01',
        amount: 8_000_00,
      });
    }
    // A's big spender who came every quarter and stopped two years ago
    await owner('LapsedA', 'A', {
      every: 91,
      from: '2021-01-05',
      until: '2024-05-01',
      amount: 90_000_00,
    });
    // B's owner with the same story
    await owner('LapsedB', 'B', {
      every: 91,
      from: '2021-02-05',
      until: '2024-04-01',
      amount: 80_000_00,
    });
  });
  afterAll(async () => world.close());

  it('shows no list before the model has ever been fitted', async () => {
    const list = await apiAs(world, 'managerA').get('/api/analytics/retention-worklist');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ run: null, items: [], total: 0 });
  });

  it('lets only a group user with the right to manage models refit it', async () => {
    const byDealer = await apiAs(world, 'managerA').post(
      '/api/analytics/models/service-churn/runs',
      {
        asOf,
      },
    );
    expect(byDealer.status).toBe(403);
    const byBrandAnalyst = await apiAs(world, 'analystX').post(
      '/api/analytics/models/service-churn/runs',
      { asOf },
    );
    expect(byBrandAnalyst.status).toBe(403);
    const bad = await apiAs(world, 'analystGroup').post(
      '/api/analytics/models/service-churn/runs',
      {
        asOf: '2026-13-01',
      },
    );
    expect(bad.status).toBe(400);
    const refit = await apiAs(world, 'analystGroup').post(
      '/api/analytics/models/service-churn/runs',
      { asOf },
    );
    expect(refit.status).toBe(201);
    expect(refit.body).toMatchObject({ status: 'succeeded', customers: 22 });

    const runs = await apiAs(world, 'analystGroup').get('/api/analytics/models/service-churn/runs');
    const [run] = runs.body.items;
    expect(run.asOf).toBe(asOf);
    expect(run.customers).toBe(22);
    expect(run.repeatCustomers).toBe(14);
    expect(Object.keys(run.params.bgnbd).sort()).toEqual(['a', 'alpha', 'b', 'r']);
    expect(run.params.gammaGamma.RUB).toBeDefined();
    expect(run.logLikelihood).toBeLessThan(0);
    expect(run.quality.converged).toBe(true);
  });

  it('puts dealer A’s lapsed big spender first on A’s list, with the reasons', async () => {
    const list = await apiAs(world, 'advisorA').get('/api/analytics/retention-worklist');
    expect(list.status).toBe(200);
    expect(list.body.run.asOf).toBe(asOf);
    const [first] = list.body.items;
    expect(first.customerId).toBe(owners.LapsedA);
    expect(first.pActive).toBeLessThan(0.2);
    expect(first.visits).toBe(14);
    expect(first.lastDealerName).toBe('Dealer A');
    expect(first.revenueAtRiskMinor).toBeGreaterThan(0);
    const codes = first.reasons.map((reason: { code: string }) => reason.code);
    expect(codes).toContain('overdue_vs_habit');
    expect(codes).toContain('low_p_active');
    expect(codes).toContain('high_spender');
    const overdue = first.reasons.find(
      (reason: { code: string }) => reason.code === 'overdue_vs_habit',
    );
    expect(overdue.params.usualMonths).toBeCloseTo(3, 0);
    expect(overdue.params.monthsSinceLast).toBeGreaterThan(25);
    // steady owners are not on the list at the default threshold
    const listed = new Set(list.body.items.map((item: { customerId: string }) => item.customerId));
    for (let i = 0; i < 12; i++) expect(listed.has(owners[`Steady${i}`])).toBe(false);
  });

  it('never lists or reveals another dealer’s owners', async () => {
    const a = await apiAs(world, 'managerA').get('/api/analytics/retention-worklist?limit=200');
    const ids = a.body.items.map((item: { customerId: string }) => item.customerId);
    expect(ids).not.toContain(owners.LapsedB);
    expect(a.body.total).toBe(ids.length);
    const b = await apiAs(world, 'managerB').get('/api/analytics/retention-worklist?limit=200');
    expect(b.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([
      owners.LapsedB,
    ]);
    expect(b.body.total).toBe(1);
    // naming A as a filter does not widen B's scope
    const sneaky = await apiAs(world, 'managerB').get(
      '/api/analytics/retention-worklist?dealerCode=A',
    );
    expect(sneaky.body.total).toBe(0);
    // group call centre sees both lapsed owners
    const group = await apiAs(world, 'callCenterGroup').get('/api/analytics/retention-worklist');
    const groupIds = group.body.items.map((item: { customerId: string }) => item.customerId);
    expect(groupIds.slice(0, 2).sort()).toEqual([owners.LapsedA, owners.LapsedB].sort());
    // one owner's score: 404 outside the scope, never a hint
    expect(
      (await apiAs(world, 'managerB').get(`/api/analytics/service-scores/${owners.LapsedA}`))
        .status,
    ).toBe(404);
    const own = await apiAs(world, 'managerA').get(
      `/api/analytics/service-scores/${owners.LapsedA}`,
    );
    expect(own.status).toBe(200);
    expect(own.body.rfm.segment).toBe('at_risk');
    // a sales consultant does not work the after-sales list
    expect(
      (await apiAs(world, 'consultantA1').get('/api/analytics/retention-worklist')).status,
    ).toBe(403);
    expect(
      (await apiAs(world, 'managerA').get('/api/analytics/retention-worklist?dealerCode=ZZ'))
        .status,
    ).toBe(400);
  });

  it('ranks steady owners as active and expects them back', async () => {
    const steady = await apiAs(world, 'managerA').get(
      `/api/analytics/service-scores/${owners.Steady1}`,
    );
    expect(steady.body.pActive).toBeGreaterThan(0.8);
    // about two visits a year
    expect(steady.body.expectedVisits12m).toBeGreaterThan(1);
    expect(steady.body.expectedVisits12m).toBeLessThan(3);
  });

  it('values each owner over 10 years discounted at 10 %, and sorts the worklist by it', async () => {
    const steady = await apiAs(world, 'managerA').get(
      `/api/analytics/service-scores/${owners.Steady1}`,
    );
    expect(steady.status).toBe(200);
    const score = steady.body;
    expect(score.lifetime).toEqual({ annualRate: 0.1, horizonYears: 10 });
    // more than a year's visits, fewer than ten undiscounted years of them
    expect(score.discountedVisits).toBeGreaterThan(score.expectedVisits12m);
    expect(score.discountedVisits).toBeLessThan(10 * score.expectedVisits12m);
    // the same expected value per visit as the 12-month figure, times the discounted visits
    const perVisit = score.value12mMinor / score.expectedVisits12m;
    expect(score.lifetimeValueMinor / (score.discountedVisits * perVisit)).toBeCloseTo(1, 4);

    const byValue = await apiAs(world, 'managerA').get(
      '/api/analytics/retention-worklist?sort=lifetimeValue&maxPActive=1&limit=200',
    );
    expect(byValue.status).toBe(200);
    const values = byValue.body.items.map(
      (item: { lifetimeValueMinor: number }) => item.lifetimeValueMinor,
    );
    expect(values).toEqual([...values].sort((x: number, y: number) => y - x));
    const ids = byValue.body.items.map((item: { customerId: string }) => item.customerId);
    expect(ids).toContain(owners.Steady1);
    expect(ids).not.toContain(owners.LapsedB);
    // the lapsed big spender has most at risk, but a steady owner is worth more over the years
    expect(ids[0]).not.toBe(owners.LapsedA);
    expect(byValue.body.run.lifetime).toEqual({ annualRate: 0.1, horizonYears: 10 });

    const badSort = await apiAs(world, 'managerA').get(
      '/api/analytics/retention-worklist?sort=name',
    );
    expect(badSort.status).toBe(400);
    expect(JSON.stringify(badSort.body)).toContain('sort');
  });

  it('turns worklist owners into retention calls for the call centre, once', async () => {
    const dueAt = '2026-07-01T10:00:00+03:00';
    const call = await apiAs(world, 'managerA').post('/api/analytics/retention-worklist/tasks', {
      customerIds: [owners.LapsedA],
      assigneeUserId: world.users.callCenterA.id,
      dueAt,
    });
    expect(call.status).toBe(201);
    expect(call.body.created).toHaveLength(1);
    const task = await world.database.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', call.body.created[0])
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      customer_id: owners.LapsedA,
      assignee_user_id: world.users.callCenterA.id,
      kind: 'call',
      priority: 'high',
      status: 'open',
    });
    expect(task.description).toContain('2024-04-02');
    const again = await apiAs(world, 'callCenterA').post(
      '/api/analytics/retention-worklist/tasks',
      {
        customerIds: [owners.LapsedA],
        dueAt,
      },
    );
    expect(again.body).toEqual({ created: [], skipped: [owners.LapsedA] });
    // another dealer's owner cannot be reached, nor listed by a consultant
    const sneaky = await apiAs(world, 'managerB').post('/api/analytics/retention-worklist/tasks', {
      customerIds: [owners.LapsedA],
      dueAt,
    });
    expect(sneaky.status).toBe(404);
    const consultant = await apiAs(world, 'consultantA1').post(
      '/api/analytics/retention-worklist/tasks',
      { customerIds: [owners.LapsedA], dueAt },
    );
    expect(consultant.status).toBe(403);
  });

  it('records a refit the data cannot support as failed, and keeps the last good scores', async () => {
    // on 2021-01-04 nobody has had a visit yet
    const empty = await apiAs(world, 'admin').post('/api/analytics/models/service-churn/runs', {
      asOf: '2021-01-04',
    });
    expect(empty.body).toMatchObject({ status: 'failed', errorCode: 'no_customers' });
    // on 2021-03-01 two owners have visited once and nobody came back
    const early = await apiAs(world, 'admin').post('/api/analytics/models/service-churn/runs', {
      asOf: '2021-03-01',
    });
    expect(early.body).toMatchObject({ status: 'failed', errorCode: 'too_few_customers' });
    const runs = await apiAs(world, 'analystGroup').get('/api/analytics/models/service-churn/runs');
    expect(runs.body.items.map((run: { status: string }) => run.status)).toEqual([
      'failed',
      'failed',
      'succeeded',
    ]);
    const list = await apiAs(world, 'managerA').get('/api/analytics/retention-worklist');
    expect(list.body.run.asOf).toBe(asOf);
    expect(list.body.items[0].customerId).toBe(owners.LapsedA);
  });

  it('exports his worklist as CSV and XLSX, audited, to those who may export customers', async () => {
    const manager = apiAs(world, 'managerA');
    const list = await manager.get('/api/analytics/retention-worklist?limit=100');
    const csv = await manager.get('/api/analytics/retention-worklist/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace('\ufeff', '').trim().split('\r\n');
    // headers in the user's language, as the service module's lapsed-owner export writes them
    expect(lines[0]).toBe(
      'Customer id,Owner,Dealer of last visit,First visit,Last visit,Service visits,' +
        'Probability still active,Expected visits in 12 months,Average visit,' +
        'Value in 12 months if still active,Revenue at risk in 12 months,' +
        'Discounted visits over the lifetime horizon,Discounted lifetime value,' +
        'Currency,Segment,Why (codes)',
    );
    // the page's owners in the page's order, and only dealer A's
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(
      list.body.items.map((item: { customerId: string }) => item.customerId),
    );
    expect(csv.text).not.toContain(owners.LapsedB);
    const lapsed = lines[1]!.split(',');
    expect(lapsed[1]).toBe('LapsedA');
    // money in major units beside its currency; reasons as codes with their figures
    expect(Number(lapsed[8])).toBe(90_000);
    expect(Number(lapsed[12])).toBeGreaterThan(0);
    expect(lapsed[13]).toBe('RUB');
    expect(lapsed[15]).toContain('overdue_vs_habit(monthsSinceLast=');

    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['new_values', 'actor_user_id'])
      .where('table_name', '=', 'analytics_service_scores')
      .where('record_id', '=', 'export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(world.users.managerA.id);
    expect(audit[0]!.new_values).toMatchObject({ rows: lines.length - 1 });

    // the order the page was sorted in: the most lifetime value first
    const byValue = await manager.get(
      '/api/analytics/retention-worklist?sort=lifetimeValue&maxPActive=1&limit=100',
    );
    const byValueCsv = await manager.get(
      '/api/analytics/retention-worklist/export?format=csv&sort=lifetimeValue&maxPActive=1',
    );
    const byValueLines = byValueCsv.text.replace('\ufeff', '').trim().split('\r\n');
    expect(byValueLines.slice(1).map((line) => line.split(',')[0])).toEqual(
      byValue.body.items.map((item: { customerId: string }) => item.customerId),
    );
    expect(Number(byValueLines[1]!.split(',')[12])).toBe(
      byValue.body.items[0].lifetimeValueMinor / 100,
    );

    const xlsx = await world.app.inject({
      method: 'GET',
      url: '/api/analytics/retention-worklist/export?format=xlsx&segment=at_risk',
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    // a Russian-speaking manager gets Russian headers; the rows are the same
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    try {
      const russian = await manager.get('/api/analytics/retention-worklist/export?format=csv');
      const russianLines = russian.text.replace('\ufeff', '').trim().split('\r\n');
      expect(russianLines[0]!.split(',').slice(0, 3)).toEqual([
        'ID клиента',
        'Владелец',
        'Дилер последнего визита',
      ]);
      expect(russianLines.slice(1)).toEqual(lines.slice(1));
    } finally {
      await world.database.db
        .updateTable('users')
        .set({ locale: 'en' })
        .where('id', '=', world.users.managerA.id)
        .execute();
    }

    // reading the worklist is not the right to take names out of the CRM
    for (const user of ['analystGroup', 'callCenterA', 'consultantA1'] as const) {
      const refused = await apiAs(world, user).get(
        '/api/analytics/retention-worklist/export?format=csv',
      );
      expect(refused.status).toBe(403);
    }
    const badFormat = await manager.get('/api/analytics/retention-worklist/export?format=pdf');
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body)).toContain('format');
    const badDealer = await manager.get(
      '/api/analytics/retention-worklist/export?format=csv&dealerCode=ZZ',
    );
    expect(badDealer.status).toBe(400);
    expect(JSON.stringify(badDealer.body)).toContain('dealerCode');
    // another dealer's code: an empty file, not his owners
    const sneaky = await manager.get(
      '/api/analytics/retention-worklist/export?format=csv&dealerCode=B',
    );
    expect(sneaky.text.replace('\ufeff', '').trim().split('\r\n')).toHaveLength(1);
  });

  it('keeps the spend model per currency, and says which currency had too few owners for one', async () => {
    // one owner paying in yuan, who came back once: too few for a Gamma-Gamma of its own
    await owner('YuanOwner', 'A', {
      every: 120,
      from: '2025-09-01',
      until: '2026-01-01',
      amount: 3_000_00,
    });
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .updateTable('service_visits')
        .set({ currency: 'CNY' })
        .where('customer_id', '=', owners.YuanOwner!)
        .execute(),
    );
    const refit = await apiAs(world, 'analystGroup').post(
      '/api/analytics/models/service-churn/runs',
      { asOf },
    );
    expect(refit.body).toMatchObject({ status: 'succeeded', customers: 23 });
    const runs = await apiAs(world, 'analystGroup').get('/api/analytics/models/service-churn/runs');
    const [run] = runs.body.items;
    expect(Object.keys(run.params.gammaGamma)).toEqual(['RUB']);
    expect(Object.keys(run.params.gammaGamma.RUB).sort()).toEqual(['p', 'q', 'v']);
    expect(run.quality.spendNotFitted).toEqual([{ currency: 'CNY', problem: 'too_few_customers' }]);
    expect(run.quality.meanPActive).toBeGreaterThan(0);
    expect(run.quality.expectedVisits12m).toBeGreaterThan(0);
    // the yuan owner is still scored, on his own mean visit value
    const score = await apiAs(world, 'managerA').get(
      `/api/analytics/service-scores/${owners.YuanOwner}`,
    );
    expect(score.status).toBe(200);
    expect(score.body.currency).toBe('CNY');
  });
});
