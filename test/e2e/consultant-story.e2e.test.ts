import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { laptop, openBrowser, shooter, tablet, tabletLandscape } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const consultant = demoLogins.msk01Sales1;
const baseUrl = inject('baseUrl');

// A different customer every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-7);
const lastName = `Тестов${runId}`;
const phoneDigits = `916${runId}`;
const phoneAsGiven = `+7 (${phoneDigits.slice(0, 3)}) ${phoneDigits.slice(3, 6)}-${phoneDigits.slice(6, 8)}-${phoneDigits.slice(8)}`;
const phoneAsSearched = `8 ${phoneDigits.slice(0, 3)} ${phoneDigits.slice(3)}`;

let browser: Browser | undefined;
let page: Page;
let customerId: string;
const shoot = shooter(() => page);

describe('a sales consultant works a customer in the web app', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, consultant);
    // The story switches the language itself: start from English whatever an earlier run left.
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const created = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName,
      firstName: 'Анна',
      middleName: 'Сергеевна',
      lifecycleStage: 'prospect',
      phones: [{ number: phoneAsGiven, kind: 'mobile', primary: true }],
      emails: [{ address: `anna.${runId}@example.ru` }],
      interests: ['golf', 'off-road'],
      consents: [{ channel: 'phone', status: 'granted', method: 'signed_form' }],
    });
    customerId = created.id;
    await api.call('POST', '/api/customers', {
      kind: 'person',
      lastName,
      firstName: 'Пётр',
      lifecycleStage: 'prospect',
    });

    ({ browser, page } = await openBrowser());
  });

  // What the browser showed when a step failed is the fastest way to see why.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`failed-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in and lands on My day', async () => {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Sign in to AutoCRM' }).waitFor();
    await shoot('01-login-1366');
    await page.getByRole('textbox', { name: 'E-mail' }).fill(consultant.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(consultant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    expect(page.url()).toContain('/my-day');
    await shoot('02-my-day-1366');
  });

  it('finds the customer by the phone typed in another format', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByTestId('customer-search').fill(phoneAsSearched);
    const row = page.getByRole('link', { name: new RegExp(lastName) });
    await row.waitFor();
    // The search is in the address, so the link can be shared.
    expect(new URL(page.url()).searchParams.get('q')).toBe(phoneAsSearched);
    await expect(page.getByTestId('customers-total').textContent()).resolves.toBe('Found: 1');
    await shoot('03-customers-search-1366');
    await row.click();
    await page.getByTestId('customer-name').waitFor();
    expect(page.url()).toContain(`/customers/${customerId}`);
  });

  it('shows the 360 view with contacts in E.164 and as given', async () => {
    await expect(page.getByTestId('customer-name').textContent()).resolves.toContain(lastName);
    const contacts = page.getByTestId('contacts-card');
    await contacts.getByText(`as entered: ${phoneAsGiven}`).waitFor();
    await page.getByTestId('consents-card').getByText('Granted').waitFor();
    await page.getByTestId('profile-card').getByText('off-road').waitFor();
    await shoot('04-customer-360-1366');
  });

  it('logs a call and sees it on the timeline', async () => {
    const subject = `Test drive invitation ${runId}`;
    await page.getByRole('button', { name: 'Log activity' }).click();
    const form = page.getByTestId('log-activity-form');
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await form
      .getByRole('textbox', { name: 'Note' })
      .fill('Wants a test drive on Saturday morning.');
    await form.getByText('Inbound', { exact: true }).click();
    await shoot('05-log-activity-1366');
    await form.getByRole('button', { name: 'Log activity' }).click();
    await form.waitFor({ state: 'detached' });
    const entry = page.getByTestId('timeline-item').filter({ hasText: subject });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('Inbound');
    await entry.scrollIntoViewIfNeeded();
    await shoot('06-timeline-1366');
  });

  it('adds a second phone to the contacts', async () => {
    const contacts = page.getByTestId('contacts-card');
    await contacts.getByRole('button', { name: 'Edit contacts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Phones and e-mails' });
    await dialog.getByRole('button', { name: 'Add phone' }).click();
    await dialog.getByTestId('edit-phone-1').fill('8 495 123 45 67');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await contacts.getByText(/\+7 495 123.45.67/).waitFor();
    // The first phone is still there, still as the customer gave it.
    await contacts.getByText(`as entered: ${phoneAsGiven}`).waitFor();
  });

  it('links her husband into one household', async () => {
    const card = page.getByTestId('household-card');
    await card.getByRole('button', { name: 'Link a family member' }).click();
    const form = page.getByTestId('household-form');
    await expect(form.getByLabel('Household name').inputValue()).resolves.toBe(
      `${lastName} family`,
    );
    await form.getByLabel('Family member').fill(lastName);
    const husband = page.getByRole('option', { name: new RegExp(`${lastName} Пётр`) });
    await husband.click();
    await shoot('06b-household-1366');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await card.getByRole('link', { name: new RegExp(`${lastName} Пётр`) }).waitFor();
    await card.getByText(`${lastName} family`).waitFor();
    await card.getByText('Spouse').waitFor();
  });

  it('switches to Russian at once and keeps the choice', async () => {
    await page.getByText('Русский', { exact: true }).click();
    await page.getByRole('button', { name: 'Записать контакт' }).waitFor();
    await page.getByRole('heading', { name: 'История' }).waitFor();
    await page.getByRole('heading', { name: 'Контакты' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru-RU');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot('07-customer-360-ru-1366');
    // Saved for the user (PATCH /api/auth/me): a reload comes back in Russian.
    await page.reload();
    await page.getByRole('button', { name: 'Записать контакт' }).waitFor();
    const locale = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { locale: string };
      return me.locale;
    });
    expect(locale).toBe('ru');
  });

  it('fits a tablet: the navigation folds behind a burger', async () => {
    await page.setViewportSize(tablet);
    await page.getByTestId('customer-name').waitFor();
    const burger = page.getByRole('button', { name: 'Открыть меню' });
    await burger.waitFor();
    // The folded navigation slides out of the viewport rather than disappearing.
    // It slides with a transition, so wait for it to settle.
    await expect
      .poll(async () => {
        const folded = await page.getByRole('link', { name: 'Мой день' }).boundingBox();
        return (folded?.x ?? 0) + (folded?.width ?? 0);
      })
      .toBeLessThanOrEqual(0);
    await shoot('08-customer-360-ru-820');
    await burger.click();
    await expect
      .poll(async () => (await page.getByRole('link', { name: 'Мой день' }).boundingBox())?.x ?? -1)
      .toBeGreaterThanOrEqual(0);
    await shoot('09-navigation-ru-820');
    await page.getByRole('navigation').getByRole('link', { name: 'Клиенты' }).click();
    await page.getByRole('heading', { name: 'Клиенты' }).waitFor();
    await page.getByTestId('customers-table').getByRole('row').nth(1).waitFor();
    await shoot('10-customers-ru-820');
  });

  it('fits a tablet held landscape: no column cut off, no squeezed side column', async () => {
    await page.setViewportSize(tabletLandscape);
    const table = page.getByTestId('customers-table');
    await table.getByRole('row').nth(1).waitFor();
    // beside the navigation the list has the room of a portrait tablet: it must not run off
    const tableRight = await table.evaluate((node) => node.getBoundingClientRect().right);
    expect(tableRight).toBeLessThanOrEqual(tabletLandscape.width);
    await shoot('10a-customers-ru-1024');
    await table.getByRole('row').nth(1).getByRole('link').first().click();
    await page.getByTestId('customer-name').waitFor();
    // the contacts are as wide as the page allows, not a 300 px side column breaking e-mails
    const contacts = await page.getByTestId('contacts-card').boundingBox();
    expect(contacts?.width ?? 0).toBeGreaterThan(340);
    await shoot('10a-customer-360-ru-1024');
    await page.goBack();
    await table.getByRole('row').nth(1).waitFor();
  });

  it('reads in Simplified Chinese, names and dates included', async () => {
    await page.setViewportSize(laptop);
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '客户' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.getByTestId('customers-total').textContent()).resolves.toMatch(/^共 .+ 条$/);
    await page.getByTestId('customer-search').fill(lastName);
    // her husband of the household step has the same surname
    const row = page.getByRole('link', { name: new RegExp(`${lastName} Анна`) });
    await row.waitFor();
    // the creation date as a Chinese reader writes it, e.g. 2026年12月5日
    await page
      .getByTestId('customers-table')
      .getByText(/\d{4}年\d{1,2}月\d{1,2}日/)
      .first()
      .waitFor();
    await shoot('10b-customers-zh-1366');
    await row.click();
    await page.getByRole('button', { name: '记录联系' }).waitFor();
    await shoot('10c-customer-360-zh-1366');
  });
});
