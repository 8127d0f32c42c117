import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const baseUrl = inject('baseUrl');
const admin = demoLogins.admin;
const advisor = demoLogins.msk01Service;
const dealerCrm = demoLogins.msk01Crm;

let browser: Browser | undefined;
let page: Page;
const sessions: ApiSession[] = [];
const shoot = shooter(() => page);

/** The API answers of 400 and above while `visit` runs: a screen that asks what it may not. */
async function refusedWhile(visit: () => Promise<void>): Promise<string[]> {
  const refused: string[] = [];
  const listen = (response: Response) => {
    if (response.url().includes('/api/') && response.status() >= 400) {
      refused.push(`${response.status()} ${response.url().replace(baseUrl, '')}`);
    }
  };
  page.on('response', listen);
  try {
    await visit();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', listen);
  }
  return refused;
}

async function signInInRussian(login: typeof admin) {
  // the one before signed out, and the login page in English again (the switch is kept per device)
  await page.context().clearCookies();
  await page.goto(baseUrl);
  await page.evaluate(() => localStorage.clear());
  await signIn(page, baseUrl, login);
  await page.getByText('Русский', { exact: true }).click();
  await page.getByRole('heading', { name: 'Мой день' }).waitFor();
}

/**
 * Screens walked as their users in Russian (task walk8): a page opened by a user who may open it
 * asks the server nothing it refuses, and Russian's longer words neither widen the page nor are
 * left in English.
 */
describe('the screens in Russian, as their users see them', () => {
  beforeAll(async () => {
    for (const login of [admin, advisor, dealerCrm]) {
      const session = await apiLogin(baseUrl, login);
      await session.call('PATCH', '/api/auth/me', { locale: 'en' });
      sessions.push(session);
    }
    ({ browser, page } = await openBrowser());
  });

  afterAll(async () => {
    // the other stories expect these users in English
    for (const session of sessions) await session.call('PATCH', '/api/auth/me', { locale: 'en' });
  });

  keepEvidence('screens-ru', () => ({ browser, page }));

  it('shows a group user the test-drive calendar without a refused request', async () => {
    await signInInRussian(admin);
    const refused = await refusedWhile(async () => {
      await page.goto(`${baseUrl}/test-drives`);
      await page.getByRole('heading', { name: 'Календарь тест-драйвов' }).waitFor();
    });
    expect(refused).toEqual([]);
  });

  it('keeps the dashboards within the page however long the dashboard names are', async () => {
    await page.goto(`${baseUrl}/analytics/dashboards`);
    await page.getByRole('heading', { name: 'Дашборды' }).waitFor();
    await page.getByText('Сравнение', { exact: true }).waitFor({ state: 'attached' });
    const widerThanWindow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    await shoot('70-dashboards-ru-1366');
    expect(widerThanWindow).toBe(false);
  });

  it('shows a service advisor the retention page without a refused request', async () => {
    await signInInRussian(advisor);
    const refused = await refusedWhile(async () => {
      await page.goto(`${baseUrl}/analytics/retention`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    });
    expect(refused).toEqual([]);
  });

  it('names the club tiers and the ready-made journeys in Russian', async () => {
    await signInInRussian(dealerCrm);
    await page.goto(`${baseUrl}/club/members`);
    await page.getByRole('heading', { name: 'Члены клуба' }).waitFor();
    await expect.poll(() => page.getByText('Обычный', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText('Ordinary', { exact: true }).count()).toBe(0);
    await shoot('71-club-members-ru-1366');

    await page.goto(`${baseUrl}/journeys`);
    await page.getByLabel('Начать с готового сценария').first().click();
    await page.getByRole('option', { name: 'Напоминание о ТО' }).waitFor();
    expect(await page.getByRole('option', { name: 'Service reminder' }).count()).toBe(0);
    await shoot('72-ready-made-journeys-ru-1366');
  });
});
