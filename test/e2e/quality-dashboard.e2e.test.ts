import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const steward = demoLogins.steward;
// the record is entered at a dealer: the runs keep their figures per dealer
const manager = demoLogins.msk01Manager;
const baseUrl = inject('baseUrl');

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
const shoot = shooter(() => page);

type Run = {
  id: string;
  computedAt: string;
  scheduled: boolean;
  problems: Record<string, number>;
};

let before: Run;
let latest: Run;
let middle: Run;

/**
 * A record called "test asdf" was entered at dealer MSK01. The group's data steward scores the
 * base, the record is corrected, and he scores it twice more. The dashboard compares the latest run
 * with the one just before it; he picks the run before his cleaning in the trend and sees the
 * placeholder names go down by one.
 */
describe('a data steward compares the quality before and after a cleaning', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, steward);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const dealer = await apiLogin(baseUrl, manager);
    const garbage = await dealer.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      firstName: 'test',
      lastName: 'asdf',
    });
    before = await api.call<Run>('POST', '/api/quality/runs');
    await dealer.call('PATCH', `/api/customers/${garbage.id}`, {
      firstName: 'Олег',
      lastName: 'Чистяков',
    });
    middle = await api.call<Run>('POST', '/api/quality/runs');
    latest = await api.call<Run>('POST', '/api/quality/runs');
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, steward);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`quality-failed-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  const placeholderRow = () =>
    page.getByTestId('quality-problems-table').getByRole('row', { name: /^Placeholder name/ });
  const counts = (from: Run, to: Run) =>
    `${from.problems.placeholder_name!.toLocaleString('en-GB')} → ${to.problems.placeholder_name!.toLocaleString('en-GB')}`;

  it('compares the latest run with the one before it, and marks runs made by hand', async () => {
    expect(before.problems.placeholder_name).toBe(latest.problems.placeholder_name! + 1);
    await page.goto(`${baseUrl}/quality`);
    await placeholderRow().getByText(counts(middle, latest)).waitFor();
    const runs = page.getByTestId('quality-runs-table');
    expect(await runs.getByText('by hand').count()).toBeGreaterThanOrEqual(3);
    await shoot('quality-01-latest-against-previous');
  });

  it('takes the run the steward picks as the before of the comparison', async () => {
    const rows = page.getByTestId('quality-runs-table').getByRole('radio');
    // the latest run has no radio; the one before it is chosen by default
    expect(await rows.first().isChecked()).toBe(true);
    await rows.nth(1).check();
    await placeholderRow().getByText(counts(before, latest)).waitFor();
    const summary = await page.getByTestId('quality-before-after').textContent();
    expect(summary).toMatch(/^Before → after: the run of .+ against the latest, of .+$/);
    await page.getByText('Runs over time', { exact: true }).scrollIntoViewIfNeeded();
    await shoot('quality-02-before-the-cleaning');
  });

  it('looks back over 12 months of runs', async () => {
    const answer = page.waitForResponse(
      (response) =>
        response.url().includes('/api/quality/runs?') && response.url().includes('since='),
    );
    await page.getByTestId('quality-trend-period').getByText('12 months').click();
    const { items } = (await (await answer).json()) as { items: Run[] };
    expect(items.length).toBeGreaterThanOrEqual(3);
    const since = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const expected = await api.call<{ items: Run[] }>(
      'GET',
      `/api/quality/runs?since=${since}&limit=1000`,
    );
    expect(items.map((run) => run.id)).toEqual(expected.items.map((run) => run.id));
    const rows = page.getByTestId('quality-runs-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(items.length);
    await shoot('quality-03-twelve-months');
  });
});
