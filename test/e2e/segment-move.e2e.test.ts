import type { Browser, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');

// people of their own every run, so the story also works on a reused PostgreSQL database
const runId = Date.now().toString().slice(-6);
const surname = `Переносова${runId}`;
const segmentName = `Moved row ${runId}`;
const journeyName = `Condition drawn ${runId}`;

let browser: Browser | undefined;
let page: Page;
let crm: ApiSession;
const shoot = shooter(() => page);

const field = (name: string, op: string, value: string) => ({
  type: 'field',
  field: name,
  op,
  values: [value],
});
const consent = { type: 'consent', channel: 'email', purpose: 'marketing', granted: true };
const family = field('last_name', 'eq', surname);
const startsWithA = field('first_name', 'starts_with', 'А');
/** as drawn: the family, and (a first name on А or an e-mail consent) */
const before = {
  type: 'and',
  conditions: [family, { type: 'or', conditions: [startsWithA, consent] }],
};
/** the consent row moved out of group 2 into the top group */
const after = {
  type: 'and',
  conditions: [family, { type: 'or', conditions: [startsWithA] }, consent],
};

const group = (level: number) =>
  page.locator(`[data-testid="segment-group"][data-level="${level}"]`);
/** the rows of a group itself, not of the groups inside it */
const ownRows = (target: Locator) => target.locator(':scope > div > [data-testid="segment-row"]');
const count = (n: number, testId = 'segment-count') =>
  page.getByTestId(testId).getByText(String(n), { exact: true }).waitFor();

async function treeJson(): Promise<unknown> {
  await page.getByText('JSON', { exact: true }).first().click();
  const text = await page.getByRole('textbox', { name: 'Condition tree as JSON' }).inputValue();
  await page.getByText('Visual', { exact: true }).first().click();
  await group(1).waitFor();
  return JSON.parse(text);
}

/**
 * A marketer draws two groups, then moves a condition from one to the other (by menu, up and
 * down, and by dragging) instead of removing it and adding it again; the journey's condition
 * step offers the same editor.
 */
describe('the CRM manager moves conditions between groups', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    // Анна and Борис agreed to e-mails, Вера and Алла did not
    const people: [string, boolean][] = [
      ['Анна', true],
      ['Борис', true],
      ['Вера', false],
      ['Алла', false],
    ];
    for (const [firstName, agreed] of people) {
      await crm.call('POST', '/api/customers', {
        kind: 'person',
        lastName: surname,
        firstName,
        emails: [
          { address: `move${runId}.${people.findIndex((p) => p[0] === firstName)}@example.test` },
        ],
        consents: agreed ? [{ channel: 'email', status: 'granted', method: 'web_form' }] : [],
        dealerCode: 'MSK01',
      });
    }
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('segment-move', () => ({ browser, page }));

  it('moves a row from one group to the other and the count and JSON follow', async () => {
    const counted = async (tree: unknown) =>
      (await crm.call<{ count: number }>('POST', '/api/segments/count', { definition: tree }))
        .count;
    // Анна, Борис and Алла; then only Анна
    expect(await counted(before)).toBe(3);
    expect(await counted(after)).toBe(1);

    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('heading', { name: 'Segment builder' }).waitFor();
    await page.getByRole('button', { name: 'Start over' }).click();
    const addTo = async (target: Locator, label: string) => {
      const bar = target.locator(':scope > div > [data-testid="group-actions"]');
      await bar.locator('input[aria-label="Add a condition"]').click();
      await page.getByRole('option', { name: label, exact: true }).click();
      await bar.getByRole('button', { name: 'Add', exact: true }).click();
    };
    const choose = async (target: Locator, select: string, option: string) => {
      await target.locator(`input[aria-label="${select}"]`).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };

    await addTo(group(1), 'Profile field');
    await choose(group(1), 'Operator', 'is');
    await group(1).getByRole('textbox', { name: 'Value', exact: true }).fill(surname);
    await count(4);
    await group(1)
      .locator(':scope > div > [data-testid="group-actions"]')
      .getByRole('button', { name: 'Add a group' })
      .click();
    await group(2).getByTestId('group-name').getByText('Group 2').waitFor();
    await addTo(group(2), 'Profile field');
    await choose(group(2), 'Field', 'First name');
    await choose(group(2), 'Operator', 'starts with');
    await group(2).getByRole('textbox', { name: 'Value', exact: true }).fill('А');
    await addTo(group(2), 'Marketing consent for');
    await count(3);
    expect(await treeJson()).toEqual(before);

    // "Move to…" lists the other groups by number and kind
    await ownRows(group(2)).nth(1).getByRole('button', { name: 'Move to…' }).click();
    await page.getByRole('menuitem', { name: 'Group 1 (all of)' }).click();
    await expect(ownRows(group(2)).count()).resolves.toBe(1);
    await expect(ownRows(group(1)).count()).resolves.toBe(2);
    await count(1);
    expect(await treeJson()).toEqual(after);
    await expect(page.getByTestId('segment-logic').textContent()).resolves.toBe(
      `All of: Last name is “${surname}”, Any of: (First name starts with “А”), ` +
        `Marketing consent for E-mail`,
    );
    await shoot('segment-move-1-moved-1366');

    // up within its group: before group 2 now; the first row cannot go further up
    await ownRows(group(1)).nth(1).getByRole('button', { name: 'Move up' }).click();
    expect(await treeJson()).toEqual({
      type: 'and',
      conditions: [family, consent, { type: 'or', conditions: [startsWithA] }],
    });
    await expect(
      ownRows(group(1)).first().getByRole('button', { name: 'Move up' }).isDisabled(),
    ).resolves.toBe(true);
    await ownRows(group(1)).nth(1).getByRole('button', { name: 'Move down' }).click();
    expect(await treeJson()).toEqual(after);

    // dragged back into group 2, and "Move to…" again
    await ownRows(group(1))
      .nth(1)
      .getByRole('button', { name: 'Drag into another group' })
      .dragTo(group(2).getByTestId('group-name'));
    await expect(ownRows(group(2)).count()).resolves.toBe(2);
    await count(3);
    await ownRows(group(2)).nth(1).getByRole('button', { name: 'Move to…' }).click();
    await page.getByRole('menuitem', { name: 'Group 1 (all of)' }).click();
    await count(1);

    await page.getByRole('textbox', { name: 'Segment name' }).fill(segmentName);
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('cell', { name: segmentName }).waitFor();
    const saved = await crm.call<{ items: { name: string; definition: unknown }[] }>(
      'GET',
      '/api/segments',
    );
    expect(saved.items.find((s) => s.name === segmentName)?.definition).toEqual(after);
    await shoot('segment-move-2-saved-1366');
  });

  it('edits a journey’s condition step in the same visual editor', async () => {
    await page.goto(`${baseUrl}/journeys/new`);
    await page.getByRole('heading', { name: 'New journey' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(journeyName);
    await page.getByRole('button', { name: 'Add a step here' }).first().click();
    await page.getByRole('menuitem', { name: 'Condition' }).click();
    // a new condition step asks for owners: one row of the visual editor
    const editor = page.getByTestId('condition-visual-editor');
    await editor.getByTestId('segment-row').getByText('Lifecycle stage').waitFor();
    await page.getByTestId('condition-count').getByText(/\d/).waitFor();

    // a saved segment copied in shows as its groups, with its count
    await page.getByLabel('Copy from a saved segment').first().click();
    await page.getByRole('option', { name: segmentName }).click();
    await editor.locator('[data-testid="segment-group"][data-level="2"]').waitFor();
    await count(1, 'condition-count');
    // and its rows move here as in the builder
    const top = editor.locator('[data-testid="segment-group"][data-level="1"]');
    await ownRows(top).nth(1).getByRole('button', { name: 'Move to…' }).click();
    await page.getByRole('menuitem', { name: 'Group 2 (any of)' }).click();
    await count(3, 'condition-count');
    await page.getByTestId('condition-count').evaluate((element) => {
      // below the fixed header bar
      element.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -90);
    });
    await shoot('segment-move-3-journey-condition-1366');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
    const journeyId = page.url().split('/').at(-1)!;
    const journey = await crm.call<{
      definition: { steps: { type: string; condition?: unknown }[] };
    }>('GET', `/api/journeys/${journeyId}`);
    expect(journey.definition.steps.find((s) => s.type === 'condition')?.condition).toEqual(before);

    // the step's card in the flow reads the condition, cut short, the whole of it as its title
    const full = `All of: Last name is “${surname}”, Any of: (First name starts with “А”, Marketing consent for E-mail)`;
    // the saved journey's page loads its figures after the steps and draws the cards again
    await page.getByTestId('journey-people').waitFor();
    const card = page.getByTitle(full, { exact: true });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/^All of: Last name is “.*…$/);
    // one call that finds the card and scrolls to it, so a redraw cannot come in between
    await card.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await shoot('segment-move-4-journey-card-1366');
  });
});
