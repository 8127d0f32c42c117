import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin, type ApiSession } from './api-session.ts';
import {
  chooseOption,
  followNavigation,
  keepEvidence,
  openBrowser,
  shooter,
  signIn,
} from './browser.ts';
import { demoLogins } from './demo-logins.ts';

// MSK03 sells Geely and Haval: the brand of a new demo car has to be chosen
const manager = demoLogins.msk03Manager;
const baseUrl = inject('baseUrl');

// a different car every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`LGWEF4A50PB${runId}`);
const model = `Haval Jolion ${runId}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
const shoot = shooter(() => page);

describe('a two-brand dealer’s manager adds a demo car of one of his brands', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, manager);
  });

  keepEvidence('demo-fleet', () => ({ browser, page }));

  it('chooses the brand, and the car joins the fleet with it', async () => {
    await followNavigation(page, 'Test drives', { path: /\/test-drives/ });
    await page.getByRole('button', { name: 'Add a demo car' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Model' }).fill(model);
    await dialog.getByRole('textbox', { name: 'VIN' }).fill(vin);
    const submit = dialog.getByRole('button', { name: 'Add to the fleet' });
    // no brand yet: the dealer sells two, so none is taken for granted
    expect(await submit.isDisabled()).toBe(true);
    await chooseOption(page, dialog.getByTestId('fleet-brand'), 'HAVAL');
    await shoot('31-demo-car-brand-1366');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });

    const fleet = await api.call<{ items: { vin: string; brandCode: string | null }[] }>(
      'GET',
      '/api/test-drives/fleet?dealerCode=MSK03',
    );
    expect(fleet.items.find((car) => car.vin === vin)?.brandCode).toBe('HAVAL');
  });
});
