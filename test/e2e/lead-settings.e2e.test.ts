import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
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

const crm = demoLogins.groupCrm;
const baseUrl = inject('baseUrl');

// a different source every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-7);
const sourceKey = `motor_show_${runId}`;
const sourceName = `Motor show ${runId}`;
const ruleName = `Motor show visitors ${runId}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
const shoot = shooter(() => page);

describe('the group CRM manager adds a lead source and routes its leads to a dealer', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, crm);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, crm);
  });

  keepEvidence('lead-settings', () => ({ browser, page }));

  it('lists the channels by name and adds one, told which field was wrong first', async () => {
    await followNavigation(page, 'Lead sources', { section: 'Leads', path: /\/leads\/sources$/ });
    await page.getByRole('heading', { name: 'Lead sources' }).waitFor();
    const rows = page.getByTestId('lead-sources-table').locator('tbody tr');
    await expect.poll(async () => rows.count()).toBeGreaterThanOrEqual(11);
    await rows.getByText('Showroom', { exact: true }).first().waitFor();
    const form = page.getByTestId('lead-source-form');
    // a code with capitals and a space is refused, and the error stands under the code
    await form.getByRole('textbox', { name: 'Code' }).fill('Motor Show');
    await form.getByRole('textbox', { name: 'English name' }).fill(sourceName);
    await form.getByRole('textbox', { name: 'Russian name' }).fill(`Автосалон ${runId}`);
    await form.getByRole('textbox', { name: 'Chinese name' }).fill(`车展 ${runId}`);
    await form.getByRole('button', { name: 'Add source' }).click();
    const code = form.getByRole('textbox', { name: 'Code' });
    await expect.poll(async () => code.getAttribute('aria-invalid')).toBe('true');
    await shoot('91-lead-source-error-1366');
    await code.fill(sourceKey);
    await form.getByRole('button', { name: 'Add source' }).click();
    await page.getByText(`Source “${sourceName}” added`).waitFor();
    await rows.getByText(sourceKey, { exact: true }).waitFor();
    await rows.getByText(sourceKey, { exact: true }).scrollIntoViewIfNeeded();
    await shoot('92-lead-sources-1366');
  });

  it('adds a routing rule for the new source that sends its leads to MSK01, then changes its cap', async () => {
    await followNavigation(page, 'Routing rules', { section: 'Leads', path: /\/leads\/routing$/ });
    await page.getByRole('heading', { name: 'Lead routing rules' }).waitFor();
    await page.getByText('goes to the first active rule', { exact: false }).waitFor();
    await page.getByTestId('routing-rule-add').click();
    const dialog = page.getByRole('dialog', { name: 'New routing rule' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(ruleName);
    const postcodes = dialog.getByTestId('rule-postcodes');
    await postcodes.fill('115');
    await postcodes.press('Enter');
    await chooseOption(page, dialog.getByTestId('rule-sources'), sourceName);
    await page.keyboard.press('Escape');
    await dialog.waitFor();
    await chooseOption(page, dialog.getByTestId('rule-dealer'), 'MSK01');
    await shoot('93-routing-rule-form-1366');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText(`Rule “${ruleName}” saved`).waitFor();
    const row = page.getByTestId('routing-rules-table').getByRole('row', { name: ruleName });
    await expect.poll(async () => row.textContent()).toMatch(/115.*MSK01\s*40/);
    expect(await row.textContent()).toContain(sourceName);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit routing rule' });
    await edit.waitFor();
    await edit.getByRole('textbox', { name: /^Cap/ }).fill('12');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(async () => row.textContent()).toMatch(/MSK01\s*12/);
    await row.scrollIntoViewIfNeeded();
    await shoot('94-routing-rules-1366');
  });

  it('moves a later rule above the new one in one step', async () => {
    const { items } = await api.call<{ items: { position: number }[] }>(
      'GET',
      '/api/lead-routing-rules',
    );
    const laterName = `Motor show VIPs ${runId}`;
    await api.call('POST', '/api/lead-routing-rules', {
      name: laterName,
      position: Math.max(...items.map((rule) => rule.position)) + 10,
      sources: [sourceKey],
      dealerCode: 'MSK02',
    });
    await page.reload();
    const table = page.getByTestId('routing-rules-table');
    // this run's two rules as the table lists them, top to bottom
    const order = async () =>
      (await table.locator('tbody tr').allTextContents())
        .flatMap((text) =>
          text.includes(laterName) ? ['later'] : text.includes(ruleName) ? ['new'] : [],
        )
        .join(',');
    const later = table.getByRole('row', { name: laterName });
    await later.waitFor();
    await expect.poll(order, { timeout: 15_000 }).toBe('new,later');
    await later.getByRole('button', { name: 'Move up' }).click();
    await expect.poll(order, { timeout: 15_000 }).toBe('later,new');
    await shoot('99-routing-rules-moved-1366');
    // the server holds the new order, not only the screen
    const after = await api.call<{ items: { name: string }[] }>('GET', '/api/lead-routing-rules');
    const served = after.items.map((rule) => rule.name);
    expect(served.indexOf(laterName)).toBe(served.indexOf(ruleName) - 1);
  });
});
