import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fittedParams, scoreProfile } from './best-customers/best-customers.service.ts';
import { gainsReport } from './best-customers/gains.ts';
import { buyerProbability, fitNaiveBayes } from './best-customers/naive-bayes.ts';
import { commonInterestTags, toExample } from './best-customers/profile.ts';
import { customerProfiles, seriesBuyers } from './best-customers/profile-query.ts';
import {
  dealerOf,
  holdoutBuyer,
  isProfile,
  seedX5Buyers,
  trainBuyer,
} from './best-customers/x5-buyers.testing.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

type Run = {
  id: string;
  status: string;
  errorCode: string | null;
  quality: {
    holdout: { topDecileLift: number | null; buyers: number; curve: { cumulativeGain: number }[] };
    highlights: { feature: string; value: string }[];
  } | null;
};
type Scored = { customerId: string; displayName: string; likeness: number; priority: number };

describe('best-customer mining for a model series', () => {
  let world: TestWorld;
  let people = new Map<string, number>();

  beforeAll(async () => {
    world = await createTestWorld();
    people = await seedX5Buyers(world);
  });
  afterAll(async () => world.close());

  let run: Run;

  it('the group analyst learns who buys an X5 and the holdout of known buyers shows a lift', async () => {
    const series = await apiAs(world, 'managerA').get('/api/analytics/best-customers/series');
    expect(series.status).toBe(200);
    expect(series.body).toMatchObject({ items: [{ series: 'X5' }] });

    const answer = await apiAs(world, 'analystGroup').post('/api/analytics/best-customers/runs', {
      series: 'X5',
      asOf: '2026-06-30',
    });
    expect(answer.status).toBe(201);
    run = answer.body as Run;
    expect(run.status).toBe('succeeded');
    const holdout = run.quality?.holdout;
    expect(holdout?.buyers).toBeGreaterThan(20);
    expect(holdout?.topDecileLift).toBeGreaterThan(1);
    // the gains curve rises to every buyer at the full list
    expect(holdout?.curve.at(-1)?.cumulativeGain).toBe(1);
    expect(run.quality?.highlights).toContainEqual(
      expect.objectContaining({ feature: 'incomeBand', value: 'high' }),
    );

    const runs = await apiAs(world, 'managerA').get('/api/analytics/best-customers/runs?series=X5');
    expect((runs.body as { items: Run[] }).items[0]?.id).toBe(run.id);
  });

  it('the SQL fit, holdout and kept list give what Node gives from the same profiles', async () => {
    // the Node path the fit and the list used before 0277, run here as the reference
    const db = world.database.db;
    const { params } = await fittedParams(db, run.id);
    const labelled = async (day: string, to: string, tags?: string[]) => {
      const people = await customerProfiles(db, day);
      const buyers = await seriesBuyers(db, 'X5', day, to);
      const own = tags ?? commonInterestTags(people.map((person) => person.profile));
      const year = Number(day.slice(0, 4));
      return {
        tags: own,
        examples: people.map((person) => ({
          features: toExample(person.profile, year, own),
          buyer: buyers.has(person.customerId),
        })),
      };
    };
    const train = await labelled(params.trainFrom, params.holdoutFrom);
    const trainModel = fitNaiveBayes(train.examples);
    const tested = await labelled(params.holdoutFrom, '2026-06-30', train.tags);
    const holdout = gainsReport(
      tested.examples.map((example) => buyerProbability(trainModel, example.features)),
      tested.examples.map((example) => example.buyer),
    );
    expect(run.quality?.holdout).toEqual(holdout);
    const final = await labelled(params.holdoutFrom, '2026-06-30');
    expect(params.interestTags).toEqual(final.tags);
    expect(params.model).toEqual(fitNaiveBayes(final.examples));

    // the kept list against scoreProfile() of every profile on the day it was scored
    const today = params.scoredOn ?? '';
    const people = await customerProfiles(db, today, {
      withLeads: true,
      where: sql<boolean>`not exists (select 1 from vehicles owned
        where owned.customer_id = c.id and lower(owned.series) = 'x5')`,
    });
    const expected = people
      .map((person) => ({
        customerId: person.customerId,
        ...scoreProfile(params, person.profile, today),
      }))
      .sort(
        (left, right) =>
          right.priority - left.priority || left.customerId.localeCompare(right.customerId),
      );
    const kept = await db
      .selectFrom('analytics_best_customer_scores')
      .selectAll()
      .where('run_id', '=', run.id)
      .orderBy('priority', 'desc')
      .orderBy('customer_id')
      .execute();
    expect(kept.map((row) => row.customer_id)).toEqual(expected.map((item) => item.customerId));
    kept.forEach((row, index) => {
      const want = expected[index]!;
      expect(row.probability).toBeCloseTo(want.probability, 12);
      expect(row.likeness).toBeCloseTo(want.likeness, 12);
      expect(row.readiness).toBe(want.readiness);
      expect(row.priority).toBeCloseTo(want.priority, 12);
      const reasons = row.reasons as { feature: string; value: string; logRatio: number }[];
      expect(reasons.map(({ feature, value }) => ({ feature, value }))).toEqual(
        want.reasons.map(({ feature, value }) => ({ feature, value })),
      );
    });
    // the planted profile leads, so a ranking that ignored the weights would fail above
    expect(new Set(kept.map((row) => row.priority)).size).toBeGreaterThan(3);
  });

  it('a dealer manager may not fit the group’s model', async () => {
    const answer = await apiAs(world, 'managerA').post('/api/analytics/best-customers/runs', {
      series: 'X5',
    });
    expect(answer.status).toBe(403);
  });

  it('a dealer manager scores only his own customers, look-alikes first, X5 owners left out', async () => {
    const answer = await apiAs(world, 'managerA').get(
      `/api/analytics/best-customers/runs/${run.id}/customers?limit=200&order=likeness`,
    );
    expect(answer.status).toBe(200);
    const body = answer.body as { total: number; items: Scored[] };
    const expected = [...people].filter(
      ([, g]) => dealerOf(g) === 'A' && !trainBuyer(g) && !holdoutBuyer(g),
    );
    expect(body.total).toBe(expected.length);
    for (const item of body.items) {
      const g = people.get(item.customerId);
      expect(g).toBeDefined();
      expect(dealerOf(g ?? 0)).toBe('A');
    }
    const top = body.items.slice(0, 5).map((item) => people.get(item.customerId) ?? 0);
    expect(top.every(isProfile)).toBe(true);
    expect(body.items[0]?.likeness).toBeGreaterThan(1);
  });

  it('a dealer link removed or added changes who sees a person in the kept list at once', async () => {
    // the kept rows read the scope from their person's dealer set (0283), kept by triggers
    const listOf = async (user: 'managerA' | 'brandX') => {
      const answer = await apiAs(world, user).get(
        `/api/analytics/best-customers/runs/${run.id}/customers?limit=200`,
      );
      expect(answer.status).toBe(200);
      return answer.body as { total: number; items: Scored[] };
    };
    const before = await listOf('managerA');
    const brandBefore = await listOf('brandX');
    const person = before.items[0]!.customerId;
    const db = world.database.db;
    const link = await db
      .selectFrom('customer_dealers')
      .selectAll()
      .where('customer_id', '=', person)
      .where('dealer_id', '=', world.dealers.A.id)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('customer_dealers').where('customer_id', '=', person).execute();
    const without = await listOf('managerA');
    expect(without.total).toBe(before.total - 1);
    expect(without.items.map((item) => item.customerId)).not.toContain(person);
    expect((await listOf('brandX')).total).toBe(brandBefore.total - 1);
    await db.insertInto('customer_dealers').values(link).execute();
    expect((await listOf('managerA')).total).toBe(before.total);
    expect((await listOf('brandX')).total).toBe(brandBefore.total);
  });

  it('exports the whole scored list of the page, names only for those who may export customers', async () => {
    const base = `/api/analytics/best-customers/runs/${run.id}/customers`;
    const shown: Scored[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await apiAs(world, 'managerA').get(
        `${base}?limit=200&offset=${offset}&order=likeness`,
      );
      const body = page.body as { total: number; items: Scored[] };
      shown.push(...body.items);
      if (offset + 200 >= body.total) break;
    }
    expect(shown.length).toBeGreaterThan(200);
    const file = await apiAs(world, 'managerA').get(`${base}/export?format=csv&order=likeness`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('best-customers-X5-bestCustomers.csv');
    const lines = file.text.replace('\ufeff', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Customer id,Customer,Priority (likeness × readiness),Likeness,Readiness,Probability of buying,Why',
    );
    const rows = lines.slice(1).map((line) => line.split(','));
    // every row of every page, in the page's order; dealer A's customers only
    expect(rows.map((row) => row[0])).toEqual(shown.map((item) => item.customerId));
    expect(rows.map((row) => row[1])).toEqual(shown.map((item) => item.displayName));
    expect(Number(rows[0]![3])).toBeCloseTo(shown[0]!.likeness, 2);
    for (const row of rows) expect(dealerOf(people.get(row[0]!) ?? 0)).toBe('A');

    // dealer B's manager: his own customers, none of A's
    const b = await apiAs(world, 'managerB').get(`${base}/export?format=csv`);
    const bIds = b.text.replace('\ufeff', '').trim().split('\r\n').slice(1);
    expect(bIds.length).toBeGreaterThan(0);
    for (const line of bIds) expect(dealerOf(people.get(line.split(',')[0]!) ?? 0)).toBe('B');

    // an analyst reads the scores but may not take names out: ids only
    const analyst = await apiAs(world, 'analystGroup').get(`${base}/export?format=csv`);
    expect(analyst.status).toBe(200);
    expect(analyst.text.split('\r\n')[0]).not.toContain('Customer,');
    expect(analyst.text).not.toContain('Bc1');

    // in Russian, as a workbook
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    const xlsx = await world.app.inject({
      method: 'GET',
      url: `${base}/export?format=xlsx`,
      headers: { authorization: `Bearer ${world.users.managerA.token}` },
    });
    await world.database.db
      .updateTable('users')
      .set({ locale: 'en' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Лучшие клиенты');
    expect(sheet?.rowCount).toBe(shown.length + 1);
    expect(sheet?.getRow(1).getCell(3).value).toBe('Приоритет (сходство × готовность)');

    // a sales consultant has no analytics; a bad format names the field
    expect((await apiAs(world, 'consultantA1').get(`${base}/export?format=csv`)).status).toBe(403);
    const bad = await apiAs(world, 'managerA').get(`${base}/export?format=pdf`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('format');
  });

  it('scores an imported list and reports each bad row by line and field', async () => {
    const csv = [
      'externalId,age,gender,incomeBand,interests,currentMake,currentCarYear',
      'p1,38,male,high,golf;ski,Audi,2015',
      'p2,61,female,low,,Lada,2022',
      'p3,38,robot,high,golf,Audi,2015',
      'p4,abc,male,middle,,,',
    ].join('\n');
    const answer = await apiAs(world, 'managerA').post(
      `/api/analytics/best-customers/runs/${run.id}/list`,
      { csv },
    );
    expect(answer.status).toBe(200);
    const body = answer.body as {
      accepted: number;
      rejected: { line: number; field: string }[];
      items: { externalId: string; likeness: number }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([
      expect.objectContaining({ line: 4, field: 'gender' }),
      expect.objectContaining({ line: 5, field: 'age' }),
    ]);
    expect(body.items.map((item) => item.externalId)).toEqual(['p1', 'p2']);
    expect(body.items[0]?.likeness).toBeGreaterThan(body.items[1]?.likeness ?? Infinity);

    const json = await apiAs(world, 'managerA').post(
      `/api/analytics/best-customers/runs/${run.id}/list`,
      { rows: [{ name: 'Ivan', incomeBand: 'high' }, { childrenCount: -1 }] },
    );
    expect(json.body).toMatchObject({
      accepted: 1,
      rejected: [{ line: 3, field: 'childrenCount' }],
    });
  });

  it('answers 400 naming the field for bad input', async () => {
    const noSeries = await apiAs(world, 'analystGroup').post('/api/analytics/best-customers/runs', {
      windowMonths: 12,
    });
    expect(noSeries.status).toBe(400);
    expect(noSeries.text).toContain('series');

    const badWindow = await apiAs(world, 'analystGroup').post(
      '/api/analytics/best-customers/runs',
      {
        series: 'X5',
        windowMonths: 0,
      },
    );
    expect(badWindow.status).toBe(400);
    expect(badWindow.text).toContain('windowMonths');

    const list = `/api/analytics/best-customers/runs/${run.id}/list`;
    const nothing = await apiAs(world, 'managerA').post(list, {});
    expect(nothing.status).toBe(400);
    expect(nothing.text).toContain('rows');
    const strange = await apiAs(world, 'managerA').post(list, { csv: 'foo,bar\n1,2' });
    expect(strange.status).toBe(400);
    expect(strange.text).toContain('csv');
  });

  it('a series nobody bought gives a failed fit with the reason, not a model', async () => {
    const answer = await apiAs(world, 'analystGroup').post('/api/analytics/best-customers/runs', {
      series: 'Z9',
      asOf: '2026-06-30',
    });
    expect(answer.status).toBe(201);
    const failed = answer.body as Run & { errorMessage: string };
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'one_outcome_only' });
    expect(failed.errorMessage).toMatch(/Nobody/);
    const scores = await apiAs(world, 'managerA').get(
      `/api/analytics/best-customers/runs/${failed.id}/customers`,
    );
    expect(scores.status).toBe(400);
  });
});
