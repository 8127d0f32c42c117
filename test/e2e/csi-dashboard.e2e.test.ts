import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin, type ApiSession } from './api-session.ts';
import { followNavigation, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

// the dealer's manager records visits and the calls after them, and reads analytics
const manager = demoLogins.msk01Manager;
const baseUrl = inject('baseUrl');

const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`Y4KAJ2B40PC${runId}`);
const complaint = `Waited two hours ${runId}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
let customerId: string;
const shoot = shooter(() => page);

describe('a dealer manager reads how satisfied his service customers are', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const owner = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Оценкин${runId}`,
      firstName: 'Иван',
      lifecycleStage: 'owner',
      dealerCode: 'MSK01',
    });
    customerId = owner.id;
    const vehicle = await api.call<{ id: string }>('POST', '/api/vehicles', {
      customerId,
      vin,
      makeName: 'Geely',
      modelName: 'Monjaro',
    });
    // three visits today, each with its after-visit call answered: 1 with a complaint, 9, 10 (the
    // demo's own answers score 2 at the lowest, so the complaint heads the worst-first list)
    const today = new Date().toISOString().slice(0, 10);
    for (const [index, score] of [1, 9, 10].entries()) {
      const visit = await api.call<{ id: string }>('POST', '/api/service/visits', {
        vehicleId: vehicle.id,
        visitDate: today,
        visitType: 'maintenance',
        orderNumber: `CSI-${runId}-${index}`,
        totalMinor: 12_000_00,
      });
      await api.call('POST', `/api/service/visits/${visit.id}/follow-up`, {
        csiScore: score,
        comment: score === 1 ? complaint : null,
      });
    }
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('csi', () => ({ browser, page }));

  it('opens the CSI page from the navigation and sees the scores, the histogram and the worst visit', async () => {
    await signIn(page, baseUrl, manager);
    await followNavigation(page, 'Customer satisfaction', {
      section: 'Analytics',
      path: /\/analytics\/csi$/,
    });
    await page.getByRole('heading', { name: 'Customer satisfaction (CSI)' }).waitFor();
    const answers = page.getByTestId('csi-kpi-answers');
    await answers.waitFor();
    expect(Number((await answers.innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(3);
    // ten bars, one per score; those of scores nobody gave have no height
    const bars = page.getByTestId('csi-histogram').locator('.recharts-bar-rectangle');
    await expect.poll(() => bars.count(), { timeout: 15_000 }).toBe(10);
    const lowest = page.getByTestId('csi-table-lowestCsi');
    await lowest.getByText(complaint).waitFor();
    expect(await page.getByTestId('csi-table-csiByDealer').innerText()).toContain('MSK01');
    expect(await page.getByTestId('csi-export').getByRole('link').getAttribute('href')).toContain(
      '/api/analytics/csi/export?',
    );
    await shoot('csi-dashboard');
    await lowest.scrollIntoViewIfNeeded();
    await shoot('csi-dashboard-lowest');
    // the worst visit leads to its owner
    await lowest
      .getByRole('row', { name: new RegExp(complaint) })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
  });

  it('reads the page in Russian, with the workbook in Russian too', async () => {
    await api.call('PATCH', '/api/auth/me', { locale: 'ru' });
    // the app takes the user's language from his session when it loads
    await page.goto(`${baseUrl}/analytics/csi`);
    await page.getByRole('heading', { name: 'Удовлетворённость клиентов (CSI)' }).waitFor();
    await page.getByTestId('csi-table-lowestCsi').getByText(complaint).waitFor();
    await shoot('csi-dashboard-ru');
    const csv = await page.evaluate(async () => {
      const answer = await fetch(
        `/api/analytics/csi/export?from=2020-01-01&to=2100-01-01&format=csv&table=csiByDealer`,
      );
      return answer.text();
    });
    expect(csv.split('\r\n')[0]).toContain('Средний CSI (1–10)');
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
  });
});
