import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A's CRM manager tries two autumn letters. Each variant's letters print their own
 * response code (AUTUMN26-A, AUTUMN26-B); people who come in quoting it are counted for that
 * variant, and the test is won by the letter with the higher response rate. ROI still credits
 * every lead quoting a variant's code to the campaign. Dealer B sees none of it.
 */
const letter = (line: string) => ({
  en: {
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Dear {{customer.firstName}}, ${line} Quote {{responseCode}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
});
const fieldsOf = (body: { error: { fields: { path: string }[] } }) =>
  body.error.fields.map((field) => field.path);
const today = new Date().toISOString().slice(0, 10);
const period = `from=${today}&to=${today}`;

type Stats = {
  key: string;
  queued: number;
  responseCode: string | null;
  responded: number;
  responseRate: number;
  codeLeads: number;
};

describe('a CRM manager tests two letters by the response code each prints', () => {
  let world: TestWorld;
  let segmentId: string;
  let outsiderId: string;
  let campaignId: string;
  /** set by the results test: the leads quoting one of the variants' codes */
  let leadsQuotingACode = 0;
  const base = () => ({
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    segmentId,
    currency: 'RUB',
    defaultLanguage: 'en',
  });

  beforeAll(async () => {
    world = await createTestWorld();
    const address = { country: 'RU', city: 'Kazan', postcode: '420000', street: 'Baumana 1' };
    const person = async (firstName: string, lastName: string) => {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName,
        lastName,
        emails: [{ address: `${firstName.toLowerCase()}@example.com` }],
        consents: [
          { channel: 'post', status: 'granted', method: 'signed_form' },
          { channel: 'email', status: 'granted', method: 'signed_form' },
        ],
        addresses: [address],
        timezone: 'UTC',
      });
      expect(created.status, created.text).toBe(201);
      return created.body.id as string;
    };
    for (let i = 0; i < 16; i++) await person(`Reader${i}`, 'Lettered');
    outsiderId = await person('Neighbour', 'Outside');
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Lettered',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Lettered'] },
    });
    expect(segment.status, segment.text).toBe(201);
    segmentId = segment.body.id;
  });
  afterAll(async () => world.close());

  /** a lead of the person quoting a code, as a web form (utm_campaign) or a call (campaign) */
  async function leadQuoting(customerId: string, code: string | null, field = 'utm_campaign') {
    await world.database.db
      .insertInto('leads')
      .values({
        customer_id: customerId,
        dealer_id: world.dealers.A.id,
        source_key: 'website',
        ...(code ? { [field]: code } : {}),
      })
      .execute();
  }

  async function report(id: string) {
    const answer = await apiAs(world, 'crmA').get(`/api/campaigns/${id}`);
    expect(answer.status, answer.text).toBe(200);
    const variants = answer.body.results.variants as Stats[];
    return { body: answer.body, byKey: Object.fromEntries(variants.map((v) => [v.key, v])) };
  }

  it('refuses a response-rate test without a code or on another channel', async () => {
    const api = apiAs(world, 'crmA');
    const noCode = await api.post('/api/campaigns', {
      ...base(),
      name: 'Letters without code',
      channel: 'mail',
      abMetric: 'response_rate',
      variants: [
        { key: 'A', contents: letter('one') },
        { key: 'B', contents: letter('two') },
      ],
    });
    expect(noCode.status).toBe(400);
    expect(fieldsOf(noCode.body)).toEqual(['responseCode']);
    const byEmail = await api.post('/api/campaigns', {
      ...base(),
      name: 'E-mail by responses',
      responseCode: 'MAILRR',
      abMetric: 'response_rate',
      variants: [{ key: 'A', contents: { en: { subject: 'x', mjml: '<mjml></mjml>' } } }],
    });
    expect(byEmail.status).toBe(400);
    expect(fieldsOf(byEmail.body)).toEqual(['abMetric']);
  });

  it('gives each letter variant its own code, which no other campaign may take', async () => {
    const api = apiAs(world, 'crmA');
    const created = await api.post('/api/campaigns', {
      ...base(),
      name: 'Autumn letters',
      channel: 'mail',
      responseCode: 'AUTUMN26',
      abTestShare: 90,
      abMetric: 'response_rate',
      variants: [
        { key: 'A', contents: letter('your car is due a check-up.') },
        { key: 'B', contents: letter('a free check-up is waiting for you.') },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
    for (const code of ['autumn26-b', 'Autumn26']) {
      const taken = await api.post('/api/campaigns', {
        ...base(),
        name: `Clash ${code}`,
        responseCode: code,
        variants: [{ key: 'A', contents: { en: { subject: 'x', mjml: '<mjml></mjml>' } } }],
      });
      expect(taken.status, code).toBe(400);
      expect(fieldsOf(taken.body)).toEqual(['responseCode']);
    }
    // a letter whose variant code would be another campaign's code is refused as well
    const leaflet = await api.post('/api/campaigns', {
      ...base(),
      name: 'Spring leaflet',
      responseCode: 'SPRING-A',
      variants: [{ key: 'A', contents: { en: { subject: 'x', mjml: letter('x').en.mjml } } }],
    });
    expect(leaflet.status, leaflet.text).toBe(201);
    const clash = await api.post('/api/campaigns', {
      ...base(),
      name: 'Spring letters',
      channel: 'mail',
      responseCode: 'spring',
      variants: [{ key: 'A', contents: letter('x') }],
    });
    expect(clash.status).toBe(400);
    expect(fieldsOf(clash.body)).toEqual(['responseCode']);
  });

  it('counts the leads quoting each variant’s code for it and picks the better letter', async () => {
    const api = apiAs(world, 'crmA');
    const sent = await api.post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.status).toBe('testing');
    const rows = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select(['customer_id', 'variant'])
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'queued')
      .orderBy('customer_id')
      .execute();
    const ofA = rows.filter((row) => row.variant === 'A').map((row) => row.customer_id);
    const ofB = rows.filter((row) => row.variant === 'B').map((row) => row.customer_id);
    expect(ofA.length).toBeGreaterThanOrEqual(2);
    expect(ofB.length).toBeGreaterThanOrEqual(2);

    // the test's print run can be exported while it runs, each letter with its variant's code
    const csv = await api.get(`/api/campaigns/${campaignId}/direct-mail.csv?phase=test`);
    expect(csv.status, csv.text).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/,variant,response_code,phase$/);
    expect(lines).toHaveLength(rows.length + 1);
    const lineOf = (id: string) => lines.find((line) => line.startsWith(id))!;
    expect(lineOf(ofA[0]!)).toMatch(/,A,AUTUMN26-A,test$/);
    expect(lineOf(ofB[0]!)).toMatch(/,B,AUTUMN26-B,test$/);
    const letters = await api.get(`/api/campaigns/${campaignId}/direct-mail/letters`);
    expect(letters.status).toBe(200);
    expect(letters.text).toContain('Quote AUTUMN26-A.');
    expect(letters.text).toContain('Quote AUTUMN26-B.');

    // B: its readers quote their code (a web form, a call, ...); A: one, and one comes without it
    await leadQuoting(ofB[0]!, 'autumn26-b');
    await leadQuoting(ofB[1]!, 'AUTUMN26-B', 'campaign');
    // every other B reader too, so B's rate (1) is above A's (at most 1/2) whatever the split
    for (const id of ofB.slice(2)) await leadQuoting(id, 'AUTUMN26-B');
    await leadQuoting(ofA[0]!, 'AUTUMN26-A');
    await leadQuoting(ofA[1]!, null);
    // a neighbour handed B's letter: B's lead, but not one of its recipients
    await leadQuoting(outsiderId, 'AUTUMN26-B');
    leadsQuotingACode = ofB.length + 1 + 1;

    const { byKey } = await report(campaignId);
    expect(byKey.A).toMatchObject({
      responseCode: 'AUTUMN26-A',
      responded: 1,
      responseRate: 1 / ofA.length,
      codeLeads: 1,
    });
    expect(byKey.B).toMatchObject({
      responseCode: 'AUTUMN26-B',
      responded: ofB.length,
      responseRate: 1,
      codeLeads: ofB.length + 1,
    });

    // dealer B can read neither the results nor the print run
    expect((await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}`)).status).toBe(404);
    const foreign = await apiAs(world, 'managerB').get(
      `/api/campaigns/${campaignId}/direct-mail.csv`,
    );
    expect(foreign.status).toBe(404);

    const finished = await api.post(`/api/campaigns/${campaignId}/ab-winner`, {});
    expect(finished.status, finished.text).toBe(200);
    const after = await report(campaignId);
    expect(after.body.winnerVariant).toBe('B');
    expect(after.body.winnerNote).toContain('B wins on response rate');

    // the rest's print run: the winner's letters only
    const rest = await api.get(`/api/campaigns/${campaignId}/direct-mail.csv?phase=rest`);
    expect(rest.status).toBe(200);
    const restLines = rest.text.trim().split('\r\n').slice(1);
    expect(restLines.length).toBe(16 - rows.length);
    for (const line of restLines) expect(line).toMatch(new RegExp(`,AUTUMN26-B,rest$`));
    const wrongPhase = await api.get(`/api/campaigns/${campaignId}/direct-mail.csv?phase=all`);
    expect(wrongPhase.status).toBe(400);
  });

  it('credits every lead quoting a variant’s code to the campaign in ROI', async () => {
    const answer = await apiAs(world, 'crmA').get(`/api/marketing/roi?${period}`);
    expect(answer.status, answer.text).toBe(200);
    const row = (answer.body.rows as { campaignId: string; leads: number }[]).find(
      (r) => r.campaignId === campaignId,
    );
    // those quoting a code (the neighbour too) and the reader without one by last touch
    expect(row?.leads).toBe(leadsQuotingACode + 1);
    const foreign = await apiAs(world, 'managerB').get(`/api/marketing/roi?${period}`);
    expect(foreign.status).toBe(200);
    const seen = (foreign.body.rows as { campaignId: string }[]).map((r) => r.campaignId);
    expect(seen).not.toContain(campaignId);
  });

  it('leaves other channels as they were: no variant codes, nothing responded', async () => {
    const api = apiAs(world, 'crmA');
    const created = await api.post('/api/campaigns', {
      ...base(),
      name: 'Winter e-mail',
      responseCode: 'WINTER26',
      abTestShare: 90,
      abMetric: 'open_rate',
      variants: [
        { key: 'A', contents: { en: { subject: 'Winter A', mjml: letter('a').en.mjml } } },
        { key: 'B', contents: { en: { subject: 'Winter B', mjml: letter('b').en.mjml } } },
      ],
    });
    expect(created.status, created.text).toBe(201);
    // an e-mail's variants have no codes of their own: WINTER26-A is free for another campaign
    const free = await api.post('/api/campaigns', {
      ...base(),
      name: 'Winter A leaflet',
      channel: 'mail',
      responseCode: 'WINTER26-A',
      variants: [{ key: 'A', contents: letter('x') }],
    });
    expect(free.status, free.text).toBe(201);
    const sent = await api.post(`/api/campaigns/${created.body.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    const recipient = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select('customer_id')
      .where('campaign_id', '=', created.body.id)
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    await leadQuoting(recipient.customer_id, 'WINTER26-B');
    const { byKey } = await report(created.body.id);
    for (const stats of Object.values(byKey)) {
      expect(stats).toMatchObject({ responseCode: null, responded: 0, codeLeads: 0 });
    }
    // the test is judged by opens as before: none yet, so the tie goes to A
    const finished = await api.post(`/api/campaigns/${created.body.id}/ab-winner`, {});
    expect(finished.status, finished.text).toBe(200);
    const after = await report(created.body.id);
    expect(after.body.winnerNote).toContain('open rate');
  });
});
