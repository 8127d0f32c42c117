import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const consultant = demoLogins.msk01Sales1;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-7);
const lastName = `Сверкин${runId}`;

let browser: Browser | undefined;
let page: Page;
let customerId: string;
const shoot = shooter(() => page);

describe('a consultant confirms a customer’s data with him in the web app', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, consultant);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const created = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName,
      firstName: 'Олег',
      phones: [{ number: `+7 916 ${runId}` }],
    });
    customerId = created.id;
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, consultant);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`verification-failed-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('records "Data confirmed with the customer" with the method and a note', async () => {
    await page.goto(`${baseUrl}/customers/${customerId}`);
    const card = page.getByTestId('verification-card');
    await card.getByText('Never confirmed with the customer.').waitFor();
    await card.getByRole('button', { name: 'Data confirmed with the customer' }).click();
    const form = page.getByTestId('verification-form');
    await form.getByLabel('How').first().click();
    await page.getByRole('option', { name: 'In person at the dealer' }).click();
    await form.getByLabel('Note').fill('passport seen, new e-mail');
    await shoot('verification-01-form');
    await form.getByRole('button', { name: 'Data confirmed with the customer' }).click();
    await card.getByText('In person at the dealer').waitFor();
    await card.getByText('passport seen, new e-mail').waitFor();
    expect(await card.textContent()).toContain('Confirmed');
    await shoot('verification-02-confirmed');
    // the contact is in the history too
    await page.getByText('Data confirmed with the customer').nth(1).waitFor();
  });

  it('offers the box when logging a call, not on an SMS', async () => {
    await page.getByRole('button', { name: 'Log activity' }).click();
    const form = page.getByTestId('log-activity-form');
    await form.getByLabel('Data confirmed with the customer').waitFor();
    await shoot('verification-03-log-call');
    await form.getByLabel('Channel').first().click();
    await page.getByRole('option', { name: 'SMS' }).click();
    expect(await form.getByLabel('Data confirmed with the customer').count()).toBe(0);
  });
});
