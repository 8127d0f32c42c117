import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { followNavigation, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

// The dealer manager stands in for the reception desk: he may log visitors and book drives.
const manager = demoLogins.msk01Manager;
const baseUrl = inject('baseUrl');

// A different visitor every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-7);
const visitor = `Пётр Витринов${runId}`;
const visitorShown = `Витринов${runId} Пётр`;
const phone = `+7 926 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}`;

let browser: Browser | undefined;
let page: Page;
const shoot = shooter(() => page);

describe('the showroom: a walk-in is logged, lands on the board and is booked for a drive', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, manager);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('showroom', () => ({ browser, page }));

  it('logs a walk-in in the showroom log, routed to a consultant on duty', async () => {
    await signIn(page, baseUrl, manager);
    await followNavigation(page, 'Showroom log', { section: 'Leads', path: /\/leads\/showroom$/ });
    await page.getByRole('heading', { name: 'Showroom log' }).waitFor();
    const form = page.getByTestId('showroom-form');
    await form.getByRole('textbox', { name: 'Name' }).fill(visitor);
    await form.getByRole('textbox', { name: 'Phone' }).fill(phone);
    await form.getByRole('textbox', { name: 'Model of interest' }).fill('Monjaro');
    await form.getByRole('button', { name: 'Log it' }).click();
    const logged = page.getByTestId('showroom-logged');
    await logged.getByText(/is with|waits for a consultant/).waitFor();
    // the form is cleared for the next visitor
    await expect(form.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('');
    await shoot('11-showroom-log-1366');
  });

  it('finds the new lead in the "New" column of the dealer board', async () => {
    await followNavigation(page, 'Board', { section: 'Leads', path: /\/leads\/board$/ });
    await page.getByRole('heading', { name: 'Lead board' }).waitFor();
    const card = page
      .getByTestId('board-column-new')
      .getByTestId('lead-card')
      .filter({ hasText: visitorShown });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Monjaro');
    await card.scrollIntoViewIfNeeded();
    await shoot('12-lead-board-1366');
    await card.getByRole('link', { name: visitorShown }).click();
    await page.getByRole('heading', { name: visitorShown }).waitFor();
  });

  it('books a test drive from the lead, which then shows it', async () => {
    const drives = page.getByTestId('customer-test-drives');
    await drives.getByRole('button', { name: 'Book a test drive' }).click();
    const form = page.getByTestId('book-test-drive-form');
    await form.waitFor();
    await form.getByTestId('booking-vehicle').click();
    await page.getByRole('option').first().click();
    await shoot('13-book-test-drive-1366');
    await form.getByRole('button', { name: 'Book', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await drives.getByText('Booked').waitFor();
    await shoot('14-lead-with-test-drive-1366');
  });

  it('moves the drive to another day from its details', async () => {
    const drives = page.getByTestId('customer-test-drives');
    await drives.getByRole('button', { name: 'Open' }).first().click();
    const details = page.getByTestId('test-drive-details');
    await details.waitFor();
    await details.getByRole('button', { name: 'Move to' }).click();
    await page.getByRole('button', { name: 'In 3 days' }).click();
    await details.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('The test drive is moved').waitFor();
    await shoot('15-test-drive-moved-1366');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('shows the booking in the test-drive calendar', async () => {
    await followNavigation(page, 'Test drives', { path: /\/test-drives/ });
    await page.getByRole('heading', { name: 'Test-drive calendar' }).waitFor();
    // the drive was moved three days on: this week's grid, or the next one's
    const booking = page.getByText(visitorShown).first();
    await page.waitForTimeout(1000);
    if (!(await booking.isVisible())) {
      await page.getByRole('button', { name: 'Next week' }).click();
    }
    await booking.waitFor();
    await shoot('16-test-drive-calendar-1366');
  });
});
