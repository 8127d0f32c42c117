import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const manager = demoLogins.msk01Manager;
const otherManager = demoLogins.msk03Manager;
const baseUrl = inject('baseUrl');

// a different prospect every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-7);
const phone = `+7 928 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}`;
const visitor = `Перебежкин${runId}`;

let browser: Browser | undefined;
let page: Page;
const shoot = shooter(() => page);

describe('a visitor MSK03 no longer works walks into MSK01, which claims him', () => {
  beforeAll(async () => {
    // MSK03 had him as a Geely prospect and lost him
    const other = await apiLogin(baseUrl, otherManager);
    const lead = await other.call<{ leadId: string }>('POST', '/api/leads', {
      source: 'referral',
      brandCode: 'GEELY',
      person: { lastName: visitor, phones: [{ number: phone }] },
    });
    await other.call('POST', `/api/leads/${lead.leadId}/stage`, {
      stage: 'lost',
      lostReason: 'postponed',
    });
    const api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, manager);
  });

  keepEvidence('claim', () => ({ browser, page }));

  it('is refused at the showroom log, offered the claim, claims him and logs the visit', async () => {
    await page.goto(`${baseUrl}/leads/showroom`);
    const form = page.getByTestId('showroom-form');
    await form.getByRole('textbox', { name: 'Name' }).fill(visitor);
    await form.getByRole('textbox', { name: 'Phone' }).fill(phone);
    await form.getByRole('button', { name: 'Log it' }).click();
    const offer = page.getByTestId('claim-offer');
    await offer.waitFor();
    // the refusal is said once, in the user's words, naming the dealer who owns him
    await expect(offer.getByTestId('claim-refusal').textContent()).resolves.toBe(
      'This person is a prospect of dealer MSK03 for this brand: ask for a hand-over.',
    );
    await expect(page.getByTestId('form-error').count()).resolves.toBe(0);
    await expect(page.getByText('ask for a hand-over').count()).resolves.toBe(1);
    await expect(page.locator('.mantine-Notification-root').count()).resolves.toBe(0);
    await offer.getByRole('button', { name: 'Claim this prospect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Claim the prospect' });
    await dialog.waitFor();
    // MSK01 sells Geely only: the brand is chosen already
    await expect(dialog.getByTestId('claim-brand').inputValue()).resolves.toBe('GEELY');
    await dialog.getByTestId('claim-reason').fill('Came to our showroom himself');
    await shoot('97-prospect-claim-1366');
    await dialog.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByText('The prospect is your dealer’s now').waitFor();
    await expect(offer.count()).resolves.toBe(0);
    await form.getByRole('button', { name: 'Log it' }).click();
    await page.getByTestId('showroom-logged').getByText(visitor, { exact: false }).waitFor();
    await shoot('98-prospect-claimed-logged-1366');
  });
});
