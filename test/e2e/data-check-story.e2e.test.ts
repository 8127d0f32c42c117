import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';
import { messagesTo } from './mailbox.ts';

const consultant = demoLogins.msk01Sales1;
const baseUrl = inject('baseUrl');
const mailboxUrl = inject('mailboxUrl');
const runId = Date.now().toString().slice(-7);
const address = `confirm${runId}@example.com`;

let browser: Browser | undefined;
let page: Page;
let customerId: string;
let silentId: string;
const shoot = shooter(() => page);

/**
 * A consultant asks a customer by e-mail to confirm his data; the customer opens the letter's
 * link, sees his own data partly hidden and answers "All correct"; the card shows the e-mail
 * confirmation. A customer who never agreed to service e-mails cannot be asked.
 */
describe('a customer confirms his data from the e-mail a consultant asked him', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, consultant);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const consent = {
      channel: 'email',
      status: 'granted',
      purpose: 'service',
      method: 'signed_form',
    };
    const created = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Checkman${runId}`,
      firstName: 'Oliver',
      preferredLanguage: 'en',
      emails: [{ address }],
      phones: [{ number: `+7 916 ${runId}` }],
      consents: [consent],
    });
    customerId = created.id;
    const silent = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Quietman${runId}`,
      firstName: 'Sam',
      emails: [{ address: `quiet${runId}@example.com` }],
      consents: [{ ...consent, purpose: 'marketing' }],
    });
    silentId = silent.id;
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, consultant);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`data-check-failed-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('asks by e-mail from the Data verification card', async () => {
    await page.goto(`${baseUrl}/customers/${customerId}`);
    const card = page.getByTestId('verification-card');
    await card.getByRole('button', { name: 'Ask the customer to confirm by e-mail' }).click();
    await card.getByTestId('data-check-latest').getByText('no answer yet').waitFor();
    await shoot('data-check-01-asked');
  });

  it('the customer answers "All correct" on the page of his letter', async () => {
    let link: string | undefined;
    for (let i = 0; i < 30 && !link; i++) {
      const [mail] = await messagesTo(mailboxUrl, address);
      link = mail?.text.match(/https?:\/\/\S+\/m\/d\?t=\S+/)?.[0];
      if (!link) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByText('Your contact details').waitFor();
    const shown = (await page.textContent('body')) ?? '';
    expect(shown).toContain(`Oliver Checkman${runId}`);
    expect(shown).not.toContain(address);
    await shoot('data-check-02-public-page');
    await page.getByRole('button', { name: 'All correct' }).click();
    await page.getByText('Your details are confirmed').waitFor();
    await shoot('data-check-03-answered');
  });

  it('shows the confirmation by e-mail link on the card', async () => {
    await page.goto(`${baseUrl}/customers/${customerId}`);
    const card = page.getByTestId('verification-card');
    await card.getByText('E-mail confirmation link').waitFor();
    await card.getByText('Confirmed by e-mail').waitFor();
    await shoot('data-check-04-confirmed');
  });

  it('says why a customer without consent to service e-mails cannot be asked', async () => {
    await page.goto(`${baseUrl}/customers/${silentId}`);
    const card = page.getByTestId('verification-card');
    await card.getByRole('button', { name: 'Ask the customer to confirm by e-mail' }).click();
    await card.getByText('The customer has not agreed to service e-mails.').waitFor();
    await shoot('data-check-05-no-consent');
  });
});
