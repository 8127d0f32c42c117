import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, emailQuietHoursOff } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';
import { messagesTo, type MailboxMessage } from './mailbox.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');
const mailboxUrl = inject('mailboxUrl');

// A guest and an event of their own every run, so the story also works on a reused database.
const runId = Date.now().toString().slice(-6);
const surname = `Звонков${runId}`;
const address = `guestcancel${runId}@example.test`;

let browser: Browser | undefined;
let page: Page;
let restoreQuietHours: (() => Promise<void>) | undefined;
let campaignId = '';
const shoot = shooter(() => page);

async function waitForMail(match: (mail: MailboxMessage) => boolean): Promise<MailboxMessage> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const found = (await messagesTo(mailboxUrl, address)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such mail arrived');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * A guest registers for a test-drive day through the link in his invitation, then calls: he
 * cannot come. The CRM manager cancels his registration from the event's guest list, saying
 * why; the list says who cancelled it and why, and the guest gets the notice by e-mail.
 */
describe('the CRM manager cancels one guest’s registration from the guest list', () => {
  beforeAll(async () => {
    restoreQuietHours = await emailQuietHoursOff(baseUrl);
    const crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    await crm.call('POST', '/api/customers', {
      kind: 'person',
      lastName: surname,
      firstName: 'Ivan',
      preferredLanguage: 'en',
      emails: [{ address }],
      consents: [{ channel: 'email', status: 'granted', method: 'web_form' }],
      dealerCode: 'MSK01',
    });
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Phone guests ${runId}`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: [surname] },
    });
    const campaign = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Test-drive day ${runId}`,
      ownerLevel: 'dealer',
      dealerId: dealers.items.find((dealer) => dealer.code === 'MSK01')!.id,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      kind: 'event',
      eventVenue: 'Showroom, 1 Leninsky prospekt',
      eventStartsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      eventCapacity: 10,
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: `Invitation ${runId}`,
              mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Come: {{links.register}}</mj-text></mj-column></mj-section></mj-body></mjml>',
            },
          },
        },
      ],
    });
    campaignId = campaign.id;
    await crm.call('POST', `/api/campaigns/${campaignId}/send`, {});
    ({ browser, page } = await openBrowser());
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`failed-event-guest-cancel-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await restoreQuietHours?.();
    await browser?.close();
  });

  it('the guest registers through the link in his invitation', async () => {
    const invitation = await waitForMail((mail) => mail.subject === `Invitation ${runId}`);
    const link = /https?:\/\/\S+\/m\/e\?t=[\w.-]+/.exec(invitation.text)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('button', { name: 'Cancel my registration' }).waitFor();
  });

  it('the CRM manager cancels it from the guest list with a reason; the guest is told', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    const card = page.getByTestId('event-registrations');
    const row = card.getByRole('row', { name: new RegExp(surname) });
    await row.getByRole('button', { name: 'Cancel registration' }).click();
    const form = page.getByTestId('registration-cancel-form');
    await form.getByText(/The place goes to the first person on the waiting list/).waitFor();
    await form.getByRole('textbox', { name: 'Why (optional)' }).fill('Called: away on business');
    await shoot('event-guest-cancel-dialog-1366');
    await form.getByRole('button', { name: 'Cancel the registration' }).click();
    await form.waitFor({ state: 'hidden' });
    await row.getByText('Cancelled by').waitFor();
    await row.getByText(/Called: away on business/).waitFor();
    await expect(row.getByRole('button', { name: 'Cancel registration' }).count()).resolves.toBe(0);
    await card.scrollIntoViewIfNeeded();
    await shoot('event-guest-cancelled-1366');
    const notice = await waitForMail((mail) => mail.subject.startsWith('Cancelled: your'));
    expect(notice.text).toContain('has been cancelled');
    expect(notice.text).not.toContain('away on business');
  });
});
