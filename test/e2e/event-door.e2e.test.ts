import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');

// People and an event of their own every run, so the story also works on a reused database.
const runId = Date.now().toString().slice(-6);
const surname = `Дверцев${runId}`;

let browser: Browser | undefined;
let page: Page;
let campaignId = '';
let campaignBody: Record<string, unknown> = {};
let crm: ApiSession;
const shoot = shooter(() => page);

/**
 * Seed 001's show at the door: the CRM manager sets the reminders of an event with one place,
 * then two guests who never registered walk in — a customer found by name and a new person
 * captured with a phone — and the list shows them as walk-ins, over the capacity. The door is
 * shut until the event's day, as marking attendance is.
 */
describe('the CRM manager at the door of an event: reminders and walk-ins', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    await crm.call('POST', '/api/customers', {
      kind: 'person',
      lastName: surname,
      firstName: 'Pavel',
      phones: [{ number: '+7 916 700 00 01' }],
      dealerCode: 'MSK01',
    });
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Door guests ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    campaignBody = {
      name: `Test-drive evening ${runId}`,
      ownerLevel: 'dealer',
      dealerId: dealers.items.find((dealer) => dealer.code === 'MSK01')!.id,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      kind: 'event',
      eventVenue: 'Showroom, 1 Leninsky prospekt',
      eventStartsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      eventCapacity: 1,
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Invitation',
              mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Come: {{links.register}}</mj-text></mj-column></mj-section></mj-body></mjml>',
            },
          },
        },
      ],
    };
    campaignId = (await crm.call<{ id: string }>('POST', '/api/campaigns', campaignBody)).id;
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('event-door', () => ({ browser, page }));

  it('sets a reminder a day before and another the same morning', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: `Test-drive evening ${runId}` }).waitFor();
    const care = page.getByTestId('event-care');
    await care.getByRole('heading', { name: 'Reminders and feedback' }).waitFor();
    await care.getByRole('textbox', { name: 'Hours before the start' }).fill('24');
    await care.getByRole('switch', { name: /Another one the same morning/ }).dispatchEvent('click');
    await care.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
    await care.getByText('Same-morning reminders: 0 sent, 0 not sent (consent, rules)').waitFor();
    await care.getByText('No answers yet').waitFor();
  });

  it('keeps the door shut before the event’s day, as it keeps the “came” boxes', async () => {
    const card = page.getByTestId('event-registrations');
    await card
      .getByTestId('attendance-note')
      .getByText(/from the event’s day/)
      .waitFor();
    await expect(card.getByRole('button', { name: 'Walk-in' }).isDisabled()).resolves.toBe(true);
  });

  it('lets a customer and a new person in at the door, shown as walk-ins over capacity', async () => {
    // the show has begun: the draft is moved to a minute ago by the whole PUT a draft takes
    await crm.call('PUT', `/api/campaigns/${campaignId}`, {
      ...campaignBody,
      eventStartsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await page.reload();
    const card = page.getByTestId('event-registrations');
    await card.getByText('Places taken: 0 of 1').waitFor();
    await expect(card.getByTestId('attendance-note').count()).resolves.toBe(0);

    await card.getByRole('button', { name: 'Walk-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Someone came without registering' });
    await dialog
      .getByLabel(/Find a customer/)
      .first()
      .fill(surname);
    await page.getByRole('option', { name: new RegExp(`Pavel`) }).click();
    await dialog.getByRole('button', { name: 'Mark as came' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByRole('cell', { name: new RegExp(`Pavel`) }).waitFor();

    await card.getByRole('button', { name: 'Walk-in' }).click();
    await dialog.getByText('New person').click();
    await dialog.getByRole('textbox', { name: 'First name' }).fill('Nina');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill(surname);
    // neither a phone nor an e-mail: the form names the field
    await dialog.getByRole('button', { name: 'Mark as came' }).click();
    await dialog.getByText('Give a phone or an e-mail').waitFor();
    await dialog.getByRole('textbox', { name: 'Phone' }).fill('8 916 700-00-02');
    await dialog.getByRole('checkbox', { name: /Agrees to be asked for feedback/ }).check();
    await shoot('24-event-walk-in-form-1366');
    await dialog.getByRole('button', { name: 'Mark as came' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await card.getByText('1 over capacity').waitFor();
    await expect(card.getByText('walk-in', { exact: true }).count()).resolves.toBe(2);
    await card.getByText('Came: 2').waitFor();
    await card.scrollIntoViewIfNeeded();
    await shoot('25-event-walk-ins-1366');
    await page.getByTestId('event-care').scrollIntoViewIfNeeded();
    await shoot('26-event-care-1366');
  });
});
