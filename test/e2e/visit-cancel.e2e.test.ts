import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const advisor = demoLogins.msk01Service;
const baseUrl = inject('baseUrl');

// A car of its own every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`Y4KAJ2B40PB${runId}`);

let browser: Browser | undefined;
let page: Page;
let vehicleId: string;
const shoot = shooter(() => page);

/**
 * The advisor typed 150,000 km for a car that has 15,000 and recorded a second visit on the
 * wrong car. On the car page he corrects the first and cancels the second with a reason; the
 * cancelled one shows struck through behind "Show cancelled visits".
 */
describe('the advisor corrects and cancels repair orders on the car page', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, advisor);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const owner = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Опечаткин${runId}`,
      firstName: 'Олег',
      phones: [{ number: `+7 977 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}1` }],
      dealerCode: 'MSK01',
    });
    const car = await api.call<{ id: string }>('POST', '/api/vehicles', {
      customerId: owner.id,
      vin,
      makeName: 'Geely',
      modelName: 'Coolray',
    });
    vehicleId = car.id;
    await api.call('POST', '/api/service/visits', {
      vehicleId,
      visitDate: '2025-06-02',
      mileageKm: 150_000,
      visitType: 'maintenance',
      orderNumber: `TYPO-${runId}`,
    });
    await api.call('POST', '/api/service/visits', {
      vehicleId,
      visitDate: '2025-07-03',
      visitType: 'repair',
      orderNumber: `WRONG-${runId}`,
    });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('visit-cancel', () => ({ browser, page }));

  it('corrects the mistyped mileage', async () => {
    await signIn(page, baseUrl, advisor);
    await page.goto(`${baseUrl}/vehicles/${vehicleId}`);
    const orders = page.getByTestId('repair-orders');
    const row = orders.getByRole('row', { name: `TYPO-${runId}` });
    await row.getByRole('button', { name: 'Visit actions' }).click();
    await page.getByRole('menuitem', { name: 'Correct visit' }).click();
    const form = page.getByTestId('visit-correction-form');
    await form.getByLabel('Odometer, km').fill('15000');
    await shoot('40a-visit-correction-1366');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('Visit corrected').waitFor();
    await orders
      .getByRole('row', { name: `TYPO-${runId}` })
      .getByText('15')
      .first()
      .waitFor();
  });

  it('cancels the visit on the wrong car with a reason and shows it struck through', async () => {
    const orders = page.getByTestId('repair-orders');
    const row = orders.getByRole('row', { name: `WRONG-${runId}` });
    await row.getByRole('button', { name: 'Visit actions' }).click();
    await page.getByRole('menuitem', { name: 'Cancel visit' }).click();
    const form = page.getByTestId('visit-cancel-form');
    await form.getByLabel('Reason').fill('Recorded on the wrong car');
    await shoot('40b-visit-cancel-1366');
    await form.getByRole('button', { name: 'Cancel the visit' }).click();
    await page.getByText('Visit cancelled').waitFor();
    await expect(orders.getByRole('row', { name: `WRONG-${runId}` }).count()).resolves.toBe(0);
    await orders.getByLabel('Show cancelled visits').check();
    const cancelled = page.getByTestId('cancelled-visits');
    await cancelled.getByText(/Recorded on the wrong car/).waitFor();
    await expect(cancelled.getByText(`WRONG-${runId}`, { exact: false }).count()).resolves.toBe(1);
    await shoot('40c-visit-cancelled-1366');
  });
});
