import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

// the CRM manager of the St Petersburg dealer: the marketing story works at MSK01
const marketer = demoLogins.spb01Crm;
const baseUrl = inject('baseUrl');
// a name of its own every run, so the story also works on a reused PostgreSQL database
const suffix = Date.now().toString().slice(-6);
const segmentName = `SPB owners ${suffix}`;
const journeyName = `Owners: a week to think ${suffix}`;

let browser: Browser | undefined;
let page: Page;
let crm: ApiSession;
const shoot = shooter(() => page);

/**
 * A CRM manager draws a journey in the visual editor (segment entered, a wait, the end),
 * enables it, and watches the dealer's owners enter it and wait at the step he added.
 */
describe('a CRM manager builds a journey and sees who is in it', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    await crm.call('POST', '/api/segments', {
      name: segmentName,
      definition: { type: 'lifecycle', stages: ['owner'] },
    });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('journey', () => ({ browser, page }));

  it('draws the journey in the editor, saves and enables it', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/journeys/new`);
    await page.getByRole('heading', { name: 'New journey' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(journeyName);
    await page.getByLabel('Starts on').first().click();
    await page.getByRole('option', { name: 'Entered a segment' }).click();
    await page.getByLabel('Saved segment').first().click();
    await page.getByRole('option', { name: segmentName }).click();
    // a wait between the start and the end
    await page.getByRole('button', { name: 'Add a step here' }).first().click();
    await page.getByRole('menuitem', { name: 'Wait' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('Enabled: people enter and move on.').waitFor();
  });

  it('sees the owners enter and wait at the step, and filters by it', async () => {
    const journeyId = page.url().split('/').at(-1)!;
    const card = page.getByTestId('journey-people');
    // the runner passes every few seconds in the test server; reload until people are in
    let people: { total: number; items: { stepId: string | null; status: string }[] } | null = null;
    for (let attempt = 0; attempt < 30; attempt++) {
      people = await crm.call('GET', `/api/journeys/${journeyId}/people`);
      if (people && people.total > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(people?.total).toBeGreaterThan(0);
    const waitStep = people!.items.find((p) => p.status === 'active')?.stepId;
    expect(waitStep).toMatch(/^wait/);
    await page.reload();
    await card.getByText(`People: ${people!.total}`).waitFor();
    await card.getByRole('row').nth(1).waitFor();
    const firstRow = await card.getByRole('row').nth(1).innerText();
    expect(firstRow).toContain('On the way');
    expect(firstRow).toContain(`Wait · ${waitStep}`);
    await card.getByRole('row').nth(1).scrollIntoViewIfNeeded();
    await shoot('40-journey-people-1366');

    await card.getByLabel('State').first().click();
    await page.getByRole('option', { name: 'Completed' }).click();
    await card.getByText('Nobody here.').waitFor();
    await card.getByLabel('Waiting at step').first().click();
    await page.getByRole('option', { name: `Wait · ${waitStep}` }).click();
    await card.getByText(`People: ${people!.total}`).waitFor();
  });
});
