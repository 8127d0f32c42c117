import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import type { Login } from './api-session.ts';
import { projectRoot } from './server.ts';

/** E2E_SCREENSHOTS: another folder, so that a second run (say on PostgreSQL) keeps its own pictures */
export const screenshots = path.resolve(
  projectRoot,
  process.env.E2E_SCREENSHOTS ?? 'test/e2e/screenshots',
);
export const laptop = { width: 1366, height: 768 };
export const tablet = { width: 820, height: 1180 };
/** A 10-inch tablet held landscape: wide enough for the navigation, not for two columns. */
export const tabletLandscape = { width: 1024, height: 768 };

/** Debian's chromium (never a downloaded browser), one page at laptop size in English. */
export async function openBrowser(): Promise<{ browser: Browser; page: Page }> {
  fs.mkdirSync(screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: laptop, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { browser, page };
}

/**
 * For a story's describe block: a screenshot of the page after every failed step (named after the
 * story and the step, so the failure can be seen), and the browser closed when the story ends.
 */
export function keepEvidence(story: string, opened: () => { browser?: Browser; page?: Page }) {
  const shoot = shooter(() => opened().page);
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await shoot(`failed-${story}-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });
  afterAll(async () => {
    await opened().browser?.close();
  });
}

export function shooter(page: () => Page | undefined) {
  return async (name: string) => {
    const current = page();
    if (!current) return;
    await finishedMoving(current);
    await current.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
  };
}

/**
 * Waits for the page's transitions to end (a dialog still fading in photographed half
 * transparent over the page). Endless animations, such as a loader, are not waited for.
 */
async function finishedMoving(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (animation) =>
              animation.playState !== 'running' ||
              animation.effect?.getTiming().iterations === Infinity,
          ),
      undefined,
      { timeout: 2_000 },
    )
    .catch(() => undefined);
}

/** Signs in through the login page and waits for My day. */
export async function signIn(page: Page, baseUrl: string, { email, password }: Login) {
  await page.goto(baseUrl);
  await page.getByRole('heading', { name: 'Sign in to AutoCRM' }).waitFor();
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My day' }).waitFor();
}

/**
 * Follows a link of the main navigation, opening its section first when it is folded, and
 * checks that the address changed. A click that lands while a section is still unfolding can
 * miss its link (seen once on a loaded CI machine), so a missed click is tried again.
 */
export async function followNavigation(
  page: Page,
  link: string,
  options: { section?: string; path: RegExp },
) {
  const navigation = page.getByRole('navigation');
  const target = navigation.getByRole('link', { name: link, exact: true });
  for (let attempt = 1; ; attempt++) {
    if (options.section && !(await target.isVisible())) {
      await navigation.getByText(options.section, { exact: true }).click();
      await target.waitFor();
    }
    await target.click();
    try {
      await page.waitForURL(options.path, { timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Opens a select (a Mantine combobox) and picks an option. A click that lands while the form
 * is still drawing focuses the field without opening its list (seen once on a loaded CI
 * machine), so a list that does not open is closed and clicked again.
 */
export async function chooseOption(page: Page, field: Locator, option: string) {
  const choice = page.getByRole('option', { name: option });
  for (let attempt = 1; ; attempt++) {
    await field.click();
    try {
      await choice.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await choice.click();
}
