import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { smsLength } from './sms-length.ts';

/**
 * Dealer A's CRM manager tests two SMS texts on 90 % of his customers, the winner by click
 * rate. The links in the SMS go out short (<PUBLIC_URL>/s/<code>); a customer following one
 * lands on the dealer's page, and the click counts for the campaign, his variant and him, so
 * the A/B test and ROI see it. A code nobody was sent leads nowhere.
 */
describe('a dealer tracks the clicks of an SMS campaign', () => {
  let world: TestWorld;
  let campaignId: string;
  const people: string[] = [];

  const links = () =>
    world.database.db.selectFrom('marketing_sms_links').selectAll().orderBy('created_at').execute();
  const recipient = (customerId: string) =>
    world.database.db
      .selectFrom('marketing_campaign_recipients')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('customer_id', '=', customerId)
      .executeTakeFirstOrThrow();
  const get = (url: string, method: 'GET' | 'HEAD' = 'GET') => world.app.inject({ method, url });

  beforeAll(async () => {
    world = await createTestWorld();
    for (let i = 0; i < 20; i++) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: `Person${i}`,
        lastName: 'Clicker',
        phones: [{ number: `+7 916 400 00 ${String(i).padStart(2, '0')}` }],
        consents: [{ channel: 'sms', status: 'granted', method: 'signed_form' }],
        preferredLanguage: 'en',
      });
      expect(created.status, created.text).toBe(201);
      people.push(created.body.id);
    }
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Clickers',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Clicker'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Winter tyres by SMS',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'sms',
      abTestShare: 90,
      abMetric: 'click_rate',
      variants: [
        {
          key: 'A',
          contents: {
            en: { text: 'Hi {{customer.firstName}}, tyres: https://dealer-a.example/tyres.' },
          },
        },
        {
          key: 'B',
          contents: {
            en: {
              text: '{{customer.firstName}}: -20 % (https://dealer-a.example/tyres?v=b), or call us. Stop: {{links.unsubscribe}}',
            },
          },
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
  });
  afterAll(() => world?.close());

  it('counts the preview’s length with the links at their short length', async () => {
    const preview = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: people[0],
      channel: 'sms',
      content: {
        text: 'Hi! https://dealer-a.example/a-very-long-address/with/a/path?and=a&query=string-that-goes-on',
      },
    });
    expect(preview.status, preview.text).toBe(200);
    // the marketer sees where the link goes ...
    expect(preview.body.text).toContain('https://dealer-a.example/a-very-long-address');
    // ... and the length of what is sent: "Hi! " and the short link
    const sent = `Hi! http://127.0.0.1:3000/s/${'x'.repeat(10)}`;
    expect(preview.body.sms).toEqual({ encoding: 'gsm7', length: sent.length, segments: 1 });
    // the way out, which the preview shows as going nowhere, is counted short as well
    const withWayOut = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: people[0],
      channel: 'sms',
      content: { text: 'Hi! Stop: {{links.unsubscribe}}' },
    });
    expect(withWayOut.body.text).toBe('Hi! Stop: #unsubscribe');
    expect(withWayOut.body.sms.length).toBe(
      `Hi! Stop: http://127.0.0.1:3000/s/${'x'.repeat(10)}`.length,
    );
  });

  it('sends the SMS with short links stored against campaign, variant, person and message', async () => {
    const sent = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ status: 'testing', phase: 'test' });
    const messages = await world.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'customer_id', 'body'])
      .where('source_id', '=', campaignId)
      .execute();
    expect(messages.length).toBe(sent.body.queued);
    const rows = await links();
    const tracked = rows.filter((row) => !row.unsubscribe);
    expect(tracked).toHaveLength(messages.length);
    for (const message of messages) {
      const link = tracked.find((row) => row.message_id === message.id)!;
      const { variant } = await recipient(message.customer_id);
      expect(link).toMatchObject({
        customer_id: message.customer_id,
        campaign_id: campaignId,
        variant,
        journey_run_id: null,
        click_count: 0,
        clicked_at: null,
        target_url:
          variant === 'A' ? 'https://dealer-a.example/tyres' : 'https://dealer-a.example/tyres?v=b',
      });
      expect(message.body).not.toContain('dealer-a.example');
      if (variant === 'A') {
        expect(message.body).toMatch(
          /^Hi Person\d+, tyres: http:\/\/127\.0\.0\.1:3000\/s\/\w{10}\.$/,
        );
      } else {
        expect(message.body).toMatch(/^Person\d+: -20 % \(http:\/\/127\.0\.0\.1:3000\/s\/\w{10}\)/);
        // the way out is short too, its row marked as no click and leading to the signed page
        const wayOut = rows.find((row) => row.message_id === message.id && row.unsubscribe)!;
        expect(message.body).toMatch(
          new RegExp(`Stop: http://127\\.0\\.0\\.1:3000/s/${wayOut.code}$`),
        );
        expect(wayOut.target_url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/m\/u\?t=\S+$/);
        // one SMS part, where the signed link alone would have made it three
        expect(smsLength(message.body).segments).toBe(1);
        expect(smsLength(message.body.replace(/\S+$/, wayOut.target_url)).segments).toBe(3);
      }
      expect(message.body).toContain(`/s/${link.code}`);
    }
    // both variants went out, so the test has something to compare
    expect(new Set(rows.map((row) => row.variant))).toEqual(new Set(['A', 'B']));
  });

  it('redirects a click to the stored target and counts it for the campaign and person', async () => {
    const link = (await links()).find((row) => row.variant === 'B' && !row.unsubscribe)!;
    // a messenger's preview (HEAD) answers but counts nothing
    const head = await get(`/s/${link.code}`, 'HEAD');
    expect(head.statusCode).toBe(302);
    expect((await recipient(link.customer_id)).clicked_at).toBeNull();

    const first = await get(`/s/${link.code}`);
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('https://dealer-a.example/tyres?v=b');
    expect(first.headers['cache-control']).toBe('no-store');
    // a query cannot point the redirect elsewhere: only the stored target is followed
    const steered = await get(`/s/${link.code}?u=https://evil.example/&t=x`);
    expect(steered.headers.location).toBe('https://dealer-a.example/tyres?v=b');
    const row = await recipient(link.customer_id);
    expect(row).toMatchObject({ variant: 'B', click_count: 2 });
    expect(row.clicked_at).not.toBeNull();
    const stored = (await links()).find((other) => other.code === link.code)!;
    expect(stored.click_count).toBe(2);
    expect(stored.clicked_at).not.toBeNull();
  });

  it('leads the short unsubscribe link to the page that asks, counting no click', async () => {
    const wayOut = (await links()).find((row) => row.unsubscribe)!;
    const before = await recipient(wayOut.customer_id);
    const followed = await get(`/s/${wayOut.code}`);
    expect(followed.statusCode).toBe(302);
    expect(followed.headers.location).toBe(wayOut.target_url);
    const asked = await get(
      new URL(wayOut.target_url).pathname + new URL(wayOut.target_url).search,
    );
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('<form method="post">');
    // neither the link, nor the campaign's recipient, nor the person's consent changed
    const after = (await links()).find((row) => row.code === wayOut.code)!;
    expect(after).toMatchObject({ click_count: 0, clicked_at: null });
    expect(await recipient(wayOut.customer_id)).toEqual(before);
    // the person confirms on the page: the SMS consent is withdrawn
    const confirmed = await world.app.inject({
      method: 'POST',
      url: new URL(wayOut.target_url).pathname + new URL(wayOut.target_url).search,
    });
    expect(confirmed.statusCode).toBe(200);
    const consent = await world.database.db
      .selectFrom('marketing_consent_state')
      .select('granted')
      .where('customer_id', '=', wayOut.customer_id)
      .where('channel', '=', 'sms')
      .where('purpose', '=', 'marketing')
      .executeTakeFirst();
    expect(consent?.granted).toBe(false);
  });

  it('answers a code it did not send with 404, whatever its shape', async () => {
    const known = (await links())[0]!.code;
    const changed = known.slice(0, 9) + (known[9] === 'a' ? 'b' : 'a');
    for (const code of [changed, 'AAAAAAAAAA', 'short', 'x'.repeat(100), '..%2F..%2Fm%2Fc']) {
      const answer = await get(`/s/${code}`);
      expect(answer.statusCode, code).toBe(404);
      expect(answer.headers.location, code).toBeUndefined();
      expect(answer.body).toContain('not valid');
    }
    expect((await get('/s/')).statusCode).toBe(404);
    // past Fastify's longest path parameter: 414, before any lookup
    expect((await get(`/s/${'x'.repeat(500)}`)).statusCode).toBe(414);
    // none of it counted anywhere
    const clicked = (await links()).filter((row) => row.click_count > 0);
    expect(clicked).toHaveLength(1);
  });

  it('picks the winner by click rate from the SMS clicks and sends it to the rest', async () => {
    // every B reader clicks, no A reader does
    for (const link of (await links()).filter((row) => row.variant === 'B' && !row.unsubscribe)) {
      expect((await get(`/s/${link.code}`)).statusCode).toBe(302);
    }
    const finished = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/ab-winner`, {});
    expect(finished.status, finished.text).toBe(200);
    const report = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}`);
    expect(report.body).toMatchObject({ winnerVariant: 'B' });
    expect(report.body.winnerNote).toMatch(/^B wins on click rate: 100\.0 % against A 0\.0 %/);
    // the rest got B, with links of their own, attributed to the rest phase's variant
    const rest = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .select('customer_id')
      .where('campaign_id', '=', campaignId)
      .where('phase', '=', 'rest')
      .execute();
    const rows = await links();
    for (const { customer_id } of rest) {
      expect(rows.filter((row) => row.customer_id === customer_id)).toEqual([
        expect.objectContaining({ variant: 'B', target_url: 'https://dealer-a.example/tyres?v=b' }),
        expect.objectContaining({ variant: 'B', unsubscribe: true, click_count: 0 }),
      ]);
    }
    // a re-run writes no second message and no second link
    const again = await apiAs(world, 'crmA').post(`/api/campaigns/${campaignId}/send`, {});
    expect(again.status, again.text).toBe(200);
    expect(await links()).toHaveLength(rows.length);
  });
});
