import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type Api, type TestWorld } from '../../../testing/test-world.ts';

async function person(api: Api, body: Record<string, unknown>): Promise<string> {
  const answer = await api.post('/api/customers', { kind: 'person', ...body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

/** Start a run and follow its progress to the end, as the page's progress bar does. */
async function runToEnd(api: Api) {
  const started = await api.post('/api/quality/duplicate-runs');
  expect(started.status).toBe(202);
  expect(started.body.status).toBe('running');
  return waitForRun(api, started.body.id);
}

async function waitForRun(api: Api, id: string) {
  for (let i = 0; i < 200; i++) {
    const run = await api.get(`/api/quality/duplicate-runs/${id}`);
    expect(run.status).toBe(200);
    if (run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the duplicate run did not finish');
}

/**
 * Ivan Sokolov was entered at dealer A in Cyrillic and at dealer B in Latin letters with the
 * same mobile and birth date; his wife shares his phone and address. Wang Wei was entered twice
 * at dealer C. The group's data steward runs the duplicate search over the whole base and
 * reviews the pairs; the steward of region R2 sees only dealer C's pair.
 */
describe('a data steward searches the whole base for duplicates and reviews them', () => {
  let world: TestWorld;
  let ivanA: string;
  let ivanB: string;
  let wife: string;
  let wangOne: string;
  let wangTwo: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const a = apiAs(world, 'managerA');
    const b = apiAs(world, 'managerB');
    const c = apiAs(world, 'managerC');
    ivanA = await person(a, {
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      gender: 'male',
      phones: [{ number: '8 (916) 482-17-39' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }],
      addresses: [{ city: 'Москва', postcode: '127411', street: 'Дмитровское ш.', building: '1' }],
    });
    ivanB = await person(b, {
      firstName: 'Ivan',
      lastName: 'Sokolov',
      birthDate: '1985-04-12',
      phones: [{ number: '+7 916 482 17 39' }],
      emails: [{ address: 'Ivan.Sokolov@mail.ru' }],
    });
    wife = await person(a, {
      firstName: 'Мария',
      lastName: 'Соколова',
      birthDate: '1988-09-30',
      gender: 'female',
      phones: [{ number: '8 (916) 482-17-39' }],
      addresses: [{ city: 'Москва', postcode: '127411', street: 'Дмитровское ш.', building: '1' }],
    });
    wangOne = await person(c, {
      firstName: '伟',
      lastName: '王',
      birthDate: '1990-02-01',
      phones: [{ number: '+86 138 0013 8000' }],
    });
    wangTwo = await person(c, {
      firstName: 'Wei',
      lastName: 'Wang',
      birthDate: '1990-02-01',
      phones: [{ number: '13800138000' }],
    });
  });
  afterAll(async () => world?.close());

  const pairOf = (x: string, y: string) => (x < y ? `${x}/${y}` : `${y}/${x}`);

  it('finds the same person written in two alphabets and leaves the wife alone', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const run = await runToEnd(steward);
    expect(run).toMatchObject({ status: 'done', customers: 5, error: null });
    expect(run.pairs).toBeGreaterThanOrEqual(2);
    expect(run.done).toBe(run.total);

    const queue = await steward.get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    const pairs = queue.body.items.map(
      (item: { customerA: { id: string }; customerB: { id: string } }) =>
        pairOf(item.customerA.id, item.customerB.id),
    );
    expect(pairs).toContain(pairOf(ivanA, ivanB));
    expect(pairs).toContain(pairOf(wangOne, wangTwo));
    expect(pairs).not.toContain(pairOf(ivanA, wife));
    const probabilities = queue.body.items.map((item: { probability: number }) => item.probability);
    expect([...probabilities].sort((x, y) => y - x)).toEqual(probabilities);
    expect(queue.body.total).toBe(queue.body.items.length);
  });

  it('shows both records side by side with the weight each field added', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const answer = await steward.get(`/api/quality/duplicates/${pairOf(ivanA, ivanB)}`);
    expect(answer.status).toBe(200);
    const { customers, explanation, pair } = answer.body;
    expect(pair.probability).toBeGreaterThan(0.5);
    const byId = Object.fromEntries(customers.map((c: { id: string }) => [c.id, c]));
    expect(byId[ivanA].fields.first_name).toBe('Иван');
    expect(byId[ivanB].fields.first_name).toBe('Ivan');
    expect(byId[ivanA].phones[0].e164).toBe('+79164821739');
    expect(byId[ivanA].dealers.map((d: { name: string }) => d.name)).toEqual(['Dealer A']);
    expect(byId[ivanB].dealers.map((d: { name: string }) => d.name)).toEqual(['Dealer B']);
    const phone = explanation.find((c: { field: string }) => c.field === 'phone');
    expect(phone.weight).toBeGreaterThan(0);
    const birth = explanation.find((c: { field: string }) => c.field === 'birthDate');
    expect(birth.level).toBe('exact');
  });

  it('shows a steward only the pairs whose both people are in his scope', async () => {
    const region = apiAs(world, 'stewardR2');
    const queue = await region.get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    expect(
      queue.body.items.map((item: { customerA: { id: string }; customerB: { id: string } }) =>
        pairOf(item.customerA.id, item.customerB.id),
      ),
    ).toEqual([pairOf(wangOne, wangTwo)]);
    expect((await region.get(`/api/quality/duplicates/${pairOf(ivanA, ivanB)}`)).status).toBe(404);
    // dealer A's CRM manager sees Ivan at A but not at B: the pair is not his to judge
    const crmA = apiAs(world, 'crmA');
    const own = await crmA.get('/api/quality/duplicates');
    expect(own.body.items).toEqual([]);
    expect((await crmA.get(`/api/quality/duplicates/${pairOf(ivanA, ivanB)}`)).status).toBe(404);
    // a run over another scope is not his either
    const runs = await crmA.get('/api/quality/duplicate-runs');
    expect(runs.body.items).toEqual([]);
    // a dealer manager may look at quality figures but not review duplicates
    expect((await apiAs(world, 'managerA').get('/api/quality/duplicates')).status).toBe(403);
  });

  it('remembers "not a duplicate" across runs and never stores a pair twice', async () => {
    const region = apiAs(world, 'stewardR2');
    const decided = await region.post(
      `/api/quality/duplicates/${pairOf(wangOne, wangTwo)}/decision`,
      { decision: 'not_duplicate' },
    );
    expect(decided.status).toBe(204);
    const steward = apiAs(world, 'stewardGroup');
    await runToEnd(steward);
    const queue = await steward.get('/api/quality/duplicates');
    const keys = queue.body.items.map(
      (item: { customerA: { id: string }; customerB: { id: string } }) =>
        pairOf(item.customerA.id, item.customerB.id),
    );
    expect(keys).not.toContain(pairOf(wangOne, wangTwo));
    expect(keys).toContain(pairOf(ivanA, ivanB));
    expect(new Set(keys).size).toBe(keys.length);
    const rejected = await steward.get('/api/quality/duplicates?status=not_duplicate');
    expect(rejected.body.items).toHaveLength(1);
    const stored = await world.database.db
      .selectFrom('duplicate_pairs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(queue.body.total + 1);
  });

  it('takes back a mistaken "not a duplicate": the pair returns to the queue for good', async () => {
    const region = apiAs(world, 'stewardR2');
    const wang = pairOf(wangOne, wangTwo);
    const keys = (answer: {
      body: { items: { customerA: { id: string }; customerB: { id: string } }[] };
    }) => answer.body.items.map((item) => pairOf(item.customerA.id, item.customerB.id));
    expect(keys(await region.get('/api/quality/duplicates?status=not_duplicate'))).toEqual([wang]);
    // another dealer's steward cannot touch the pair: it does not exist for him
    const crmA = apiAs(world, 'crmA');
    expect(
      (await crmA.post(`/api/quality/duplicates/${wang}/decision`, { decision: 'reopen' })).status,
    ).toBe(404);
    const unknown = await region.post(`/api/quality/duplicates/${wang}/decision`, {
      decision: 'maybe',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('decision');

    const reopened = await region.post(`/api/quality/duplicates/${wang}/decision`, {
      decision: 'reopen',
    });
    expect(reopened.status).toBe(204);
    expect(keys(await region.get('/api/quality/duplicates'))).toEqual([wang]);
    expect(keys(await region.get('/api/quality/duplicates?status=not_duplicate'))).toEqual([]);
    // the next run finds it again and keeps it open
    await runToEnd(apiAs(world, 'stewardGroup'));
    expect(keys(await region.get('/api/quality/duplicates'))).toEqual([wang]);
    const audited = await world.database.db
      .selectFrom('duplicate_pairs')
      .select(['status', 'decided_by'])
      .where('customer_a', '=', wang.split('/')[0]!)
      .where('customer_b', '=', wang.split('/')[1]!)
      .executeTakeFirstOrThrow();
    expect(audited).toEqual({ status: 'open', decided_by: world.users.stewardR2.id });
  });

  it('does not reopen a merged pair: its merge is undone instead', async () => {
    const wang = pairOf(wangOne, wangTwo).split('/');
    const merged = () =>
      world.database.db
        .updateTable('duplicate_pairs')
        .where('customer_a', '=', wang[0]!)
        .where('customer_b', '=', wang[1]!);
    await merged().set({ status: 'merged' }).execute();
    const refused = await apiAs(world, 'stewardR2').post(
      `/api/quality/duplicates/${wang.join('/')}/decision`,
      { decision: 'reopen' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields[0].path).toBe('decision');
    await merged().set({ status: 'open' }).execute();
  });

  it('keeps the review band in the group settings', async () => {
    const crmA = apiAs(world, 'crmA');
    const denied = await crmA.patch('/api/quality/settings', {
      reviewLower: 0.6,
      reviewUpper: 0.99,
      autoMerge: false,
    });
    expect(denied.status).toBe(403);
    const steward = apiAs(world, 'stewardGroup');
    const wrong = await steward.patch('/api/quality/settings', {
      reviewLower: 0.9,
      reviewUpper: 0.8,
      autoMerge: false,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].path).toBe('reviewLower');
    const saved = await steward.patch('/api/quality/settings', {
      reviewLower: 0.6,
      reviewUpper: 0.99,
      autoMerge: false,
    });
    expect(saved.status).toBe(200);
    expect((await steward.get('/api/quality/settings')).body).toEqual({
      reviewLower: 0.6,
      reviewUpper: 0.99,
      autoMerge: false,
    });
    // one run at a time: while another is going (here one a second server started), no new one
    const other = await world.database.db
      .insertInto('duplicate_runs')
      .values({ started_by: world.users.stewardGroup.id, dealer_ids: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await steward.post('/api/quality/duplicate-runs');
    expect(refused.status).toBe(409);
    await world.database.db
      .updateTable('duplicate_runs')
      .set({ status: 'done' })
      .where('id', '=', other.id)
      .execute();
    expect((await runToEnd(steward)).status).toBe('done');
  });
});
