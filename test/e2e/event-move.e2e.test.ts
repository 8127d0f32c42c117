import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');

// An event of its own every run, so the story also works on a reused database.
const runId = Date.now().toString().slice(-6);

let browser: Browser | undefined;
let page: Page;
let campaignId = '';
const shoot = shooter(() => page);

/**
 * The invitations to a test-drive day are out; then the site changes and places are added. The
 * CRM manager moves the event from its page, and the page keeps who changed what. Then the day
 * is called off, and he cancels it from the same card, saying why: the history shows it.
 */
describe('the CRM manager moves a sent event to another site', () => {
  beforeAll(async () => {
    const crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    // nobody matches: the event is sent, the story is about the page, not the mail
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Move guests ${runId}`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: [`Nobody${runId}`] },
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
              subject: 'Invitation',
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

  keepEvidence('event-move', () => ({ browser, page }));

  it('changes the venue and the places from the event page and sees the change listed', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: `Test-drive day ${runId}` }).waitFor();
    const card = page.getByTestId('event-details');
    await card.getByRole('heading', { name: 'Venue, time and places' }).waitFor();
    await card.getByText('No changes since the invitations went.').waitFor();
    await card.getByRole('button', { name: 'Change venue, time or places' }).click();
    const form = card.getByTestId('event-details-form');
    await form.getByRole('textbox', { name: 'Venue' }).fill('Xcar Park, 5 Mira avenue');
    await form.getByRole('textbox', { name: 'Places' }).fill('25');
    await form.getByRole('checkbox', { name: /Also tell everyone invited/ }).check();
    await card.scrollIntoViewIfNeeded();
    await shoot('event-move-form-1366');
    await form.getByRole('button', { name: 'Save and tell the guests' }).click();
    await form.waitFor({ state: 'hidden' });
    const history = card.getByTestId('event-changes');
    await history
      .getByText('Venue: Showroom, 1 Leninsky prospekt → Xcar Park, 5 Mira avenue')
      .waitFor();
    await history.getByText('Places: 10 → 25').waitFor();
    // the start was not touched: it is not listed as changed
    await expect(history.getByText(/^Start:/).count()).resolves.toBe(0);
    await card.scrollIntoViewIfNeeded();
    await shoot('event-move-history-1366');
  });

  it('cancels the event from its page after a second step, and the page says so', async () => {
    const card = page.getByTestId('event-details');
    await card.getByRole('button', { name: 'Cancel the event' }).click();
    const confirm = card.getByTestId('event-cancel-confirm');
    await confirm.getByText(/This cannot be undone/).waitFor();
    await confirm.getByRole('textbox', { name: 'Why (optional)' }).fill('The showroom is flooded');
    await card.scrollIntoViewIfNeeded();
    await shoot('event-cancel-confirm-1366');
    await confirm.getByRole('button', { name: 'Cancel the event and tell the guests' }).click();
    await card.getByTestId('event-cancelled').waitFor();
    // the change history has the cancel, who and why, above the move
    const history = card.getByTestId('event-changes');
    await history.getByTestId('event-change-cancel').waitFor();
    await history.getByText('Reason: The showroom is flooded').waitFor();
    // a cancelled event is moved no more
    await expect(
      card.getByRole('button', { name: 'Change venue, time or places' }).count(),
    ).resolves.toBe(0);
    await shoot('event-cancelled-1366');
  });
});
