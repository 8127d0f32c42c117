import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const hour = 3_600_000;
/** A whole hour some days ahead, so that slots do not depend on when the test runs. */
const slot = (daysAhead: number, fromHour: number, hours = 1) => {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() + daysAhead);
  start.setUTCHours(fromHour);
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + hours * hour).toISOString(),
  };
};
const moscowDayOf = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(at);
const moscowDay = (offsetDays = 0) => moscowDayOf(new Date(Date.now() + offsetDays * 86_400_000));

describe('test drives: a dealer’s demo fleet, bookings, invitations, attendance and follow-up', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  let carOne: string;
  let carTwo: string;
  let carThree: string;
  let anna: string;
  let boris: string;

  async function customer(
    as: 'consultantA1' | 'consultantA2',
    firstName: string,
    consents: string[],
  ): Promise<string> {
    const created = await apiAs(world, as).post('/api/customers', {
      kind: 'person',
      firstName,
      lastName: 'Тестова',
      preferredLanguage: 'ru',
      emails: [{ address: `${firstName.toLowerCase()}@example.ru` }],
      phones: [{ number: '+7 916 700 00 01', kind: 'mobile' }],
      consents: consents.map((channel) => ({ channel, status: 'granted', method: 'signed_form' })),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Dealer A <crm@dealer-a.example>');
    anna = await customer('consultantA1', 'Anna', ['email', 'sms']);
    boris = await customer('consultantA2', 'Boris', []);
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('a dealer manager puts demo cars into his fleet; dealer B neither sees nor changes them', async () => {
    const manager = apiAs(world, 'managerA');
    const cars = await Promise.all(
      [
        { brandCode: 'X', model: 'Xcar Coolray', vin: 'XW8AN2NE3JH000001', plate: 'А001АА77' },
        { brandCode: 'X', model: 'Xcar Monjaro', vin: 'XW8AN2NE3JH000002', plate: 'А002АА77' },
        { brandCode: 'X', model: 'Xcar Atlas', vin: 'xw8an2ne3jh000003', plate: null },
      ].map((car) => manager.post('/api/test-drives/fleet', car)),
    );
    expect(cars.map((c) => c.status)).toEqual([201, 201, 201]);
    [carOne, carTwo, carThree] = cars.map((c) => c.body.id as string) as [string, string, string];
    const again = await manager.post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'Xcar Coolray',
      vin: 'XW8AN2NE3JH000001',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].path).toBe('vin');
    const badVin = await manager.post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'X',
      vin: 'IOQ',
    });
    expect(badVin.status).toBe(400);
    expect(badVin.body.error.fields[0].path).toBe('vin');
    // the brand is required, and must be one the dealer sells (A sells Xcar only)
    const noBrand = await manager.post('/api/test-drives/fleet', {
      model: 'Xcar Tugella',
      vin: 'XW8AN2NE3JH000009',
    });
    expect(noBrand.status).toBe(400);
    expect(noBrand.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['brandCode']);
    const notSold = await manager.post('/api/test-drives/fleet', {
      brandCode: 'Y',
      model: 'Ycar Y3',
      vin: 'XW8AN2NE3JH000009',
    });
    expect(notSold.status).toBe(400);
    expect(notSold.body.error.fields).toEqual([
      expect.objectContaining({ path: 'brandCode', code: 'brand_not_sold_by_dealer' }),
    ]);

    const fleet = await apiAs(world, 'consultantA1').get('/api/test-drives/fleet');
    expect(fleet.body.items.map((c: { model: string }) => c.model)).toEqual([
      'Xcar Atlas',
      'Xcar Coolray',
      'Xcar Monjaro',
    ]);
    expect(fleet.body.items.map((c: { brandCode: string }) => c.brandCode)).toEqual([
      'X',
      'X',
      'X',
    ]);
    const otherDealer = await apiAs(world, 'consultantB1').get(
      '/api/test-drives/fleet?dealerCode=A',
    );
    expect(otherDealer.status).toBe(400);
    expect(otherDealer.body.error.fields[0].path).toBe('dealerCode');
    const change = await apiAs(world, 'managerB').patch(`/api/test-drives/fleet/${carOne}`, {
      active: false,
    });
    expect(change.status).toBe(404);
    // a car's brand may be corrected, to a brand its dealer sells only
    const toY = await manager.patch(`/api/test-drives/fleet/${carOne}`, { brandCode: 'Y' });
    expect(toY.status).toBe(400);
    expect(toY.body.error.fields).toEqual([
      expect.objectContaining({ path: 'brandCode', code: 'brand_not_sold_by_dealer' }),
    ]);
    const unknown = await manager.patch(`/api/test-drives/fleet/${carOne}`, { brandCode: 'ZZ' });
    expect(unknown.body.error.fields).toEqual([
      expect.objectContaining({ path: 'brandCode', code: 'unknown' }),
    ]);
    expect(
      (await manager.patch(`/api/test-drives/fleet/${carOne}`, { brandCode: 'x' })).status,
    ).toBe(204);
  });

  it('books a test drive and refuses a second booking of the same car or consultant at an overlapping time', async () => {
    const consultant = apiAs(world, 'consultantA1');
    const first = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carOne,
      ...slot(3, 7),
      licence: { number: '77 12 345678', category: 'B', expiresOn: '2031-05-01' },
    });
    expect(first.status).toBe(201);

    const sameCar = await apiAs(world, 'consultantA2').post('/api/test-drives/bookings', {
      customerId: boris,
      vehicleId: carOne,
      startsAt: new Date(Date.parse(slot(3, 7).startsAt) + hour / 2).toISOString(),
      endsAt: new Date(Date.parse(slot(3, 7).endsAt) + hour / 2).toISOString(),
    });
    expect(sameCar.status).toBe(409);
    expect(sameCar.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['vehicleId']);

    const sameConsultant = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carTwo,
      ...slot(3, 7),
    });
    expect(sameConsultant.status).toBe(409);
    expect(sameConsultant.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'consultantUserId',
    ]);

    // back to back is no overlap
    const next = await apiAs(world, 'consultantA2').post('/api/test-drives/bookings', {
      customerId: boris,
      vehicleId: carOne,
      ...slot(3, 8),
    });
    expect(next.status).toBe(201);
  });

  it('moves a booked drive to a free time or car, and refuses a taken one naming the field', async () => {
    const consultant = apiAs(world, 'consultantA1');
    const booked = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carTwo,
      ...slot(5, 10),
    });
    expect(booked.status).toBe(201);
    const path = `/api/test-drives/bookings/${booked.body.id}/reschedule`;
    // half an hour later overlaps only its own old time
    const later = {
      startsAt: new Date(Date.parse(slot(5, 10).startsAt) + hour / 2).toISOString(),
      endsAt: new Date(Date.parse(slot(5, 10).endsAt) + hour / 2).toISOString(),
    };
    expect((await consultant.post(path, later)).status).toBe(204);
    const moved = await consultant.get(`/api/test-drives/bookings/${booked.body.id}`);
    expect(moved.body).toMatchObject({ ...later, vehicle: { id: carTwo }, status: 'booked' });

    const other = await apiAs(world, 'consultantA2').post('/api/test-drives/bookings', {
      customerId: boris,
      vehicleId: carOne,
      ...slot(6, 9),
    });
    expect(other.status).toBe(201);
    const taken = await consultant.post(path, { ...slot(6, 9), vehicleId: carOne });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['vehicleId']);
    const past = await consultant.post(path, slot(-1, 9));
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('startsAt');
    // a colleague who does not see Anna cannot move her drive
    expect((await apiAs(world, 'consultantA2').post(path, slot(7, 9))).status).toBe(404);
    const unchanged = await consultant.get(`/api/test-drives/bookings/${booked.body.id}`);
    expect(unchanged.body).toMatchObject(later);
  });

  it('lets only one of many simultaneous bookings of one car and time win', async () => {
    const manager = apiAs(world, 'managerA');
    const consultants = ['consultantA1', 'consultantA2', 'managerA', 'crmA', 'advisorA'] as const;
    const answers = await Promise.all(
      consultants.map((who) =>
        manager.post('/api/test-drives/bookings', {
          customerId: anna,
          vehicleId: carThree,
          consultantUserId: world.users[who].id,
          ...slot(5, 9, 2),
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(consultants.length - 1);
    const calendar = await manager.get(
      `/api/test-drives/calendar?from=${slot(5, 0).startsAt}&to=${slot(6, 0).startsAt}`,
    );
    expect(
      calendar.body.bookings.filter((b: { vehicle: { id: string } }) => b.vehicle.id === carThree),
    ).toHaveLength(1);
  });

  it('names the field of a bad booking: past start, licence expired by then, unknown consultant', async () => {
    const consultant = apiAs(world, 'consultantA1');
    const past = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carTwo,
      ...slot(-2, 9),
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('startsAt');
    const expired = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carTwo,
      ...slot(4, 9),
      licence: { number: '77 12 345678', category: 'B', expiresOn: '2020-01-01' },
    });
    expect(expired.status).toBe(400);
    expect(expired.body.error.fields[0].path).toBe('licence.expiresOn');
    const stranger = await consultant.post('/api/test-drives/bookings', {
      customerId: anna,
      vehicleId: carTwo,
      consultantUserId: world.users.consultantB1.id,
      ...slot(4, 9),
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields[0].path).toBe('consultantUserId');
    const notSaved = await consultant.get(`/api/test-drives/bookings?customerId=${anna}`);
    expect(
      notSaved.body.items.every((b: { startsAt: string }) => b.startsAt !== slot(4, 9).startsAt),
    ).toBe(true);
  });

  it('shows the calendar to the dealer and those above, hiding customers a viewer may not see', async () => {
    const range = `from=${slot(3, 0).startsAt}&to=${slot(4, 0).startsAt}`;
    const own = await apiAs(world, 'consultantA1').get(`/api/test-drives/calendar?${range}`);
    expect(own.status).toBe(200);
    expect(own.body.vehicles).toHaveLength(3);
    const byCustomer = own.body.bookings.map((b: { customer: { displayName: string } | null }) =>
      b.customer ? b.customer.displayName : null,
    );
    // Boris is consultant A2's customer: A1 sees the slot is taken, not who took it
    expect(byCustomer).toEqual(['Тестова Anna', null]);
    const region = await apiAs(world, 'regionR1').get(
      `/api/test-drives/calendar?dealerCode=A&${range}`,
    );
    expect(region.body.bookings).toHaveLength(2);
    expect(region.body.bookings[0].licence).toMatchObject({ category: 'B' });
    const otherRegion = await apiAs(world, 'regionR2').get(
      `/api/test-drives/calendar?dealerCode=A&${range}`,
    );
    expect(otherRegion.status).toBe(400);
    const bookingId = own.body.bookings[0].id;
    expect(
      (await apiAs(world, 'consultantB1').get(`/api/test-drives/bookings/${bookingId}`)).status,
    ).toBe(404);
    expect(
      (await apiAs(world, 'consultantA2').get(`/api/test-drives/bookings/${bookingId}`)).status,
    ).toBe(404);
    expect(
      (await apiAs(world, 'managerA').get(`/api/test-drives/bookings/${bookingId}`)).status,
    ).toBe(200);
  });

  it('invites by e-mail with an iCalendar file and by SMS, each only with consent', async () => {
    const consultant = apiAs(world, 'consultantA1');
    const list = await consultant.get(`/api/test-drives/bookings?customerId=${anna}`);
    const booking = list.body.items.find(
      (b: { vehicle: { id: string } }) => b.vehicle.id === carOne,
    );
    const invited = await consultant.post(`/api/test-drives/bookings/${booking.id}/invitations`, {
      channels: ['email', 'sms'],
    });
    expect(invited.status).toBe(200);
    expect(invited.body.items).toMatchObject([
      { channel: 'email', status: 'queued' },
      { channel: 'sms', status: 'queued' },
    ]);
    await deliverQueued(world.database.db, transport);
    const mail = sink.received.find((m) => m.to[0] === 'anna@example.ru')!;
    expect(mail.subject).toBe('Ваш тест-драйв Xcar Coolray');
    const ics = mail.parts.find((part) => part.filename === 'test-drive.ics')!;
    expect(ics.contentType).toMatch(/^text\/calendar/);
    expect(ics.content).toContain('BEGIN:VEVENT');
    expect(ics.content).toContain(`UID:${booking.id}@autocrm.test-drives`);
    const start = booking.startsAt.replace(/[-:]/g, '').replace('.000', '');
    expect(ics.content).toContain(`DTSTART:${start}`);
    expect(mail.parts.find((p) => !p.filename)?.content).toContain('водительское удостоверение');
    const messages = await consultant.get(`/api/messages?sourceId=${booking.id}`);
    expect(
      messages.body.items
        .map((m: { channel: string; status: string }) => [m.channel, m.status])
        .sort(),
    ).toEqual([
      ['email', 'sent'],
      ['sms', 'queued'],
    ]);

    // Boris never consented: nothing goes out, and the caller is told why
    const borisBooking = (
      await apiAs(world, 'consultantA2').get(`/api/test-drives/bookings?customerId=${boris}`)
    ).body.items[0];
    const refused = await apiAs(world, 'consultantA2').post(
      `/api/test-drives/bookings/${borisBooking.id}/invitations`,
      { channels: ['email', 'sms'] },
    );
    expect(refused.body.items).toMatchObject([
      { channel: 'email', status: 'blocked', reason: 'no_consent' },
      { channel: 'sms', status: 'blocked', reason: 'no_consent' },
    ]);
    await deliverQueued(world.database.db, transport);
    expect(sink.received.filter((m) => m.to[0] === 'boris@example.ru')).toHaveLength(0);
  });

  it('records attendance, plans the follow-up call, takes feedback, and reports who bought within 30 days', async () => {
    const consultant = apiAs(world, 'consultantA1');
    const soon = new Date(Date.now() + 10 * 60_000);
    const book = async (
      customerId: string,
      who: 'consultantA1' | 'consultantA2',
      vehicleId: string,
    ) =>
      (
        await apiAs(world, who).post('/api/test-drives/bookings', {
          customerId,
          vehicleId,
          startsAt: soon.toISOString(),
          endsAt: new Date(soon.getTime() + hour).toISOString(),
        })
      ).body.id as string;
    const annaDrive = await book(anna, 'consultantA1', carTwo);
    const borisDrive = await book(boris, 'consultantA2', carOne);

    const feedbackTooEarly = await consultant.post(
      `/api/test-drives/bookings/${annaDrive}/feedback`,
      {
        rating: 5,
        intentToBuy: 'yes',
      },
    );
    expect(feedbackTooEarly.status).toBe(400);

    const came = await consultant.post(`/api/test-drives/bookings/${annaDrive}/attendance`, {
      status: 'came',
    });
    expect(came.status).toBe(200);
    const task = await consultant.get(`/api/tasks/${came.body.taskId}`);
    expect(task.body).toMatchObject({
      kind: 'call',
      status: 'open',
      title: 'Call after the test drive',
      assignee: { id: world.users.consultantA1.id },
      customer: { id: anna },
    });
    expect(Date.parse(task.body.dueAt) - Date.now()).toBeGreaterThan(23 * hour);
    const twice = await consultant.post(`/api/test-drives/bookings/${annaDrive}/attendance`, {
      status: 'no_show',
    });
    expect(twice.status).toBe(400);

    const feedback = await consultant.post(`/api/test-drives/bookings/${annaDrive}/feedback`, {
      rating: 4,
      liked: 'Тихий салон',
      concerns: 'Цена',
      intentToBuy: 'maybe',
    });
    expect(feedback.status).toBe(204);
    expect((await consultant.get(`/api/test-drives/bookings/${annaDrive}`)).body.feedback).toEqual({
      rating: 4,
      liked: 'Тихий салон',
      concerns: 'Цена',
      intentToBuy: 'maybe',
    });

    // the dealer's call-centre agent (who may not give tasks) records Boris's no-show for A2
    const missed = await apiAs(world, 'callCenterA').post(
      `/api/test-drives/bookings/${borisDrive}/attendance`,
      { status: 'no_show' },
    );
    expect(missed.status).toBe(200);
    const rebook = await apiAs(world, 'consultantA2').get(`/api/tasks/${missed.body.taskId}`);
    expect(rebook.body).toMatchObject({
      title: 'Missed test drive: call to book again',
      assignee: { id: world.users.consultantA2.id },
    });

    const future = await consultant.post(
      `/api/test-drives/bookings/${(await consultant.get(`/api/test-drives/bookings?customerId=${anna}`)).body.items.find((b: { status: string }) => b.status === 'booked').id}/attendance`,
      { status: 'came' },
    );
    expect(future.status).toBe(400);

    // Boris also comes, a day later; only Anna buys
    const borisAgain = await book(boris, 'consultantA2', carThree);
    await apiAs(world, 'consultantA2').post(`/api/test-drives/bookings/${borisAgain}/attendance`, {
      status: 'came',
    });
    const range = `from=${moscowDay(-1)}&to=${moscowDay(1)}`;
    const before = await apiAs(world, 'managerA').get(`/api/test-drives/report?${range}`);
    expect(before.body).toMatchObject({ testDrivers: 2, buyers: 0, share: 0 });
    // the purchase is dated the day of her drive at the showroom. The drive is ten minutes
    // ahead: from 23:50 in Moscow it falls on tomorrow, a day no purchase may be dated with yet
    // (not after the dealer's today), so then the car comes through the API and its purchase
    // row is written as the next morning would.
    const driveDay = moscowDayOf(soon);
    const sameDay = driveDay === moscowDay();
    const bought = await apiAs(world, 'managerA').post('/api/vehicles', {
      customerId: anna,
      vin: 'XW8AN2NE3JH000099',
      makeName: 'Xcar',
      modelName: 'Monjaro',
      ...(sameDay
        ? { purchase: { date: driveDay, dealerCode: 'A', priceMinor: 3_500_000_00 } }
        : {}),
    });
    expect(bought.status, bought.text).toBe(201);
    if (!sameDay) {
      const dealerA = await world.database.db
        .selectFrom('dealers')
        .select('id')
        .where('code', '=', 'A')
        .executeTakeFirstOrThrow();
      await world.database.db
        .insertInto('vehicle_purchases')
        .values({
          vehicle_id: bought.body.id,
          customer_id: anna,
          dealer_id: dealerA.id,
          consultant_user_id: null,
          purchase_date: driveDay,
          price_minor: 3_500_000_00,
          currency: 'RUB',
          odometer_km: null,
        })
        .execute();
    }
    const after = await apiAs(world, 'managerA').get(`/api/test-drives/report?${range}`);
    expect(after.body).toMatchObject({
      testDrivers: 2,
      buyers: 1,
      share: 0.5,
      byDealer: [{ dealerCode: 'A', testDrivers: 2, buyers: 1, share: 0.5 }],
    });
    const otherBrand = await apiAs(world, 'analystX').get(`/api/test-drives/report?${range}`);
    expect(otherBrand.body.testDrivers).toBe(2);
    const dealerC = await apiAs(world, 'managerC').get(`/api/test-drives/report?${range}`);
    expect(dealerC.body).toMatchObject({ testDrivers: 0, buyers: 0 });
    expect((await consultant.get(`/api/test-drives/report?${range}`)).status).toBe(403);
  });
  it('moves the lead of a test drive the customer came to into the "test drive" stage', async () => {
    const manager = apiAs(world, 'managerA');
    const car = await manager.post('/api/test-drives/fleet', {
      brandCode: 'X',
      model: 'Xcar Tugella',
      vin: 'XW8AN2NE3JH000004',
    });
    const lead = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'own_prospecting',
      person: { firstName: 'Лев', lastName: 'Лидов', phones: [{ number: '+7 916 700 00 09' }] },
      vehicles: [{ make: 'Xcar', model: 'Tugella' }],
    });
    expect(lead.status).toBe(201);
    const soon = Date.now() + 15 * 60_000;
    const booked = await apiAs(world, 'consultantA1').post('/api/test-drives/bookings', {
      customerId: lead.body.customerId,
      vehicleId: car.body.id,
      consultantUserId: world.users.managerA.id,
      leadId: lead.body.leadId,
      startsAt: new Date(soon).toISOString(),
      endsAt: new Date(soon + hour).toISOString(),
    });
    expect(booked.status).toBe(201);
    const unknownLead = await apiAs(world, 'consultantA1').post('/api/test-drives/bookings', {
      customerId: lead.body.customerId,
      vehicleId: car.body.id,
      leadId: '00000000-0000-4000-8000-000000000000',
      ...slot(9, 9),
    });
    expect(unknownLead.status).toBe(400);
    expect(unknownLead.body.error.fields[0].path).toBe('leadId');
    // a lead of another person cannot carry this person's drive (it would move that pipeline)
    const other = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'own_prospecting',
      person: { firstName: 'Ия', lastName: 'Другая', phones: [{ number: '+7 916 700 00 19' }] },
    });
    const strangersLead = await apiAs(world, 'consultantA1').post('/api/test-drives/bookings', {
      customerId: lead.body.customerId,
      vehicleId: car.body.id,
      leadId: other.body.leadId,
      ...slot(9, 9),
    });
    expect(strangersLead.status).toBe(400);
    expect(strangersLead.body.error.fields[0]).toMatchObject({
      path: 'leadId',
      code: 'lead_of_other_customer',
    });
    const came = await manager.post(`/api/test-drives/bookings/${booked.body.id}/attendance`, {
      status: 'came',
    });
    expect(came.status).toBe(200);
    const after = await apiAs(world, 'consultantA1').get(`/api/leads/${lead.body.leadId}`);
    expect(after.body.stage).toBe('test_drive');
  });
  it('describes the test-drive and messaging routes in the OpenAPI document', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(answer.statusCode).toBe(200);
    const paths = Object.keys(answer.json().paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/test-drives/fleet',
        '/api/test-drives/calendar',
        '/api/test-drives/bookings',
        '/api/test-drives/bookings/{id}/attendance',
        '/api/test-drives/bookings/{id}/feedback',
        '/api/test-drives/bookings/{id}/invitations',
        '/api/test-drives/report',
        '/api/messages',
      ]),
    );
  });
});
