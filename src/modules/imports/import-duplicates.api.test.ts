import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

const base64 = (text: string) => Buffer.from(text).toString('base64');

type ReportRow = {
  line: number;
  customerId: string | null;
  customerCreated: boolean | null;
  possibleDuplicates: { id: string; displayName: string; probability: number }[];
};
type Pair = { customerA: { id: string }; customerB: { id: string } };

/**
 * Ivan Petrovich Sokolov and Anna Kuznetsova are dealer A's customers. A CRM manager imports a
 * list from a partner where Ivan is written in Latin letters, his full name in one column and
 * with a new number, and Anna's number is written another way. Anna's row finds her; Ivan's row
 * creates a person (nothing says for sure that he is the same), but the report names the Ivan
 * on file (not his namesake at dealer C) and the pair waits in the review queue. Dealer B's
 * manager cannot read the report and the steward of region R2 does not see the pair.
 */
describe('importing a list with people already in the base', () => {
  let world: TestWorld;
  let ivan: string;
  let anna: string;
  let report: ReportRow[];

  const runToEnd = async (user: TestUserKey, id: string, body: object) => {
    const started = await apiAs(world, user).post(`/api/imports/${id}/run`, body);
    expect(started.status).toBe(200);
    let job = started.body;
    for (let tries = 0; job.status === 'running' && tries < 120; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      job = (await apiAs(world, user).get(`/api/imports/${id}`)).body;
    }
    return job;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const known = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      gender: 'male',
      phones: [{ number: '8 (916) 482-17-39' }],
    });
    expect(known.status).toBe(201);
    ivan = known.body.id;
    const her = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Анна',
      lastName: 'Кузнецова',
      phones: [{ number: '+7 916 300-00-01' }],
    });
    expect(her.status).toBe(201);
    anna = her.body.id;
    // his namesake at dealer C, out of the importing manager's sight: never a candidate
    const elsewhere = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      phones: [{ number: '+7 916 777-00-99' }],
    });
    expect(elsewhere.status).toBe(201);

    const csv = [
      'Full name,Phone,Model',
      'Ivan Petrovich Sokolov,+7 903 765 43 21,X5',
      'Kuznetsova Anna,8 (916) 300 00 01,X3',
      'John Smith,+7 905 111 22 33,X1',
    ].join('\n');
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'partner.csv',
      contentBase64: base64(csv),
      source: 'marketing_events',
    });
    expect(upload.status).toBe(201);
    expect(upload.body.suggestedMapping).toMatchObject({ fullName: 0, phone: 1, model: 2 });
    const job = await runToEnd('crmA', upload.body.id, { mapping: upload.body.suggestedMapping });
    expect(job).toMatchObject({ status: 'done', importedRows: 3, rejectedRows: 0 });
    const answer = await apiAs(world, 'crmA').get(`/api/imports/${upload.body.id}/rows`);
    expect(answer.status).toBe(200);
    report = answer.body.items;
    expect((await apiAs(world, 'managerB').get(`/api/imports/${upload.body.id}/rows`)).status).toBe(
      404,
    );
  });
  afterAll(async () => world?.close());

  it('splits the Latin full name with the patronymic as the middle name', async () => {
    const created = report.find((row) => row.line === 2)!;
    const person = await apiAs(world, 'crmA').get(`/api/customers/${created.customerId}`);
    expect(person.status).toBe(200);
    expect(person.body.profile).toMatchObject({
      firstName: 'Ivan',
      middleName: 'Petrovich',
      lastName: 'Sokolov',
    });
  });

  it('links the row whose phone is written differently to the person on file', () => {
    expect(report.find((row) => row.line === 3)).toMatchObject({
      customerId: anna,
      customerCreated: false,
      possibleDuplicates: [],
    });
  });

  it('names the probable duplicate of a new person in the report and queues the pair', async () => {
    const row = report.find((item) => item.line === 2)!;
    expect(row.customerCreated).toBe(true);
    expect(row.customerId).not.toBe(ivan);
    expect(row.possibleDuplicates).toHaveLength(1);
    expect(row.possibleDuplicates[0]).toMatchObject({
      id: ivan,
      displayName: 'Соколов Иван Петрович',
    });
    expect(row.possibleDuplicates[0]!.probability).toBeGreaterThanOrEqual(0.5);
    expect(report.find((item) => item.line === 4)!.possibleDuplicates).toEqual([]);

    const queue = await apiAs(world, 'crmA').get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    const ids = queue.body.items.map((pair: Pair) => [pair.customerA.id, pair.customerB.id].sort());
    expect(ids).toContainEqual([ivan, row.customerId].sort());
  });

  it('shows the pair to no one outside dealer A', async () => {
    const queue = await apiAs(world, 'stewardR2').get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.body.items)).not.toContain(ivan);
  });
});
