import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const steward = demoLogins.steward;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-7);
const lastName = `Дубликатов${runId}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
const ids: string[] = [];
const shoot = shooter(() => page);

type Run = { id: string; status: string };

/**
 * Kirill was entered twice, once in Cyrillic and once with his e-mail in capitals. The group's
 * data steward finds the pair, says "not a duplicate" by mistake, takes it back, then merges the
 * two records from the customer page and undoes the merge.
 */
describe('a data steward reviews a duplicate pair and merges two records', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, steward);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    for (const email of [`kirill.${runId}@mail.ru`, `Kirill.${runId}@Mail.ru`]) {
      const created = await api.call<{ id: string }>('POST', '/api/customers', {
        kind: 'person',
        firstName: 'Кирилл',
        lastName,
        birthDate: '1983-06-17',
        emails: [{ address: email }],
      });
      ids.push(created.id);
    }
    const started = await api.call<Run>('POST', '/api/quality/duplicate-runs');
    for (let i = 0; i < 240; i++) {
      const run = await api.call<Run>('GET', `/api/quality/duplicate-runs/${started.id}`);
      if (run.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, steward);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`duplicates-failed-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  const ourPair = () => page.getByRole('option', { name: new RegExp(lastName) });

  it('takes back a mistaken "not a duplicate" from the decided pairs', async () => {
    await page.goto(`${baseUrl}/quality/duplicates`);
    await ourPair().click();
    // the evidence names fields and levels in words, not the engine's codes
    await page.getByRole('cell', { name: 'Birth date', exact: true }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'birthDate' }).count()).toBe(0);
    // and the side-by-side rows name the profile fields as the profile card does
    await page.getByRole('cell', { name: 'First name', exact: true }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'first_name' }).count()).toBe(0);
    await shoot('duplicates-01-pair');
    await page.getByRole('button', { name: 'Not a duplicate' }).click();
    await ourPair().waitFor({ state: 'detached' });
    await page.getByText('Not duplicates', { exact: true }).click();
    await ourPair().click();
    await shoot('duplicates-02-not-duplicates');
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await ourPair().waitFor({ state: 'detached' });
    await page.getByText('To review', { exact: true }).click();
    await ourPair().waitFor();
  });

  it('sets the review band on the page, refused while it is upside down', async () => {
    const card = page.getByTestId('duplicate-settings');
    const lower = card.getByLabel('Review from');
    await lower.fill('99.5');
    await card.getByText('must be below the automatic merge threshold').waitFor();
    expect(await card.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await shoot('duplicates-03-settings-refused');
    await lower.fill('60');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved: the next search uses them.').waitFor();
    const saved = await api.call<{ reviewLower: number }>('GET', '/api/quality/settings');
    expect(saved.reviewLower).toBeCloseTo(0.6);
    // back as it was for the other stories
    await lower.fill('50');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved: the next search uses them.').waitFor();
  });

  it('merges the two records from the customer page and undoes the merge', async () => {
    await page.goto(`${baseUrl}/customers/${ids[0]}`);
    await page.getByText('This record has not been merged with another.').waitFor();
    await page.getByRole('button', { name: 'Merge with another record…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Find the other record (name, phone, e-mail)').fill(lastName);
    await page.getByRole('option', { name: new RegExp(`Kirill.${runId}@mail.ru`, 'i') }).click();
    await shoot('duplicates-04-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    const merged = page.getByTestId('customer-merge');
    await merged.getByText(/was merged into this record/).waitFor();
    await shoot('duplicates-05-merged');
    await merged.getByRole('button', { name: 'Undo', exact: true }).click();
    await merged.getByText('Undone').waitFor();
    const other = await api.call<{ profile: { id: string } }>('GET', `/api/customers/${ids[1]}`);
    expect(other.profile.id).toBe(ids[1]);
  });
});
