import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, emailQuietHoursOff } from './api-session.ts';
import { chooseOption, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';
import { messagesTo, type MailboxMessage } from './mailbox.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');
const mailboxUrl = inject('mailboxUrl');

// People of their own every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-6);
const surname = `Рассылкина${runId}`;
const mailTag = `spring${runId}`;
const audience = 10;

let browser: Browser | undefined;
let page: Page;
let campaignId = '';
let restoreQuietHours: (() => Promise<void>) | undefined;
const shoot = shooter(() => page);

async function waitForMail(count: number): Promise<MailboxMessage[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const messages = await messagesTo(mailboxUrl, mailTag);
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('the CRM manager: a segment, an e-mail campaign with an A/B test, a tracked click', () => {
  beforeAll(async () => {
    restoreQuietHours = await emailQuietHoursOff(baseUrl);

    const crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    for (let i = 1; i <= audience; i += 1) {
      await crm.call('POST', '/api/customers', {
        kind: 'person',
        lastName: surname,
        firstName: `Анна${i}`,
        preferredLanguage: 'en',
        emails: [{ address: `${mailTag}.${i}@example.test` }],
        consents: [{ channel: 'email', status: 'granted', method: 'web_form' }],
        dealerCode: 'MSK01',
      });
    }
    // one more of the family without consent: the segment asks for it, so she is not reached
    await crm.call('POST', '/api/customers', {
      kind: 'person',
      lastName: surname,
      firstName: 'Вера',
      emails: [{ address: `${mailTag}.noconsent@example.test` }],
      dealerCode: 'MSK01',
    });
    ({ browser, page } = await openBrowser());
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`failed-marketing-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await restoreQuietHours?.();
    await browser?.close();
  });

  it('builds a segment and sees its live count', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('heading', { name: 'Segment builder' }).waitFor();
    // the page starts with seed 004's dormant-customer example: two rows to remove
    while ((await page.getByRole('button', { name: 'Remove condition' }).count()) > 0) {
      await page.getByRole('button', { name: 'Remove condition' }).first().click();
    }
    const addCondition = async (label: string) => {
      await page.locator('input[aria-label="Add a condition"]').click();
      await page.getByRole('option', { name: label, exact: true }).click();
      await page.getByRole('button', { name: 'Add', exact: true }).click();
    };
    await addCondition('Profile field');
    await page.locator('input[aria-label="Field"]').click();
    await page.getByRole('option', { name: 'Last name', exact: true }).click();
    await page.locator('input[aria-label="Operator"]').click();
    await page.getByRole('option', { name: 'is', exact: true }).click();
    await page.getByRole('textbox', { name: 'Value', exact: true }).fill(surname);
    await page
      .getByTestId('segment-count')
      .getByText(String(audience + 1))
      .waitFor();
    await addCondition('Marketing consent for');
    await page.getByTestId('segment-count').getByText(String(audience)).waitFor();
    await page.getByRole('textbox', { name: 'Segment name' }).fill(`Spring clinic ${runId}`);
    await shoot('19-segment-builder-1366');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('cell', { name: `Spring clinic ${runId}` }).waitFor();
  });

  it('nests a group: "A and (B or not C)" counts what the API counts for that tree', async () => {
    const tree = {
      type: 'and',
      conditions: [
        { type: 'field', field: 'last_name', op: 'eq', values: [surname] },
        {
          type: 'or',
          conditions: [
            { type: 'field', field: 'first_name', op: 'starts_with', values: ['Анна1'] },
            {
              type: 'not',
              condition: { type: 'consent', channel: 'email', purpose: 'marketing', granted: true },
            },
          ],
        },
      ],
    };
    // Анна1 and Анна10, and Вера without consent
    const crm = await apiLogin(baseUrl, marketer);
    const api = await crm.call<{ count: number }>('POST', '/api/segments/count', {
      definition: tree,
    });
    expect(api.count).toBe(3);

    await page.getByRole('button', { name: 'Start over' }).click();
    const group = (level: number) =>
      page.locator(`[data-testid="segment-group"][data-level="${level}"]`);
    const addTo = async (target: Locator, label: string) => {
      const bar = target.locator(':scope > div > [data-testid="group-actions"]');
      await bar.locator('input[aria-label="Add a condition"]').click();
      await page.getByRole('option', { name: label, exact: true }).click();
      await bar.getByRole('button', { name: 'Add', exact: true }).click();
    };
    const choose = async (target: Locator, select: string, option: string) => {
      await target.locator(`input[aria-label="${select}"]`).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    const count = (n: number) =>
      page.getByTestId('segment-count').getByText(String(n), { exact: true }).waitFor();

    await addTo(group(1), 'Profile field');
    await choose(group(1), 'Operator', 'is');
    await group(1).getByRole('textbox', { name: 'Value', exact: true }).fill(surname);
    await count(audience + 1);
    await group(1)
      .locator(':scope > div > [data-testid="group-actions"]')
      .getByRole('button', { name: 'Add a group' })
      .click();
    // a group inside "all of" starts as "any of"
    await group(2).getByText('Any of', { exact: true }).first().waitFor();
    await addTo(group(2), 'Profile field');
    await choose(group(2), 'Field', 'First name');
    await choose(group(2), 'Operator', 'starts with');
    await group(2).getByRole('textbox', { name: 'Value', exact: true }).fill('Анна1');
    await count(2);
    await addTo(group(2), 'Marketing consent for');
    await group(2)
      .getByTestId('segment-row')
      .nth(1)
      .getByRole('checkbox', { name: 'not', exact: true })
      .check();
    await count(api.count);
    await expect(page.getByTestId('segment-logic').textContent()).resolves.toBe(
      `All of: Last name is “${surname}”, Any of: (First name starts with “Анна1”, ` +
        `not Marketing consent for E-mail)`,
    );

    // the JSON view shows the very tree the API counted
    await page.getByText('JSON', { exact: true }).first().click();
    const json = await page.getByRole('textbox', { name: 'Condition tree as JSON' }).inputValue();
    expect(JSON.parse(json)).toEqual(tree);
    await page.getByText('Visual', { exact: true }).first().click();
    await group(2).waitFor();
    await count(api.count);
    await page.getByRole('textbox', { name: 'Segment name' }).fill(`Nested ${runId}`);
    await shoot('19b-segment-nested-group-1366');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('cell', { name: `Nested ${runId}` }).waitFor();

    // saved, it opens again as the same groups with the same count
    await page.reload();
    await page.getByRole('heading', { name: 'Segment builder' }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(`Nested ${runId}`) })
      .getByRole('button', { name: 'Open', exact: true })
      .click();
    await page.getByTestId('opened-segment').getByText(`Nested ${runId}`).waitFor();
    await group(2).getByRole('textbox', { name: 'Value', exact: true }).waitFor();
    await expect(
      group(2).getByRole('textbox', { name: 'Value', exact: true }).inputValue(),
    ).resolves.toBe('Анна1');
    await count(api.count);
    const saved = await crm.call<{ items: { name: string; definition: unknown }[] }>(
      'GET',
      '/api/segments',
    );
    expect(saved.items.find((s) => s.name === `Nested ${runId}`)?.definition).toEqual(tree);
    await shoot('19c-segment-reopened-1366');
  });

  it('creates an e-mail campaign with an A/B test of the subject line', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByRole('heading', { name: 'New campaign' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Spring clinic ${runId}`);
    await chooseOption(
      page,
      page.getByLabel('Audience (segment)').first(),
      `Spring clinic ${runId}`,
    );
    await page.getByRole('textbox', { name: 'Subject', exact: true }).fill('Your spring check-up');
    await page
      .getByRole('textbox', { name: 'Template (MJML)' })
      .fill(
        `<mjml><mj-body><mj-section><mj-column>` +
          `<mj-text>{{customer.firstName}}, spring is here.</mj-text>` +
          `<mj-button href="${baseUrl}/?from=spring-mail">Book a check-up</mj-button>` +
          `<mj-text><a href="{{links.unsubscribe}}">Unsubscribe</a></mj-text>` +
          `</mj-column></mj-section></mj-body></mjml>`,
      );
    // (a click on the label waits for a layout that the growing template field keeps moving)
    // variant B starts as a copy of A; only its subject differs
    await page.getByRole('button', { name: 'Add variant B (A/B test)' }).dispatchEvent('click');
    await page
      .getByRole('textbox', { name: 'Subject · B', exact: true })
      .fill('Free spring check-up for your car');
    await page.getByRole('textbox', { name: 'Test share' }).fill('50');
    await shoot('20-new-campaign-1366');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: `Spring clinic ${runId}` }).waitFor();
    campaignId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the test, picks the winner, and every consenting person gets one e-mail', async () => {
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('A/B test running').waitFor();
    await page.getByRole('button', { name: 'Pick the winner and send to the rest' }).click();
    const messages = await waitForMail(audience);
    const recipients = messages.flatMap((message) => message.to).sort();
    expect(recipients).toEqual(
      Array.from({ length: audience }, (_, i) => `${mailTag}.${i + 1}@example.test`).sort(),
    );
    expect(recipients).not.toContain(`${mailTag}.noconsent@example.test`);
    for (const message of messages) {
      expect(['Your spring check-up', 'Free spring check-up for your car']).toContain(
        message.subject,
      );
      expect(message.html).toContain('spring is here');
    }
    await page.reload();
    await page.getByText('winner', { exact: true }).waitFor();
    await shoot('21-campaign-sent-1366');
  });

  it('opens the tracked link of an e-mail, which lands and counts as a click', async () => {
    const [message] = await waitForMail(audience);
    const href = /href="([^"]+\/m\/c\?t=[^"]+)"/.exec(message!.html)?.[1];
    expect(href).toBeDefined();
    await page.goto(href!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    expect(page.url()).toBe(`${baseUrl}/?from=spring-mail`);
    const crm = await apiLogin(baseUrl, marketer);
    const campaign = await crm.call<{ results: { variants: { clicked: number }[] } }>(
      'GET',
      `/api/campaigns/${campaignId}`,
    );
    expect(campaign.results.variants.reduce((sum, v) => sum + v.clicked, 0)).toBe(1);
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: `Spring clinic ${runId}` }).waitFor();
    await page.getByRole('cell', { name: /^1 \(/ }).first().waitFor();
    await shoot('22-campaign-click-1366');
  });

  it('invites to an event: venue, time and places, then the registrations card', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByRole('heading', { name: 'New campaign' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Open day ${runId}`);
    await chooseOption(
      page,
      page.getByLabel('Audience (segment)').first(),
      `Spring clinic ${runId}`,
    );
    await page
      .getByRole('switch', { name: 'An event: the message invites, people register' })
      .dispatchEvent('click');
    // the untouched starter template now carries the personal registration link
    await expect(
      page.getByRole('textbox', { name: 'Template (MJML)' }).inputValue(),
    ).resolves.toContain('{{links.register}}');
    await page.getByRole('textbox', { name: 'Venue' }).fill('Showroom, 1 Leninsky prospekt');
    await page.getByRole('button', { name: /Starts at/ }).click();
    await page.getByRole('button', { name: 'In a week' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Places' }).fill('12');
    await page
      .getByRole('textbox', { name: 'Subject', exact: true })
      .fill('Open day at the showroom');
    await shoot('23-new-event-campaign-1366');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: `Open day ${runId}` }).waitFor();
    const card = page.getByTestId('event-registrations');
    await card.getByText('Places taken: 0 of 12').waitFor();
    await card.getByText(/Showroom, 1 Leninsky prospekt/).waitFor();
  });

  it('moves the draft event to another hall with more places before inviting anyone', async () => {
    const settings = page.getByTestId('campaign-settings');
    await settings.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('campaign-edit');
    await expect(form.getByRole('textbox', { name: 'Venue' }).inputValue()).resolves.toBe(
      'Showroom, 1 Leninsky prospekt',
    );
    await form.getByRole('textbox', { name: 'Venue' }).fill('Service hall, 3 Leninsky prospekt');
    await form.getByRole('textbox', { name: 'Places' }).fill('20');
    await form.getByRole('textbox', { name: /^Cost/ }).fill('15000');
    await shoot('24-event-edit-1366');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    const event = settings.getByTestId('campaign-event');
    await event.getByText('Service hall, 3 Leninsky prospekt').waitFor();
    await event.getByText('20', { exact: true }).waitFor();
    // money in the locale's way (en-GB): the rouble sign and a thousands comma
    await settings.getByText(/15,000\.00/).waitFor();
    const card = page.getByTestId('event-registrations');
    await card.getByText('Places taken: 0 of 20').waitFor();
    await card.getByText(/Service hall, 3 Leninsky prospekt/).waitFor();
    await shoot('25-event-edited-1366');
  });

  it('writes an SMS campaign in the form and sees how many parts it goes as', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByRole('heading', { name: 'New campaign' }).waitFor();
    // (the segmented control's radios are hidden behind their labels)
    const channel = (name: string) =>
      page.getByRole('radio', { name, exact: true }).dispatchEvent('click');
    // each channel shows its own fields, with starter texts in the campaign's language
    await channel('Call tasks');
    await expect(
      page.getByRole('textbox', { name: 'Call script' }).inputValue(),
    ).resolves.toContain('{{customer.firstName}}');
    await page.getByLabel('Calls made by').first().waitFor();
    await shoot('26-new-call-campaign-1366');
    await channel('Direct mail');
    await expect(
      page.getByRole('textbox', { name: 'Letter (MJML, printed on A4)' }).inputValue(),
    ).resolves.toContain('Dear {{customer.firstName}}');
    await channel('SMS');
    const text = page.getByRole('textbox', { name: 'SMS text' });
    // the starter text is in the campaign's language, with the way out
    await expect(text.inputValue()).resolves.toContain('{{links.unsubscribe}}');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Spring tyres ${runId}`);
    await chooseOption(
      page,
      page.getByLabel('Audience (segment)').first(),
      `Spring clinic ${runId}`,
    );
    await text.fill(
      'Hi {{customer.firstName}}, spring tyres at {{dealer.name}}: ' +
        'https://msk01.example.test/spring-tyres-offer Opt out: {{links.unsubscribe}}',
    );
    // counted for the audience's first person: a Cyrillic name, so UCS-2 (70 a part)
    const count = page.getByTestId('sms-count').first();
    await count.getByText(/^For .+: \d SMS, \d+ characters \(UCS-2\)/).waitFor();
    const parts = Number(/: (\d) SMS/.exec((await count.textContent()) ?? '')?.[1]);
    expect(parts).toBeGreaterThanOrEqual(2);
    await count.scrollIntoViewIfNeeded();
    await shoot('26-new-sms-campaign-1366');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: `Spring tyres ${runId}` }).waitFor();
    await page.getByTestId('campaign-channel').getByText('SMS').waitFor();
    await page
      .getByTestId('campaign-content')
      .getByText(/spring tyres at \{\{dealer\.name\}\}/)
      .waitFor();
    await shoot('26-sms-campaign-page-1366');
  });

  it('previews an SMS for a customer with its length, links counted as short tracked links', async () => {
    const crm = await apiLogin(baseUrl, marketer);
    const spring = await crm.call<{ segmentId: string; dealerId: string }>(
      'GET',
      `/api/campaigns/${campaignId}`,
    );
    const created = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Spring SMS ${runId}`,
      ownerLevel: 'dealer',
      dealerId: spring.dealerId,
      segmentId: spring.segmentId,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'sms',
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              text: 'Hi {{customer.firstName}}, book your spring check-up: https://msk01.example.test/spring-check-up-booking',
            },
          },
        },
      ],
    });
    await page.goto(`${baseUrl}/campaigns/${created.id}`);
    await page.getByRole('heading', { name: `Spring SMS ${runId}` }).waitFor();
    await page.getByLabel('Preview for a customer').first().click();
    await page.getByRole('option').first().click();
    await page.getByRole('button', { name: 'Show preview' }).click();
    // the text shows where the link goes; the count is of the SMS as sent, with the short link
    // (the content card above shows the template itself, placeholders and all)
    const rendered = page.getByText(/^Hi Анна\d+, book your spring check-up: https:\/\/msk01/);
    await rendered.waitFor();
    // the name is Cyrillic, so the SMS needs UCS-2 (70 characters a part)
    await page.getByText(/^Goes as \d SMS, \d+ characters \(UCS-2\)/).waitFor();
    const lengthLine = await page.getByText(/^Goes as \d SMS/).textContent();
    const sentLength = Number(/(\d+) characters/.exec(lengthLine ?? '')?.[1]);
    const shown = await rendered.textContent();
    expect(sentLength).toBeLessThan((shown ?? '').length);
    await shoot('27-sms-preview-1366');
  });
});
