import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { chooseOption, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const manager = demoLogins.msk01Manager;
const baseUrl = inject('baseUrl');

// a different prospect every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-7);
const phone = `+7 927 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
let leadId: string;
const shoot = shooter(() => page);

describe('a dealer manager finds a Geely prospect in the list and hands him to another Geely dealer', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const created = await api.call<{ leadId: string }>('POST', '/api/leads', {
      source: 'referral',
      brandCode: 'GEELY',
      campaign: `Relocation ${runId}`,
      person: { lastName: `Переездов${runId}`, phones: [{ number: phone }] },
    });
    leadId = created.leadId;
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, manager);
  });

  keepEvidence('handover', () => ({ browser, page }));

  it('finds the lead in the list by its campaign and the day it came in', async () => {
    await page.goto(`${baseUrl}/leads`);
    await page.getByTestId('leads-campaign').fill(`relocation ${runId}`);
    const rows = page.getByTestId('leads-table').locator('tbody tr');
    // the filters apply after a short pause in typing: wait for the list to narrow
    const rowCount = (count: number) =>
      expect.poll(async () => rows.count(), { timeout: 15_000 }).toBe(count);
    await rowCount(1);
    await rows.getByText(`Переездов${runId}`).waitFor();
    // a period that ended two days ago (whatever the time zones) holds no lead of today's
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('leads-created-to').fill(twoDaysAgo);
    await rowCount(0);
    await page.getByText('No leads match.').waitFor();
    await page.getByTestId('leads-created-to').fill('');
    await rowCount(1);
    await shoot('79-leads-list-filters-1366');
  });

  it('offers only dealers selling Geely, and hands the lead to MSK03 with a reason', async () => {
    await page.goto(`${baseUrl}/leads/${leadId}`);
    await page.getByTestId('lead-handover').click();
    const dialog = page.getByRole('dialog', { name: 'Hand the lead over to another dealer' });
    await dialog.waitFor();
    const dealer = dialog.getByTestId('handover-dealer');
    await dealer.click();
    await page.getByRole('option', { name: /^MSK03/ }).waitFor();
    // MSK02 sells Haval only; MSK01 is the lead's own dealer
    await expect(page.getByRole('option', { name: /^MSK02/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('option', { name: /^MSK01/ }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await chooseOption(page, dealer, 'MSK03');
    await dialog.getByTestId('handover-reason').fill('Moved to the other side of town');
    await shoot('80-lead-handover-1366');
    await dialog.getByRole('button', { name: 'Hand over' }).click();
    await page.getByText('The lead is handed over to MSK03').waitFor();
    await page.waitForURL(/\/leads$/);
    // the lead is MSK03's now: MSK01's manager no longer sees it
    await expect(api.call('GET', `/api/leads/${leadId}`)).rejects.toThrow(/404/);
  });
});
