import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, findUserById } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestWorld,
  type TestUserKey,
} from '../../testing/test-world.ts';
import { withCheckDigit } from '../vehicles/index.ts';
import { exportCsv, type Cell } from './export-file.ts';
import { exportHeaders } from './export-headers.ts';
import { lapsedOwnersExport } from './retention-export.ts';

type LapsedItem = { customer: { id: string }; vehicle: { id: string } };
const asOf = '2025-06-01';

/** The file's rows after its header, each a record keyed by the (English) header. */
function csvRecords(text: string): Record<string, string>[] {
  return parse(text.replace(/^\ufeff/, ''), { columns: true, skip_empty_lines: true });
}

/**
 * Dealer A's after-sales manager takes the retention figures and the call centre's worklist of
 * lapsed owners into a spreadsheet: the same rows as on screen, his dealer only, names and
 * phones only for those who may take customers out of the CRM.
 */
describe('exporting retention and the lapsed-owner worklist', () => {
  let world: TestWorld;
  let serial = 500;
  const cars: Record<string, { customerId: string; vehicleId: string }> = {};

  async function sold(dealer: 'A' | 'B', name: string, date: string, priceMinor: number) {
    const manager = apiAs(world, dealer === 'A' ? 'managerA' : 'managerB');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Owner',
      phones: [{ number: `+7 916 ${++serial} 56 78` }],
      emails: [{ address: `${name.toLowerCase()}@example.com` }],
      dealerCode: dealer,
    });
    expect(customer.status).toBe(201);
    const vehicle = await manager.post('/api/vehicles', {
      customerId: customer.body.id,
      vin: withCheckDigit(`LB37624S0PX000${serial}`),
      makeName: 'Geely',
      purchase: { date, dealerCode: dealer, condition: 'new', priceMinor },
    });
    expect(vehicle.status).toBe(201);
    cars[name] = { customerId: customer.body.id, vehicleId: vehicle.body.id };
  }

  async function serviced(dealer: 'A' | 'B', name: string, visitDate: string, totalMinor: number) {
    const answer = await apiAs(world, dealer === 'A' ? 'advisorA' : 'advisorB').post(
      '/api/service/visits',
      { vehicleId: cars[name]!.vehicleId, visitDate, visitType: 'maintenance', totalMinor },
    );
    expect(answer.status).toBe(201);
  }

  async function screenRows(user: TestUserKey, query: string): Promise<LapsedItem[]> {
    const rows: LapsedItem[] = [];
    // the screen's pages, two rows at a time, as a user would page through them
    for (let offset = 0; ; offset += 2) {
      const page = await apiAs(world, user).get(
        `/api/service/lapsed-owners?asOf=${asOf}${query}&limit=2&offset=${offset}`,
      );
      expect(page.status).toBe(200);
      rows.push(...(page.body.items as LapsedItem[]));
      if (offset + 2 >= page.body.total) return rows;
    }
  }

  async function actor(key: TestUserKey) {
    const db = world.database.db;
    return actorForUser(db, (await findUserById(db, world.users[key].id))!);
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await sold('A', 'Loyal', '2022-03-01', 2_000_000_00);
    await serviced('A', 'Loyal', '2023-01-10', 20_000_00);
    await serviced('A', 'Loyal', '2024-01-10', 25_000_00);
    await serviced('A', 'Loyal', '2025-01-10', 30_000_00);
    await sold('A', 'Rich', '2022-05-01', 4_000_000_00);
    await serviced('A', 'Rich', '2023-02-01', 40_000_00);
    // two owners of the same worth: the order between them is the car's id, in both
    await sold('A', 'TwinOne', '2022-06-01', 1_500_000_00);
    await serviced('A', 'TwinOne', '2023-03-01', 15_000_00);
    await sold('A', 'TwinTwo', '2022-06-02', 1_500_000_00);
    await serviced('A', 'TwinTwo', '2023-03-02', 15_000_00);
    await sold('A', 'Modest', '2022-07-01', 900_000_00);
    await serviced('A', 'Modest', '2023-04-01', 9_000_00);
    await sold('A', 'Never', '2022-07-01', 1_800_000_00);
    // dealer B's own lapsed owner
    await sold('B', 'Bee', '2022-05-01', 3_000_000_00);
    await serviced('B', 'Bee', '2023-02-01', 30_000_00);
  });
  afterAll(async () => world.close());

  it('exports the retention figures of the screen, headers in the user’s language', async () => {
    const manager = apiAs(world, 'managerA');
    const screen = await manager.get(`/api/service/retention?asOf=${asOf}`);
    const file = await manager.get(`/api/service/retention/export?asOf=${asOf}&format=csv`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.headers['content-disposition']).toContain(`service-retention-${asOf}.csv`);
    const [dealer] = screen.body.dealers;
    expect(dealer).toMatchObject({ dealerCode: 'A', lapsed: 4 });
    expect(csvRecords(file.text)).toEqual([
      {
        Dealer: 'A',
        'Sold over a year ago': String(dealer.soldVehicles),
        'Serviced in year 1': String(dealer.servicedInYear1),
        Lapsed: '4',
        'Year 1: cars': String(dealer.loyalty[0].vehicles),
        'Year 1: serviced here': String(dealer.loyalty[0].serviced),
        'Year 1: loyalty': String(dealer.loyalty[0].share),
        'Year 2: cars': String(dealer.loyalty[1].vehicles),
        'Year 2: serviced here': String(dealer.loyalty[1].serviced),
        'Year 2: loyalty': String(dealer.loyalty[1].share),
        'Year 3: cars': String(dealer.loyalty[2].vehicles),
        'Year 3: serviced here': String(dealer.loyalty[2].serviced),
        'Year 3: loyalty': String(dealer.loyalty[2].share ?? ''),
      },
    ]);

    // the group sees both dealers, and the dealer filter keeps one
    const admin = apiAs(world, 'admin');
    const all = await admin.get(`/api/service/retention/export?asOf=${asOf}&format=csv`);
    expect(csvRecords(all.text).map((row) => row.Dealer)).toEqual(['A', 'B']);
    const onlyB = await admin.get(
      `/api/service/retention/export?asOf=${asOf}&dealerCode=b&format=csv`,
    );
    expect(csvRecords(onlyB.text).map((row) => [row.Dealer, row.Lapsed])).toEqual([['B', '1']]);

    // the workbook in Russian for a manager who reads Russian
    await world.database.db
      .updateTable('users')
      .set({ locale: 'ru' })
      .where('id', '=', world.users.managerA.id)
      .execute();
    try {
      const xlsx = await world.app.inject({
        method: 'GET',
        url: `/api/service/retention/export?asOf=${asOf}&format=xlsx`,
        headers: { authorization: `Bearer ${world.users.managerA.token}` },
      });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe('Удержание');
      expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual([
        'Дилер',
        'Продано больше года назад',
        'Обслуживались в 1-й год',
        'Ушли',
      ]);
      expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual([
        'A',
        dealer.soldVehicles,
        dealer.servicedInYear1,
        4,
      ]);
      expect(sheet.rowCount).toBe(2);
    } finally {
      await world.database.db
        .updateTable('users')
        .set({ locale: 'en' })
        .where('id', '=', world.users.managerA.id)
        .execute();
    }
  });

  it('exports every lapsed owner of the screen, in its order, with names and phones', async () => {
    const screen = await screenRows('managerA', '');
    expect(screen).toHaveLength(4);
    const file = await apiAs(world, 'managerA').get(
      `/api/service/lapsed-owners/export?asOf=${asOf}&format=csv`,
    );
    expect(file.status).toBe(200);
    expect(file.headers['x-export-total']).toBe('4');
    const records = csvRecords(file.text);
    expect(records.map((row) => [row['Customer id'], row['Vehicle id']])).toEqual(
      screen.map((item) => [item.customer.id, item.vehicle.id]),
    );
    expect(records[0]).toEqual({
      'Customer id': cars.Rich!.customerId,
      Owner: 'Rich Owner',
      Phones: expect.stringMatching(/^\+7916\d{3}5678$/),
      'E-mails': 'rich@example.com',
      'Vehicle id': cars.Rich!.vehicleId,
      Car: 'Geely',
      Dealer: 'A',
      Purchased: '2022-05-01',
      'Last visit here': '2023-02-01',
      'Service due': expect.any(String),
      'Lifetime value': String(4_040_000),
      Currency: 'RUB',
      'In other currencies': '',
    });
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['new_values', 'actor_user_id'])
      .where('record_id', '=', 'lapsed-owners-export')
      .execute();
    expect(audit).toContainEqual({
      actor_user_id: world.users.managerA.id,
      new_values: expect.objectContaining({ rows: 4, contacts: true }),
    });
  });

  it('reads a big list in keyset batches that add up to the screen’s rows', async () => {
    const screen = await screenRows('managerA', '');
    const data = await lapsedOwnersExport(world.database.db, await actor('managerA'), { asOf }, 1);
    const batches: Cell[][][] = [];
    for await (const batch of data.batches) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([1, 1, 1, 1]);
    expect(batches.flat().map((row) => row[0])).toEqual(screen.map((item) => item.customer.id));
    // and the CSV writer puts each batch after one header
    const again = await lapsedOwnersExport(world.database.db, await actor('managerA'), { asOf }, 3);
    let text = '';
    for await (const chunk of exportCsv(again, exportHeaders('en'))) text += chunk;
    expect(csvRecords(text)).toHaveLength(4);
  });

  it('keeps to the filters and the user’s scope', async () => {
    const admin = apiAs(world, 'admin');
    const all = await admin.get(`/api/service/lapsed-owners/export?asOf=${asOf}&format=csv`);
    expect(csvRecords(all.text).map((row) => row['Customer id'])).toEqual(
      (await screenRows('admin', '')).map((item) => item.customer.id),
    );
    expect(csvRecords(all.text)).toHaveLength(5);
    const onlyB = await admin.get(
      `/api/service/lapsed-owners/export?asOf=${asOf}&dealerCode=B&format=csv`,
    );
    expect(csvRecords(onlyB.text).map((row) => row['Customer id'])).toEqual([cars.Bee!.customerId]);

    // dealer B's manager: his owner only, even when he asks for dealer A
    const managerB = apiAs(world, 'managerB');
    const own = await managerB.get(`/api/service/lapsed-owners/export?asOf=${asOf}&format=csv`);
    expect(csvRecords(own.text).map((row) => row.Owner)).toEqual(['Bee Owner']);
    const sneaky = await managerB.get(
      `/api/service/lapsed-owners/export?asOf=${asOf}&dealerCode=A&format=csv`,
    );
    expect(sneaky.status).toBe(200);
    expect(csvRecords(sneaky.text)).toEqual([]);
    const figures = await managerB.get(
      `/api/service/retention/export?asOf=${asOf}&dealerCode=A&format=csv`,
    );
    expect(csvRecords(figures.text)).toEqual([]);
    const ownFigures = await managerB.get(`/api/service/retention/export?asOf=${asOf}&format=csv`);
    expect(csvRecords(ownFigures.text).map((row) => row.Dealer)).toEqual(['B']);
  });

  it('leaves names and contacts out for a user who may not export customers', async () => {
    const file = await apiAs(world, 'analystGroup').get(
      `/api/service/lapsed-owners/export?asOf=${asOf}&dealerCode=A&format=csv`,
    );
    expect(file.status).toBe(200);
    expect(file.text).not.toContain('Rich Owner');
    expect(file.text).not.toContain('5678');
    expect(file.text).not.toContain('@example.com');
    const records = csvRecords(file.text);
    expect(Object.keys(records[0]!)).not.toContain('Owner');
    expect(records.map((row) => row['Customer id'])).toEqual(
      (await screenRows('analystGroup', '&dealerCode=A')).map((item) => item.customer.id),
    );
  });

  it('refuses those without the right, and a bad format names the field', async () => {
    // a sales consultant neither reads the retention figures nor works the worklist
    const consultant = apiAs(world, 'consultantA1');
    const figures = await consultant.get(`/api/service/retention/export?format=csv`);
    expect(figures.status).toBe(403);
    const owners = await consultant.get(`/api/service/lapsed-owners/export?format=xlsx`);
    expect(owners.status).toBe(403);
    expect(owners.headers['content-type']).toContain('application/json');

    const manager = apiAs(world, 'managerA');
    for (const url of ['/api/service/retention/export', '/api/service/lapsed-owners/export']) {
      const bad = await manager.get(`${url}?format=pdf`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('format');
      const missing = await manager.get(url);
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body)).toContain('format');
      const badDay = await manager.get(`${url}?format=csv&asOf=yesterday`);
      expect(badDay.status).toBe(400);
      expect(JSON.stringify(badDay.body)).toContain('asOf');
    }
  });
});
