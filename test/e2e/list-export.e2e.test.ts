import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { chooseOption, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const manager = demoLogins.msk01Manager;
const baseUrl = inject('baseUrl');

// a different prospect every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-7);
const phone = `+7 927 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}`;
const campaign = `Export check ${runId}`;

let browser: Browser | undefined;
let page: Page;
const shoot = shooter(() => page);

describe('a dealer manager downloads the filtered lead and order lists', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const lead = await api.call<{ customerId: string }>('POST', '/api/leads', {
      source: 'referral',
      brandCode: 'GEELY',
      campaign,
      person: { lastName: `Выгрузкин${runId}`, phones: [{ number: phone }] },
    });
    // and a draft order for him: a Geely, which MSK01 sells
    const catalog = await api.call<{
      makes: { name: string; models: { id: string }[] }[];
    }>('GET', '/api/catalog');
    const geely = catalog.makes.find((make) => make.name.toLowerCase() === 'geely');
    await api.call('POST', '/api/orders', {
      customerId: lead.customerId,
      modelId: geely!.models[0]!.id,
      listPriceMinor: 2_990_000_00,
    });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, manager);
  });

  keepEvidence('list-export', () => ({ browser, page }));

  it('exports the leads of the typed campaign, and only those', async () => {
    await page.goto(`${baseUrl}/leads`);
    await page.getByTestId('leads-campaign').fill(campaign.toLowerCase());
    const rows = page.getByTestId('leads-table').locator('tbody tr');
    await expect.poll(async () => rows.count(), { timeout: 15_000 }).toBe(1);
    const csv = page.getByTestId('leads-export-csv');
    await expect.poll(async () => csv.getAttribute('href')).toContain('campaign=export+check');
    await shoot('95-leads-export-1366');
    const answer = await page.request.get(`${baseUrl}${await csv.getAttribute('href')}`);
    expect(answer.status()).toBe(200);
    const lines = (await answer.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Lead ID,Came in,Customer');
    expect(lines[1]).toContain(`Выгрузкин${runId}`);
    const xlsx = await page.getByTestId('leads-export-xlsx').getAttribute('href');
    const workbook = await page.request.get(`${baseUrl}${xlsx}`);
    expect(workbook.headers()['content-type']).toMatch(/spreadsheetml/);
  });

  it('exports the orders of the chosen status', async () => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByTestId('orders-table').waitFor();
    await chooseOption(page, page.getByTestId('orders-status'), 'Draft');
    const csv = page.getByTestId('orders-export-csv');
    await expect.poll(async () => csv.getAttribute('href')).toContain('status=draft');
    await page.getByTestId('orders-table').getByText(`Выгрузкин${runId}`).waitFor();
    await shoot('96-orders-export-1366');
    const answer = await page.request.get(`${baseUrl}${await csv.getAttribute('href')}`);
    expect(answer.status()).toBe(200);
    const lines = (await answer.text()).trimEnd().split('\r\n');
    expect(lines[0]).toContain('Order ID,Created,Customer,Dealer');
    expect(lines.some((line) => line.includes(`Выгрузкин${runId}`))).toBe(true);
    // every row is a draft order of MSK01, the manager's dealer
    for (const line of lines.slice(1)) expect(line).toMatch(/,MSK01,.*,Draft,RUB,/);
  });
});
