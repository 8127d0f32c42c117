import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** A CRM manager imports the visitor list of a motor show: map, preview, run, read the report. */
describe('importing a list of event visitors', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  const csv = [
    'ФИО;Телефон;E-mail;Интересующая модель;Согласие на SMS;Дилер',
    'Смирнов Пётр;+7 916 200-00-01;petr@example.ru;X5;да;',
    'Кузнецова Анна;+7 916 200-00-02;;X3;нет;',
    'Без Телефона;;;X5;;',
    'Плохой Номер;12;;X5;;',
    'Чужой Дилер;+7 916 200-00-05;;X5;;B',
  ].join('\n');
  const leadCount = async () =>
    Number(
      (
        await world.database.db
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  let jobId: string;

  /** Starts a run and waits for its end (a long list answers "running" and goes on). */
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

  it('uploads the CSV and gets the columns mapped from their Russian names', async () => {
    const answer = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'motor-show.csv',
      contentBase64: base64(csv),
      source: 'marketing_events',
      campaign: 'Motor show 2026',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      kind: 'csv',
      status: 'uploaded',
      totalRows: 5,
      dealerCode: 'A',
      headers: ['ФИО', 'Телефон', 'E-mail', 'Интересующая модель', 'Согласие на SMS', 'Дилер'],
      suggestedMapping: { fullName: 0, phone: 1, email: 2, model: 3, consentSms: 4, dealerCode: 5 },
    });
    jobId = answer.body.id;
  });

  it('previews every row with its fault, writing nothing', async () => {
    const before = await leadCount();
    const job = await apiAs(world, 'crmA').get(`/api/imports/${jobId}`);
    const answer = await apiAs(world, 'crmA').post(`/api/imports/${jobId}/preview`, {
      mapping: job.body.suggestedMapping,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(2);
    expect(answer.body.rejected).toBe(3);
    expect(
      answer.body.rows.map((row: { line: number; reason: string | null }) => [
        row.line,
        row.reason,
      ]),
    ).toEqual([
      [2, null],
      [3, null],
      [4, 'neither a phone nor an e-mail'],
      [5, '«12» is not a phone number'],
      [6, 'line 6: dealer B is outside your scope'],
    ]);
    expect(answer.body.rows[0].lead).toMatchObject({
      source: 'marketing_events',
      dealerCode: 'A',
      campaign: 'Motor show 2026',
      person: { lastName: 'Смирнов', firstName: 'Пётр' },
      consents: [{ channel: 'sms', granted: true }],
    });
    expect(await leadCount()).toBe(before);
  });

  it('refuses a mapping without a phone or e-mail column, naming it', async () => {
    const answer = await apiAs(world, 'crmA').post(`/api/imports/${jobId}/preview`, {
      mapping: { fullName: 0 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('mapping');
    const beyond = await apiAs(world, 'crmA').post(`/api/imports/${jobId}/preview`, {
      mapping: { phone: 9 },
    });
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.fields[0].path).toBe('mapping.phone');
  });

  it('runs: the good rows become leads, the bad ones are reported by line, and once only', async () => {
    const before = await leadCount();
    const mapping = { fullName: 0, phone: 1, email: 2, model: 3, consentSms: 4, dealerCode: 5 };
    const run = await runToEnd('crmA', jobId, { mapping });
    expect(run).toMatchObject({
      status: 'done',
      importedRows: 2,
      rejectedRows: 3,
      processedRows: 5,
      mapping,
    });
    expect(await leadCount()).toBe(before + 2);

    const rejected = await apiAs(world, 'crmA').get(`/api/imports/${jobId}/rows?status=rejected`);
    expect(rejected.body.total).toBe(3);
    expect(rejected.body.items.map((row: { line: number }) => row.line)).toEqual([4, 5, 6]);
    const imported = await apiAs(world, 'crmA').get(`/api/imports/${jobId}/rows?status=imported`);
    const first = imported.body.items[0];
    expect(first).toMatchObject({ line: 2, customerCreated: true });
    const consents = await apiAs(world, 'crmA').get(`/api/customers/${first.customerId}/consents`);
    expect(consents.body.items).toEqual([
      expect.objectContaining({
        channel: 'sms',
        status: 'granted',
        evidence: 'import «motor-show.csv»',
      }),
    ]);

    const audited = await world.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'action'])
      .where('table_name', '=', 'import_jobs')
      .where('record_id', '=', jobId)
      .orderBy('at')
      .execute();
    expect(audited[0]!.action).toBe('insert');
    expect(audited.length).toBeGreaterThanOrEqual(3);
    expect(new Set(audited.map((entry) => entry.actor_user_id))).toEqual(
      new Set([world.users.crmA.id]),
    );

    const again = await apiAs(world, 'crmA').post(`/api/imports/${jobId}/run`, { mapping });
    expect(again.status).toBe(409);
    expect(await leadCount()).toBe(before + 2);
  });

  it('a run whose server died is resumed without capturing anything twice', async () => {
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'crash.csv',
      contentBase64: base64('Name,Phone\nIvan Orlov,+79162000021\nPavel Sokolov,+79162000022\n'),
      source: 'marketing_events',
    });
    const mapping = { fullName: 0, phone: 1 };
    const first = await runToEnd('crmA', upload.body.id, { mapping });
    expect(first.importedRows).toBe(2);
    const leadsBefore = await leadCount();
    // As if the process had died after reporting line 2: line 3 was captured, not reported.
    const db = world.database.db;
    await db
      .deleteFrom('import_job_rows')
      .where('job_id', '=', upload.body.id)
      .where('line_no', '=', 3)
      .execute();
    await db
      .updateTable('import_jobs')
      .set({ status: 'running', heartbeat_at: new Date(Date.now() - 3_600_000), finished_at: null })
      .where('id', '=', upload.body.id)
      .execute();
    expect((await apiAs(world, 'crmA').get(`/api/imports/${upload.body.id}`)).body.stalled).toBe(
      true,
    );

    const resumed = await runToEnd('crmA', upload.body.id, { mapping });
    expect(resumed).toMatchObject({
      status: 'done',
      importedRows: 2,
      rejectedRows: 0,
      stalled: false,
    });
    expect(await leadCount()).toBe(leadsBefore);
    const rows = await apiAs(world, 'crmA').get(`/api/imports/${upload.body.id}/rows`);
    expect(rows.body.items.map((row: { line: number }) => row.line)).toEqual([2, 3]);
  });

  it('a run that is alive cannot be started a second time', async () => {
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'busy.csv',
      contentBase64: base64('Phone\n+79162000031\n'),
      source: 'marketing_events',
    });
    await world.database.db
      .updateTable('import_jobs')
      .set({ status: 'running', heartbeat_at: new Date() })
      .where('id', '=', upload.body.id)
      .execute();
    const again = await apiAs(world, 'crmA').post(`/api/imports/${upload.body.id}/run`, {
      mapping: { phone: 0 },
    });
    expect(again.status).toBe(409);
  });

  it('the report stays readable later, but not to another dealer', async () => {
    const list = await apiAs(world, 'managerA').get('/api/imports');
    expect(list.body.items.map((job: { id: string }) => job.id)).toContain(jobId);
    expect((await apiAs(world, 'managerB').get(`/api/imports/${jobId}`)).status).toBe(404);
    expect((await apiAs(world, 'managerB').get(`/api/imports/${jobId}/rows`)).status).toBe(404);
    const ofB = await apiAs(world, 'managerB').get('/api/imports');
    expect(ofB.body.items.map((job: { id: string }) => job.id)).not.toContain(jobId);
  });

  it('a dealer manager may not import into another dealer, a consultant not at all', async () => {
    const intoB = await apiAs(world, 'managerA').post('/api/imports', {
      fileName: 'list.csv',
      contentBase64: base64('Phone\n+79162000009\n'),
      source: 'purchased_data',
      dealerCode: 'B',
    });
    expect(intoB.status).toBe(403);
    const consultant = await apiAs(world, 'consultantA1').post('/api/imports', {
      fileName: 'list.csv',
      contentBase64: base64('Phone\n+79162000009\n'),
      source: 'purchased_data',
    });
    expect(consultant.status).toBe(403);
  });

  it('imports an Excel workbook of purchased data into the named dealer', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['Name', 'Mobile', 'Email', 'Purchase date', 'Budget']);
    sheet.addRow([
      'Li Wei',
      // a Chinese dealer's list: national numbers are read as Chinese, and kept as written
      '138 0013 8000',
      'li@example.cn',
      new Date('2027-03-01T00:00:00Z'),
      250000,
    ]);
    sheet.addRow(['Wang Fang', '', 'fang@', '', '']);
    const upload = await apiAs(world, 'admin').post('/api/imports', {
      fileName: 'purchased.xlsx',
      contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
      source: 'purchased_data',
      dealerCode: 'C',
    });
    expect(upload.status).toBe(201);
    expect(upload.body.suggestedMapping).toEqual({
      fullName: 0,
      phone: 1,
      email: 2,
      intendedPurchaseDate: 3,
      budget: 4,
    });
    const run = await runToEnd('admin', upload.body.id, { mapping: upload.body.suggestedMapping });
    expect(run).toMatchObject({ importedRows: 1, rejectedRows: 1 });
    const rows = await apiAs(world, 'admin').get(`/api/imports/${upload.body.id}/rows`);
    expect(rows.body.items[1]).toMatchObject({
      line: 3,
      status: 'rejected',
      reason: '«fang@» is not an e-mail address',
    });
    const phone = await world.database.db
      .selectFrom('customer_phones')
      .select(['e164', 'raw'])
      .where('customer_id', '=', rows.body.items[0].customerId)
      .executeTakeFirstOrThrow();
    expect(phone).toEqual({ e164: '+8613800138000', raw: '138 0013 8000' });
    const lead = await world.database.db
      .selectFrom('leads')
      .select(['dealer_id', 'intended_purchase_date', 'budget_minor'])
      .where('id', '=', rows.body.items[0].leadId)
      .executeTakeFirstOrThrow();
    expect(lead).toEqual({
      dealer_id: world.dealers.C.id,
      intended_purchase_date: '2027-03-01',
      budget_minor: 25_000_000,
    });
  });

  it('reads national numbers of a Chinese dealer’s list as Chinese numbers', async () => {
    const upload = await apiAs(world, 'admin').post('/api/imports', {
      fileName: 'guangzhou-show.csv',
      contentBase64: base64('姓名,手机号\n王伟,13800138000\n'),
      source: 'marketing_events',
      dealerCode: 'C',
    });
    const preview = await apiAs(world, 'admin').post(`/api/imports/${upload.body.id}/preview`, {
      mapping: upload.body.suggestedMapping,
    });
    expect(preview.body).toMatchObject({ valid: 1, rejected: 0 });
    expect(preview.body.rows[0].lead).toMatchObject({
      dealerCode: 'C',
      person: { lastName: '王', firstName: '伟', phones: [{ number: '13800138000' }] },
    });
  });

  it('takes an ADF file through the same import, keeping the good prospects', async () => {
    const xml = `<?ADF VERSION "1.0"?><adf>
      <prospect><id source="file">F-1</id><customer><contact><name part="full">Anna Smith</name><phone>+7 916 200-00-10</phone></contact></customer></prospect>
      <prospect><customer><contact><name part="full">No Contact</name></contact></customer></prospect>
    </adf>`;
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'leads.xml',
      contentBase64: base64(xml),
      source: 'partner_data',
    });
    expect(upload.body).toMatchObject({ kind: 'adf', totalRows: 2, headers: [] });
    const preview = await apiAs(world, 'crmA').post(`/api/imports/${upload.body.id}/preview`, {});
    expect(preview.body).toMatchObject({ valid: 1, rejected: 1 });
    const run = await runToEnd('crmA', upload.body.id, {});
    expect(run).toMatchObject({ importedRows: 1, rejectedRows: 1 });
    const rows = await apiAs(world, 'crmA').get(
      `/api/imports/${upload.body.id}/rows?status=rejected`,
    );
    expect(rows.body.items).toEqual([
      expect.objectContaining({
        line: 2,
        reason: 'the customer has neither a phone nor an e-mail',
      }),
    ]);
  });

  it('refuses files it cannot read, naming the problem', async () => {
    const api = apiAs(world, 'crmA');
    const pdf = await api.post('/api/imports', {
      fileName: 'x.pdf',
      contentBase64: base64('x'),
      source: 'website',
    });
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.fields[0].path).toBe('fileName');
    const broken = await api.post('/api/imports', {
      fileName: 'x.xml',
      contentBase64: base64('<adf><prospect>'),
      source: 'website',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/malformed XML/);
  });
});
