import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const admin = demoLogins.admin;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-6);
const recallCode = `RU${runId}`;

let browser: Browser | undefined;
let page: Page;
let api: ApiSession;
const shoot = shooter(() => page);

/**
 * An administrator working in Russian opens a recall campaign under a code the group has
 * already. The server refuses with a conflict; the form says so in Russian, naming the code,
 * rather than showing the server's English message.
 */
describe('a refused save is told in the user’s language', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, admin);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    await api.call('POST', '/api/recalls', {
      code: recallCode,
      title: `Airbag inflator ${runId}`,
      startsOn: new Date().toISOString().slice(0, 10),
    });
    ({ browser, page } = await openBrowser());
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`failed-conflict-ru-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    // the other stories expect the demo administrator in English
    await api?.call('PATCH', '/api/auth/me', { locale: 'en' });
    await browser?.close();
  });

  it('says in Russian that the recall code is taken, naming it', async () => {
    await signIn(page, baseUrl, admin);
    await page.getByText('Русский', { exact: true }).click();
    await page.getByRole('heading', { name: 'Мой день' }).waitFor();
    await page.goto(`${baseUrl}/recalls`);
    await page.getByRole('heading', { name: 'Отзывные кампании' }).waitFor();
    await page.getByRole('button', { name: 'Новая кампания' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новая кампания' });
    await dialog.getByRole('textbox', { name: 'Код' }).fill(recallCode);
    await dialog.getByRole('textbox', { name: 'Название' }).fill('Повторная кампания');
    await dialog.getByRole('button', { name: 'Новая кампания' }).click();
    const problem = dialog.getByTestId('form-error');
    await problem.getByText(`Отзывная кампания ${recallCode} уже есть.`).waitFor();
    await dialog.getByText('Уже занято').waitFor();
    await shoot('60-recall-code-taken-ru-1366');
  });
});
