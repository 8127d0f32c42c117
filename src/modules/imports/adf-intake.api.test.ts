import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

/** Lead providers post ADF documents; every prospect of a document is captured, or none. */
describe('a lead provider posts ADF documents', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  const postAdf = async (
    user: TestUserKey,
    xml: string,
    query = '',
    contentType = 'application/xml',
  ) => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/leads/adf${query}`,
      headers: { authorization: `Bearer ${world.users[user].token}`, 'content-type': contentType },
      payload: xml,
    });
    return { status: response.statusCode, body: response.json() };
  };
  const leadsWithRef = async (ref: string) =>
    world.database.db.selectFrom('leads').selectAll().where('external_ref', '=', ref).execute();
  const peopleWithPhone = async (e164: string) =>
    world.database.db
      .selectFrom('customer_phones')
      .select('customer_id')
      .where('e164', '=', e164)
      .execute();

  const prospect = (id: string, phone: string, vendor = 'A', extra = '') => `
  <prospect>
    <id sequence="1" source="portal">${id}</id>
    <requestdate>2026-11-20T10:00:00+03:00</requestdate>
    <vehicle interest="buy" status="new"><year>2027</year><make>Xcar</make><model>X5</model></vehicle>
    ${extra}
    <customer>
      <contact><name part="first">Иван</name><name part="last">Петров</name><phone type="cellphone">${phone}</phone></contact>
      <timeframe><description>this month</description><latestdate>2026-12-20</latestdate></timeframe>
    </customer>
    <vendor><id source="autocrm">${vendor}</id><vendorname>Dealer A</vendorname></vendor>
    <provider><name part="full">Portal</name><service>Winter sale</service></provider>
  </prospect>`;
  const document = (...prospects: string[]) =>
    `<?xml version="1.0"?>\n<?ADF VERSION "1.0"?>\n<adf>${prospects.join('')}</adf>`;

  it('the CRM manager of dealer A receives two prospects with a trade-in into dealer A', async () => {
    const tradeIn = `<vehicle interest="trade-in" status="used"><year>2017</year><make>Lada</make><model>Vesta</model><odometer units="km">90000</odometer></vehicle>`;
    const answer = await postAdf(
      'crmA',
      document(
        prospect('P-1', '+7 916 100-00-01', 'A', tradeIn),
        prospect('P-2', '+7 916 100-00-02'),
      ),
    );
    expect(answer.status).toBe(201);
    expect(answer.body.leads).toHaveLength(2);
    expect(answer.body.leads[0]).toMatchObject({
      customerCreated: true,
      leadCreated: true,
      dealerId: world.dealers.A.id,
    });
    const [lead] = await leadsWithRef('portal:P-1');
    expect(lead).toMatchObject({
      source_key: 'website',
      campaign: 'Winter sale',
      utm_source: 'Portal',
      dealer_id: world.dealers.A.id,
      intended_purchase_date: '2026-12-20',
      interest_type: 'buy',
    });
    const customer = await apiAs(world, 'crmA').get(
      `/api/customers/${answer.body.leads[0].customerId}`,
    );
    expect(customer.status).toBe(200);
  });

  it('the same document sent again makes no second lead', async () => {
    const answer = await postAdf('crmA', document(prospect('P-1', '+7 916 100-00-01')));
    expect(answer.status).toBe(201);
    expect(answer.body.leads[0].leadCreated).toBe(false);
    expect(await leadsWithRef('portal:P-1')).toHaveLength(1);
  });

  it('malformed XML is refused with the line of the fault and nothing is stored', async () => {
    const answer = await postAdf('crmA', '<adf>\n<prospect>\n<customer></prospect></adf>');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_adf');
    expect(answer.body.error.message).toMatch(/malformed XML at line 3/);
  });

  it('a prospect without any contact rejects the whole document, naming the prospect', async () => {
    const noContact = `<prospect><customer><contact><name part="full">Nobody</name></contact></customer></prospect>`;
    const answer = await postAdf('crmA', document(prospect('P-3', '+7 916 100-00-03'), noContact));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(
      'prospect 2: the customer has neither a phone nor an e-mail',
    );
    expect(answer.body.error.fields[0].path).toBe('prospect.2');
    expect(await peopleWithPhone('+79161000003')).toHaveLength(0);
  });

  it('a prospect the capture refuses rolls back the prospects before it', async () => {
    const answer = await postAdf(
      'crmA',
      document(prospect('P-4', '+7 916 100-00-04'), prospect('P-5', 'not a phone')),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^prospect 2: /);
    expect(await leadsWithRef('portal:P-4')).toHaveLength(0);
    expect(await peopleWithPhone('+79161000004')).toHaveLength(0);
  });

  it('the manager of dealer B cannot put leads into dealer A', async () => {
    const answer = await postAdf('managerB', document(prospect('P-6', '+7 916 100-00-06', 'A')));
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toBe('prospect 1: dealer A is outside your scope');
    expect(await leadsWithRef('portal:P-6')).toHaveLength(0);
  });

  it('a dealer manager without a vendor in the document gets the lead into his own dealer', async () => {
    const xml = document(prospect('P-7', '+7 916 100-00-07', 'UNKNOWN'));
    const answer = await postAdf('managerB', xml.replace('<vendorname>Dealer A</vendorname>', ''));
    expect(answer.status).toBe(201);
    expect(answer.body.leads[0].dealerId).toBe(world.dealers.B.id);
  });

  it('a new person who is probably one on file is named in the answer and queued for review', async () => {
    // dealer A knows Ivan Petrovich Sokolov by another number; the portal writes him in Latin
    const known = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      phones: [{ number: '8 (916) 482-17-39' }],
    });
    expect(known.status).toBe(201);
    const sokolov = `
  <prospect>
    <id sequence="1" source="portal">P-20</id>
    <vehicle interest="buy" status="new"><make>Xcar</make><model>X5</model></vehicle>
    <customer><contact><name part="full">Ivan Petrovich Sokolov</name><phone>+7 903 765 43 21</phone></contact></customer>
    <vendor><id source="autocrm">A</id></vendor>
  </prospect>`;
    const answer = await postAdf('crmA', document(sokolov, prospect('P-21', '+7 916 100-00-21')));
    expect(answer.status).toBe(201);
    const [ivan, other] = answer.body.leads;
    expect(ivan.customerCreated).toBe(true);
    expect(ivan.possibleDuplicates).toEqual([
      expect.objectContaining({ id: known.body.id, displayName: 'Соколов Иван Петрович' }),
    ]);
    expect(ivan.possibleDuplicates[0].probability).toBeGreaterThanOrEqual(0.5);
    expect(other.possibleDuplicates.map((d: { id: string }) => d.id)).not.toContain(known.body.id);

    const queue = await apiAs(world, 'crmA').get('/api/quality/duplicates');
    expect(queue.status).toBe(200);
    const pairs = queue.body.items.map(
      (pair: { customerA: { id: string }; customerB: { id: string } }) =>
        [pair.customerA.id, pair.customerB.id].sort(),
    );
    expect(pairs).toContainEqual([known.body.id, ivan.customerId].sort());
    // nothing is merged or linked: two persons, one lead on the new one
    expect(ivan.customerId).not.toBe(known.body.id);
  });

  it('a sales consultant may not post ADF documents', async () => {
    const answer = await postAdf('consultantA1', document(prospect('P-8', '+7 916 100-00-08')));
    expect(answer.status).toBe(403);
  });

  it('takes text/xml, refuses JSON, and XML does not leak to other routes', async () => {
    const asText = await postAdf(
      'crmA',
      document(prospect('P-9', '+7 916 100-00-09')),
      '',
      'text/xml',
    );
    expect(asText.status).toBe(201);
    const json = await postAdf('crmA', '{"adf":1}', '', 'application/json');
    expect(json.status).toBe(400);
    const elsewhere = await world.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: {
        authorization: `Bearer ${world.users.crmA.token}`,
        'content-type': 'application/xml',
      },
      payload: '<customer/>',
    });
    expect(elsewhere.statusCode).toBe(415);
  });
});
