import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const consultant = demoLogins.msk01Sales1;
const baseUrl = inject('baseUrl');

// a VIN of its own every run, so the story also works on a reused PostgreSQL database
const vin = withCheckDigit(`L6T7722S0PN${Date.now().toString().slice(-6)}`);

let browser: Browser | undefined;
let page: Page;
const shoot = shooter(() => page);

describe('the showroom records a car that arrived in stock', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, consultant);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('stock', () => ({ browser, page }));

  it('picks make and model from the catalogue and sees the car in the list', async () => {
    await signIn(page, baseUrl, consultant);
    await page.goto(`${baseUrl}/stock-arrivals`);
    await page.getByRole('heading', { name: 'Stock arrivals' }).waitFor();
    const form = page.getByTestId('stock-arrival-form');
    await form.getByLabel('Make').first().click();
    await page.getByRole('option', { name: 'Geely', exact: true }).click();
    await form.getByLabel('Model').first().click();
    await page.getByRole('option', { name: 'Monjaro', exact: true }).click();
    await form.getByRole('textbox', { name: 'VIN' }).fill(vin.toLowerCase());
    await form.getByRole('button', { name: 'Record the arrival' }).click();
    const row = page.getByTestId('stock-arrivals-table').getByRole('row', { name: vin });
    await row.waitFor();
    await expect(row.getByText('MSK01').count()).resolves.toBe(1);
    await expect(row.getByText('Monjaro').count()).resolves.toBe(1);
    await shoot('32-stock-arrival-1366');
  });

  it('refuses a VIN that is not one, naming the field', async () => {
    const form = page.getByTestId('stock-arrival-form');
    await form.getByLabel('Model').first().click();
    await page.getByRole('option', { name: 'Monjaro', exact: true }).click();
    await form.getByRole('textbox', { name: 'VIN' }).fill('NOTAVIN');
    await form.getByRole('button', { name: 'Record the arrival' }).click();
    // the server's reason shows at the VIN field
    await form.getByText(/17 characters/).waitFor();
    await expect(
      page.getByTestId('stock-arrivals-table').getByRole('row', { name: 'NOTAVIN' }).count(),
    ).resolves.toBe(0);
  });
});
