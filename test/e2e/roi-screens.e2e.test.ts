import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');

// People and campaigns of their own every run, so the story also works on a reused database.
const runId = Date.now().toString().slice(-6);
const surname = `Окупаемов${runId}`;
const people = 6;

let browser: Browser | undefined;
let page: Page;
const shot = shooter(() => page);
/** The switch, the totals and the grouping's table in one laptop-sized picture. */
async function shoot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 280));
  await shot(name);
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe('the CRM manager reads campaign ROI per campaign, per channel and per lead source', () => {
  beforeAll(async () => {
    const crm: ApiSession = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    const me = await crm.call<{ id: string; dealerId: string }>('GET', '/api/auth/me');
    const ids: string[] = [];
    const consent = (channel: string) => ({ channel, status: 'granted', method: 'web_form' });
    for (let i = 1; i <= people; i += 1) {
      const created = await crm.call<{ id: string }>('POST', '/api/customers', {
        kind: 'person',
        lastName: surname,
        firstName: `Пётр${i}`,
        preferredLanguage: 'en',
        emails: [{ address: `roi${runId}.${i}@example.test` }],
        phones: [{ number: `+7916${runId}${i}` }],
        consents: [consent('email'), consent('phone')],
        dealerCode: 'MSK01',
      });
      ids.push(created.id);
    }
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `ROI ${runId}`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: [surname] },
    });
    const common = {
      ownerLevel: 'dealer',
      dealerId: me.dealerId,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
    };
    const calls = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      ...common,
      name: `Service call-back ${runId}`,
      channel: 'call',
      callAssigneeUserId: me.id,
      costMinor: 3_000_000,
      responseCode: `CALL${runId}`,
      variants: [
        {
          key: 'A',
          contents: { en: { subject: 'Call {{customer.firstName}}', text: 'Good day!' } },
        },
      ],
    });
    const mail = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      ...common,
      name: `Spring service ${runId}`,
      costMinor: 15_000_000,
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Spring service',
              mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>',
            },
          },
        },
      ],
    });
    // the calls first: the e-mail is everybody's last touch, the call-back wins by its code
    await crm.call('POST', `/api/campaigns/${calls.id}/send`, {});
    await crm.call('POST', `/api/campaigns/${mail.id}/send`, {});
    const lead = (i: number, source: string, campaign?: string) =>
      crm.call('POST', '/api/leads', {
        source,
        campaign,
        dealerCode: 'MSK01',
        person: {
          firstName: `Пётр${i}`,
          lastName: surname,
          emails: [{ address: `roi${runId}.${i}@example.test` }],
        },
      });
    await lead(1, 'website', `CALL${runId}`);
    await lead(2, 'showroom');
    const today = new Date().toISOString().slice(0, 10);
    const car = (i: number, priceMinor: number) =>
      crm.call('POST', '/api/vehicles', {
        customerId: ids[i - 1],
        makeName: 'Haval',
        modelName: 'Jolion',
        purchase: { date: today, dealerCode: 'MSK01', priceMinor },
      });
    await car(2, 250_000_000);
    await car(3, 180_000_000);
    // the report sums kept credits, refreshed by a job every 10 minutes: now, as the page's
    // "Refresh now" does
    await crm.call('POST', '/api/marketing/roi/refresh', {});

    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, marketer);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('switches the report between campaigns, channels and lead sources; the export follows', async () => {
    await page.goto(`${baseUrl}/marketing/roi`);
    await page.getByRole('heading', { name: 'Campaign ROI' }).waitFor();
    const campaigns = page.getByTestId('roi-campaigns');
    await campaigns.getByRole('link', { name: `Spring service ${runId}` }).waitFor();
    await campaigns.getByRole('link', { name: `Service call-back ${runId}` }).waitFor();
    await shoot('60-roi-by-campaign-1366');

    const switcher = page.getByTestId('roi-group-by');
    await switcher.getByText('Channel', { exact: true }).click();
    const channels = page.getByTestId('roi-channels');
    await channels.getByRole('cell', { name: /^E-mail/ }).waitFor();
    await channels.getByRole('cell', { name: /^Calls/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain(
      'groupBy=channel',
    );
    await shoot('61-roi-by-channel-1366');

    await switcher.getByText('Lead source', { exact: true }).click();
    const sources = page.getByTestId('roi-sources');
    await sources.getByRole('cell', { name: 'Showroom', exact: true }).waitFor();
    await sources.getByRole('cell', { name: 'No lead', exact: true }).waitFor();
    const csv = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(csv).toContain('groupBy=source');
    expect(csv).toContain('table=sources');
    await shoot('62-roi-by-source-1366');
    // every column fits the laptop's width: no horizontal scroll behind the cost columns
    const fits = () =>
      sources.evaluate((table) => {
        const card = table.closest('.mantine-Card-root')!;
        return table.getBoundingClientRect().right <= card.getBoundingClientRect().right + 1;
      });
    expect(await fits()).toBe(true);

    // the campaigns' costs shared over the sources of their leads: the call-back's 30,000 ₽
    // goes to the website lead it brought (the e-mail's to the showroom lead)
    // the switch's input lies over its label and may sit under the sticky header: click it directly
    await page
      .getByRole('switch', { name: 'Share campaign costs over sources' })
      .dispatchEvent('click');
    const website = sources.getByRole('row').filter({ hasText: 'Website' });
    await website.getByText(/^of it campaigns/).waitFor();
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toContain(
      'includeCampaignCosts=true',
    );
    expect(await fits()).toBe(true);
    await shoot('63-roi-by-source-campaign-costs-1366');
  });
});
