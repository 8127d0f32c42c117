import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/**
 * A CRM manager of dealer A imports the customer master of his DMS as a trusted file: the
 * customers its good rows create or update are marked verified (by the file's data date when
 * it has one, else the upload's time); a bad row verifies nobody. The same kind of list not
 * marked trusted verifies nobody, and a consultant or a service advisor may not mark a file
 * trusted.
 */
describe('a trusted import confirms the data of the customers it brings in', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const dataDate = daysAgo(40).slice(0, 10);

  type Verified = {
    verified_at: Date | null;
    verification_method: string | null;
    verification_note: string | null;
    verified_by: string | null;
  };
  const verificationOf = (id: string): Promise<Verified> =>
    world.database.db
      .selectFrom('customers')
      .select(['verified_at', 'verification_method', 'verification_note', 'verified_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const customerByPhone = async (e164: string) =>
    (
      await world.database.db
        .selectFrom('customer_phones')
        .select('customer_id')
        .where('e164', '=', e164)
        .executeTakeFirstOrThrow()
    ).customer_id;

  const runToEnd = async (user: TestUserKey, id: string, mapping: object) => {
    const started = await apiAs(world, user).post(`/api/imports/${id}/run`, { mapping });
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
    const a = apiAs(world, 'managerA');
    for (const [name, phone] of [
      ['known', '+7 916 300-00-02'],
      ['badDate', '+7 916 300-00-05'],
    ] as const) {
      const created = await a.post('/api/customers', {
        kind: 'person',
        firstName: 'Пётр',
        lastName: name === 'known' ? 'Смирнов' : 'Козлов',
        phones: [{ number: phone }],
      });
      expect(created.status).toBe(201);
      ids[name] = created.body.id;
    }
  });
  afterAll(async () => world.close());

  it('a trusted list marks the customers of its good rows verified, and only those', async () => {
    const csv = [
      'ФИО;Телефон;Дата актуализации',
      'Новиков Илья;+7 916 300-00-01;',
      `Смирнов Пётр;+7 916 300-00-02;${dataDate}`,
      'Плохой Номер;12;',
      'Козлов Пётр;+7 916 300-00-05;31.02.2026',
    ].join('\n');
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'dms-customers.csv',
      contentBase64: base64(csv),
      source: 'key_accounts',
      trusted: true,
    });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ trusted: true, suggestedMapping: { verifiedAt: 2 } });
    const mapping = upload.body.suggestedMapping;

    const preview = await apiAs(world, 'crmA').post(`/api/imports/${upload.body.id}/preview`, {
      mapping,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ valid: 2, rejected: 2, verified: 2 });
    expect(preview.body.rows[3].reason).toBe('verified at «31.02.2026» is not a date');
    // the dry run writes nothing
    expect((await verificationOf(ids.known!)).verified_at).toBeNull();

    const job = await runToEnd('crmA', upload.body.id, mapping);
    expect(job).toMatchObject({ status: 'done', importedRows: 2, rejectedRows: 2 });

    const fresh = await verificationOf(await customerByPhone('+79163000001'));
    expect(fresh).toMatchObject({
      verification_method: 'trusted_import',
      verification_note: 'dms-customers.csv',
      verified_by: world.users.crmA.id,
    });
    // no data date in the row: the upload's time
    expect(fresh.verified_at!.toISOString()).toBe(job.createdAt);

    const known = await verificationOf(ids.known!);
    expect(known.verification_method).toBe('trusted_import');
    expect(known.verified_at!.toISOString()).toBe(`${dataDate}T00:00:00.000Z`);

    // the row whose data date is wrong was rejected: its customer is not verified
    expect(await verificationOf(ids.badDate!)).toMatchObject({
      verified_at: null,
      verification_method: null,
    });
  });

  it('an older data date of a later file does not replace a newer verification', async () => {
    const older = daysAgo(400).slice(0, 10);
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'old-master.csv',
      contentBase64: base64(
        ['ФИО;Телефон;Дата актуализации', `Смирнов Пётр;+7 916 300-00-02;${older}`].join('\n'),
      ),
      source: 'key_accounts',
      trusted: true,
    });
    expect(upload.status).toBe(201);
    await runToEnd('crmA', upload.body.id, upload.body.suggestedMapping);
    const known = await verificationOf(ids.known!);
    expect(known.verified_at!.toISOString()).toBe(`${dataDate}T00:00:00.000Z`);
    expect(known.verification_note).toBe('dms-customers.csv');
  });

  it('a list not marked trusted verifies nobody', async () => {
    const upload = await apiAs(world, 'crmA').post('/api/imports', {
      fileName: 'motor-show.csv',
      contentBase64: base64(['ФИО;Телефон', 'Козлов Пётр;+7 916 300-00-05'].join('\n')),
      source: 'marketing_events',
      campaign: 'Motor show',
    });
    expect(upload.status).toBe(201);
    expect(upload.body.trusted).toBe(false);
    const preview = await apiAs(world, 'crmA').post(`/api/imports/${upload.body.id}/preview`, {
      mapping: upload.body.suggestedMapping,
    });
    expect(preview.body).toMatchObject({ valid: 1, verified: 0 });
    const job = await runToEnd('crmA', upload.body.id, upload.body.suggestedMapping);
    expect(job.importedRows).toBe(1);
    expect((await verificationOf(ids.badDate!)).verified_at).toBeNull();
  });

  it('a consultant or a service advisor may not mark a file trusted', async () => {
    const file = {
      fileName: 'my-contacts.csv',
      contentBase64: base64(['ФИО;Телефон', 'Орлов Олег;+7 916 300-00-09'].join('\n')),
      source: 'own_prospecting',
      trusted: true,
    };
    for (const user of ['consultantA1', 'advisorA'] as const) {
      const answer = await apiAs(world, user).post('/api/imports', file);
      expect(answer.status).toBe(403);
      expect(answer.body.error.fields[0].path).toBe('trusted');
    }
    // the advisor's own import (DMS visits) adds visits, it updates no customer
    const visits = await apiAs(world, 'managerA').post('/api/imports', {
      ...file,
      target: 'service_visits',
      source: 'dms',
    });
    expect(visits.status).toBe(400);
    expect(visits.body.error.fields[0].path).toBe('trusted');
  });
});
