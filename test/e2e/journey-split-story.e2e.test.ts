import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { chooseOption, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.spb01Crm;
const baseUrl = inject('baseUrl');
const journeyName = `Delivery A/B ${Date.now().toString().slice(-6)}`;

let browser: Browser | undefined;
let page: Page;
let crm: ApiSession;
const shoot = shooter(() => page);

type SavedJourney = {
  definition: {
    steps: {
      id: string;
      type: string;
      branches?: { key: string; percent: number }[];
      autoWinner?: { minPeople: number };
    }[];
  };
  steps: { stepId: string; branches: { key: string; entered: number; converted: number }[] }[];
};

/**
 * A CRM manager splits a journey's people between two (then three) versions in the editor:
 * the split is drawn with one arrow per branch and its share, the form says when the shares do
 * not add up to 100, and the saved journey keeps the branches; a branch moved up keeps its key
 * (and so its figures).
 */
describe('a CRM manager tries two versions of a journey with an A/B split', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('journey-split', () => ({ browser, page }));

  it('adds a split, sets its shares, and saves it', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/journeys/new`);
    await page.getByRole('heading', { name: 'New journey' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(journeyName);
    await page.getByRole('button', { name: 'Add a step here' }).first().click();
    await page.getByRole('menuitem', { name: 'A/B split' }).click();
    await page.getByText('Step: A/B split').waitFor();
    await page.getByText('A · 50 %').first().waitFor();
    await page.getByText('B · 50 %').first().waitFor();

    await page.getByLabel('Branch A — Share, %').fill('70');
    await page.getByText('Together: 120 % — the shares must add up to 100 %').waitFor();
    await page.getByLabel('Branch B — Share, %').fill('30');
    await page.getByText('Together: 100 %').waitFor();
    await page.getByText('A · 70 %').first().waitFor();
    await shoot('50-journey-split-1366');

    await page.getByRole('button', { name: 'Add a branch' }).click();
    await page.getByText('C · 33 %').first().waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    const journeyId = page.url().split('/').at(-1)!;
    const saved = await crm.call<SavedJourney>('GET', `/api/journeys/${journeyId}`);
    const split = saved.definition.steps.find((s) => s.type === 'split')!;
    expect(split.branches?.map((b) => b.percent)).toEqual([34, 33, 33]);
    // each branch got a key of its own in the editor, and the figures are given by key
    const keys = split.branches!.map((b) => b.key);
    expect(new Set(keys).size).toBe(3);
    const stats = saved.steps.find((s) => s.stepId === split.id)!;
    expect(stats.branches).toEqual(keys.map((key) => ({ key, entered: 0, converted: 0 })));
    await page.reload();
    await page.getByText('C · 33 %').first().waitFor();
    // the card's results table: a row per branch, nobody in yet, no leader
    await page.getByRole('columnheader', { name: 'Rate' }).first().waitFor();
    await page
      .getByText(
        /^Two-proportion test of the leader against each branch at 95 % confidence, valid however often/,
      )
      .waitFor();
    await shoot('51-journey-split-saved-1366');

    // branch C moves to the top: it keeps its key (its figures go with it) and its share
    await page.getByText('A 34 % · B 33 % · C 33 %').first().click();
    await page.getByText('Step: A/B split').waitFor();
    await page.getByRole('button', { name: 'Move branch C up' }).click();
    await page.getByRole('button', { name: 'Move branch B up' }).click();
    await page.getByText('A · 33 %').first().waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A · 33 %').first().waitFor();
    await expect
      .poll(async () => {
        const moved = await crm.call<SavedJourney>('GET', `/api/journeys/${journeyId}`);
        const branches = moved.definition.steps.find((s) => s.type === 'split')!.branches!;
        return branches.map(({ key, percent }) => ({ key, percent }));
      })
      .toEqual([
        { key: keys[2], percent: 33 },
        { key: keys[0], percent: 34 },
        { key: keys[1], percent: 33 },
      ]);
    await shoot('52-journey-split-moved-1366');

    // the split may switch to its winner by itself: opt in, with the minimum of people (the
    // switch tests who reached the goal, so the journey needs one)
    await chooseOption(
      page,
      page.getByLabel('Goal (leaves the journey when it happens)').first(),
      'A service visit',
    );
    await page.getByText('A 33 % · B 34 % · C 33 %').first().click();
    await page.getByText('Step: A/B split').waitFor();
    await page
      .getByRole('switch', { name: 'Send everyone to the winner once significant' })
      .dispatchEvent('click');
    await page.getByLabel('At least this many people per branch first').fill('250');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const saved = await crm.call<SavedJourney>('GET', `/api/journeys/${journeyId}`);
        return saved.definition.steps.find((s) => s.type === 'split')!.autoWinner;
      })
      .toEqual({ minPeople: 250 });
    await shoot('53-journey-split-auto-winner-1366');
  });
});
