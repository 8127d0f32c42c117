import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin, type ApiSession } from './api-session.ts';
import { chooseOption, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const advisor = demoLogins.msk01Service;
const baseUrl = inject('baseUrl');

// A different owner and car every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`Y4KAJ2B40PA${runId}`);

let browser: Browser | undefined;
let page: Page;
let vehicleId: string;
let ownerId: string;
let api: ApiSession;
const shoot = shooter(() => page);

describe('the service desk: a visit is recorded and the after-service call is made', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, advisor);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const owner = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Сервисов${runId}`,
      firstName: 'Олег',
      lifecycleStage: 'owner',
      phones: [{ number: `+7 977 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}0` }],
      dealerCode: 'MSK01',
    });
    ownerId = owner.id;
    const car = await api.call<{ id: string }>('POST', '/api/vehicles', {
      customerId: owner.id,
      vin,
      makeName: 'Geely',
      modelName: 'Coolray',
    });
    vehicleId = car.id;
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('service', () => ({ browser, page }));

  it('records a maintenance visit on the car page, which plans the call and confirms the owner’s data', async () => {
    await signIn(page, baseUrl, advisor);
    await page.goto(`${baseUrl}/vehicles/${vehicleId}`);
    await page.getByRole('button', { name: 'Record visit' }).click();
    const form = page.getByTestId('record-visit-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Odometer, km' }).fill('15200');
    await form
      .getByRole('textbox', { name: 'Work done' })
      .fill('Scheduled maintenance, oil and filters');
    // the advisor sees that the owner's data was never confirmed, asks him, and ticks the box
    await form.getByText('Never confirmed with the owner: ask him at reception.').waitFor();
    await form
      .getByRole('checkbox', { name: 'Customer’s contact data confirmed at reception' })
      .check();
    await form.getByRole('checkbox', { name: 'Phone' }).check();
    await form.getByRole('checkbox', { name: 'E-mail' }).check();
    await shoot('17-record-visit-1366');
    await form.getByRole('button', { name: 'Save visit' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Visit recorded; the after-service call is planned').waitFor();
    await page.getByRole('button', { name: 'Record call' }).waitFor();
    const customer = await api.call<{ verification: { method: string; note: string } | null }>(
      'GET',
      `/api/customers/${ownerId}`,
    );
    expect(customer.verification).toMatchObject({
      method: 'service_reception',
      note: 'Checked at reception: phone, e-mail',
    });
  });

  it('shows the next visit’s form when and by whom the data was last confirmed', async () => {
    await page.getByRole('button', { name: 'Record visit' }).click();
    const form = page.getByTestId('record-visit-form');
    await form.waitFor();
    const lastVerified = form.getByTestId('owner-last-verified');
    await lastVerified.getByText('Service visit reception').waitFor();
    await expect(lastVerified.textContent()).resolves.toMatch(/Last confirmed .*by /);
    await shoot('17b-record-visit-verified-1366');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it('records the call with the owner’s CSI score', async () => {
    await page.getByRole('button', { name: 'Record call' }).click();
    const form = page.getByTestId('follow-up-form');
    await form.waitFor();
    await form.getByText('9', { exact: true }).click();
    await form
      .getByRole('textbox', { name: 'Owner’s comments' })
      .fill('Quick and clean, thank you.');
    await form.getByRole('button', { name: 'Save the call' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('CSI 9/10').waitFor();
    await expect(page.getByRole('button', { name: 'Record call' }).count()).resolves.toBe(0);
    await shoot('18-visit-with-csi-1366');
  });

  it('finds the visit with its score in the list of the dealer’s repair orders', async () => {
    await page.goto(`${baseUrl}/service/visits`);
    const table = page.getByTestId('visit-list-table');
    await table.waitFor();
    await chooseOption(page, page.getByLabel('Type', { exact: true }).first(), 'Maintenance');
    const row = table.getByRole('row').filter({ hasText: vin });
    await row.getByText('CSI 9/10').waitFor();
    await page
      .getByTestId('visit-list-summary')
      .getByText(/average CSI/)
      .waitFor();
    await shoot('18b-service-visits-1366');
  });

  it('shows the advisor the after-sales settings that time his calls, without changing them', async () => {
    await page.goto(`${baseUrl}/service/intervals`);
    const card = page.getByTestId('service-settings');
    await card.getByText('After-visit call: days after the visit').waitFor();
    await expect(card.getByRole('button', { name: 'Save settings' }).count()).resolves.toBe(0);
    await page.getByTestId('complaint-sla').getByText('Critical').waitFor();
    await shoot('18c-service-settings-1366');
  });
});
