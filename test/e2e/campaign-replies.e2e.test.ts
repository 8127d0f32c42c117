import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, emailQuietHoursOff } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';
import { messagesTo, type MailboxMessage } from './mailbox.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');
const mailboxUrl = inject('mailboxUrl');
const inboundSmtpPort = inject('inboundSmtpPort');

// people and a campaign of their own every run, so the story also works on a reused database
const runId = Date.now().toString().slice(-6);
const surname = `Ответов${runId}`;
const addresses = { olga: `olga${runId}@example.test`, pavel: `pavel${runId}@example.test` };

let browser: Browser | undefined;
let page: Page;
let restoreQuietHours: (() => Promise<void>) | undefined;
let campaignId = '';
const shoot = shooter(() => page);

async function waitForMail(to: string): Promise<MailboxMessage> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [found] = await messagesTo(mailboxUrl, to);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function answer(mail: MailboxMessage, from: string, text: string, autoReply = false) {
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inboundSmtpPort,
    secure: false,
    ignoreTLS: true,
  });
  await client.sendMail({
    from,
    to: mail.replyTo!,
    subject: `${autoReply ? 'Автоответ' : 'Re'}: ${mail.subject}`,
    ...(autoReply ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
    text,
  });
  client.close();
}

/**
 * The CRM manager's spring letter goes out; Olga answers from her mail program, Pavel's mailbox
 * answers that he is away. The campaign page shows who replied per variant, the out-of-office
 * apart, and Olga's answer without the quoted letter, with a link to her card, in English and
 * in Russian.
 */
describe('the CRM manager reads the replies to his campaign', () => {
  beforeAll(async () => {
    restoreQuietHours = await emailQuietHoursOff(baseUrl);
    const crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    for (const [firstName, address] of [
      ['Olga', addresses.olga],
      ['Pavel', addresses.pavel],
    ]) {
      await crm.call('POST', '/api/customers', {
        kind: 'person',
        lastName: surname,
        firstName,
        emails: [{ address }],
        consents: [{ channel: 'email', status: 'granted', method: 'web_form' }],
        dealerCode: 'MSK01',
      });
    }
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Repliers ${runId}`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: [surname] },
    });
    const campaign = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Spring check ${runId}`,
      ownerLevel: 'dealer',
      dealerId: dealers.items.find((dealer) => dealer.code === 'MSK01')!.id,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'email',
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Spring check',
              mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Dear {{customer.firstName}}, your spring check is due.</mj-text></mj-column></mj-section></mj-body></mjml>',
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
      await shoot(`failed-replies-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await restoreQuietHours?.();
    await browser?.close();
  });

  it('sees an answer and an out-of-office on the campaign page', async () => {
    const toOlga = await waitForMail(addresses.olga);
    const toPavel = await waitForMail(addresses.pavel);
    expect(toOlga.replyTo).toMatch(/^reply\+[a-z2-7]{48}@replies\.demo\.autocrm$/);
    await answer(
      toOlga,
      addresses.olga,
      'Yes, Saturday morning suits me.\n\nOn Monday, Dealer wrote:\n> Dear Olga, your spring check is due.',
    );
    await answer(toPavel, addresses.pavel, 'Я в отпуске до понедельника.', true);

    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: `Spring check ${runId}` }).waitFor();
    const card = page.getByTestId('campaign-replies');
    await card.getByRole('heading', { name: 'Replies' }).waitFor();
    const list = card.getByTestId('campaign-replies-list');
    await list.getByText('Yes, Saturday morning suits me.').waitFor();
    expect(await list.getByText('Dear Olga').count()).toBe(0);
    await list.getByText('Auto-reply').waitFor();
    expect(await card.getByTestId('replied-A').innerText()).toBe('1 (50 %)');
    // the name as the customer's card writes it (surname first for a Russian surname)
    const link = list.getByRole('link', { name: /Olga/ });
    expect(await link.getAttribute('href')).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    await card.scrollIntoViewIfNeeded();
    await shoot('72-campaign-replies-1366');
  });

  it('reads the same in Russian', async () => {
    const crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'ru' });
    try {
      await page.reload();
      const card = page.getByTestId('campaign-replies');
      await card.getByRole('heading', { name: 'Ответы' }).waitFor();
      await card.getByText('Автоответ', { exact: true }).waitFor();
      await card.scrollIntoViewIfNeeded();
      await shoot('73-campaign-replies-ru-1366');
    } finally {
      await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    }
  });
});
