import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const marketer = demoLogins.msk01Crm;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-6);

let browser: Browser | undefined;
let page: Page;
let crm: ApiSession;
let callId = '';
let eventId = '';
let smsId = '';
let otherSegment = '';
const shoot = shooter(() => page);

const letter =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Come: {{links.register}}</mj-text></mj-column></mj-section></mj-body></mjml>';

/**
 * The CRM manager reworks a draft call campaign before it goes: a second script to test, and
 * another audience; then writes his own reminder for an event, and sees that a campaign that
 * has gone out can no longer be changed.
 */
describe('the CRM manager changes a campaign’s content and audience, and an event’s reminder', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    const dealerId = dealers.items.find((dealer) => dealer.code === 'MSK01')!.id;
    const users = await crm.call<{
      items: { id: string; role: string; dealerCode: string | null; active: boolean }[];
    }>('GET', '/api/users');
    // the dealer's own people or the central call centre may take a dealer campaign's calls
    const fits = users.items.filter(
      (user) => user.active && (user.dealerCode === null || user.dealerCode === 'MSK01'),
    );
    const caller = fits.find((user) => user.role === 'call_center') ?? fits[0]!;
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Phone people ${runId}`,
      definition: { type: 'consent', channel: 'phone' },
    });
    const other = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `E-mail people ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    otherSegment = other.id;
    const call = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Winter tyres calls ${runId}`,
      ownerLevel: 'dealer',
      dealerId,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'call',
      callAssigneeUserId: caller.id,
      variants: [
        {
          key: 'A',
          contents: { en: { subject: 'Call {{customer.firstName}}', text: 'Winter tyres?' } },
        },
      ],
    });
    callId = call.id;
    const event = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Winter evening ${runId}`,
      ownerLevel: 'dealer',
      dealerId,
      segmentId: other.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      kind: 'event',
      eventStartsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      eventCapacity: 30,
      variants: [{ key: 'A', contents: { en: { subject: 'Invitation', mjml: letter } } }],
    });
    eventId = event.id;
    const sms = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Winter tyres SMS ${runId}`,
      ownerLevel: 'dealer',
      dealerId,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'sms',
      variants: [{ key: 'A', contents: { en: { text: 'Winter tyres -20% this week' } } }],
    });
    smsId = sms.id;
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('campaign-edit', () => ({ browser, page }));

  it('adds a second call script and moves the draft to another audience', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${callId}`);
    await page.getByRole('heading', { name: `Winter tyres calls ${runId}` }).waitFor();
    const card = page.getByTestId('campaign-content');
    await card.getByRole('button', { name: 'Edit content and audience' }).click();
    const form = page.getByTestId('campaign-content-edit');
    await form.getByRole('button', { name: 'Add variant B (A/B test)' }).click();
    await form
      .getByRole('textbox', { name: 'Call script · B' })
      .fill('Good day! Winter tyres with fitting included this week.');
    await form.getByLabel('Audience').first().click();
    await page.getByRole('option', { name: `E-mail people ${runId}` }).click();
    await form.getByTestId('audience-count').waitFor();
    await shoot('30-campaign-content-edit-1366');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await card.getByText('Winter tyres with fitting included this week.').waitFor();
    const saved = await crm.call<{
      segmentId: string;
      abMetric: string;
      variants: { key: string }[];
    }>('GET', `/api/campaigns/${callId}`);
    expect(saved.segmentId).toBe(otherSegment);
    expect(saved.abMetric).toBe('call_success_rate');
    expect(saved.variants.map((variant) => variant.key)).toEqual(['A', 'B']);
    await shoot('31-campaign-content-saved-1366');
  });

  it('adds a Russian text to an SMS written in English, and finds it after a reload', async () => {
    const russian = 'Зимние шины со скидкой 20% до воскресенья';
    await page.goto(`${baseUrl}/campaigns/${smsId}`);
    await page.getByRole('heading', { name: `Winter tyres SMS ${runId}` }).waitFor();
    const card = page.getByTestId('campaign-content');
    await card.getByRole('button', { name: 'Edit content and audience' }).click();
    const form = page.getByTestId('campaign-content-edit');
    await form.getByRole('tab', { name: /Russian/ }).click();
    await form.getByText('No Russian text: people who speak it get the English one.').waitFor();
    await form.getByRole('button', { name: 'Add the Russian text' }).click();
    // it starts from the English text, to be translated
    const text = form.getByRole('textbox', { name: 'SMS text' });
    expect(await text.inputValue()).toBe('Winter tyres -20% this week');
    await text.fill(russian);
    // Cyrillic goes as UCS-2: the live count follows the language being written
    await form.getByTestId('sms-count').getByText(/UCS-2/).waitFor();
    await form
      .getByRole('tab', { name: /Russian/ })
      .getByText('written')
      .waitFor();
    await shoot('35-campaign-sms-russian-text-1366');
    await form.getByRole('tab', { name: /English/ }).click();
    await form.getByTestId('sms-count').getByText(/GSM-7/).waitFor();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    const saved = await crm.call<{ variants: { contents: Record<string, { text?: string }> }[] }>(
      'GET',
      `/api/campaigns/${smsId}`,
    );
    expect(saved.variants[0]!.contents.ru?.text).toBe(russian);
    expect(saved.variants[0]!.contents.en?.text).toBe('Winter tyres -20% this week');

    await page.reload();
    await card.getByText(russian).waitFor();
    await card.getByRole('button', { name: 'Edit content and audience' }).click();
    await form.getByRole('tab', { name: /Russian/ }).click();
    expect(await form.getByRole('textbox', { name: 'SMS text' }).inputValue()).toBe(russian);
    await form.getByTestId('sms-count').getByText(/UCS-2/).waitFor();
    await shoot('36-campaign-sms-russian-reloaded-1366');
    // removing it again is one click; cancelling keeps what was saved
    await form.getByRole('button', { name: 'Remove the Russian text' }).click();
    await form.getByRole('button', { name: 'Add the Russian text' }).waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText(russian).waitFor();
  });

  it('looks at a Russian invitation rendered for a guest before saving it', async () => {
    await page.goto(`${baseUrl}/campaigns/${eventId}`);
    await page.getByRole('heading', { name: `Winter evening ${runId}` }).waitFor();
    const card = page.getByTestId('campaign-content');
    await card.getByRole('button', { name: 'Edit content and audience' }).click();
    const form = page.getByTestId('campaign-content-edit');
    await form.getByRole('tab', { name: /Russian/ }).click();
    await form.getByRole('button', { name: 'Add the Russian text' }).click();
    await form.getByRole('textbox', { name: 'Subject' }).fill('Приглашение на зимний вечер');
    await form.getByRole('button', { name: /^Preview for / }).click();
    await form.getByTestId('text-preview').getByText('Приглашение на зимний вечер').waitFor();
    await form.getByTestId('text-preview').locator('iframe').waitFor();
    await shoot('37-campaign-email-russian-preview-1366');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it('writes his own reminder for the event, kept beside the built-in texts', async () => {
    await page.goto(`${baseUrl}/campaigns/${eventId}`);
    await page.getByRole('heading', { name: `Winter evening ${runId}` }).waitFor();
    // the event is days away: the list says from when who came can be marked
    await page
      .getByTestId('event-registrations')
      .getByTestId('attendance-note')
      .getByText(/Who came can be marked from the event’s day/)
      .waitFor();
    const care = page.getByTestId('event-care');
    await care.getByTestId('event-texts-toggle').click();
    const texts = care.getByTestId('event-texts');
    await texts.getByTestId('event-text-state').getByText('built-in').waitFor();
    await texts.getByRole('radio', { name: 'English' }).dispatchEvent('click');
    await texts
      .getByRole('textbox', { name: 'Subject' })
      .fill('See you soon at {{event.name}}: mulled wine included');
    await texts.getByTestId('event-text-state').getByText('own text').waitFor();
    await texts.getByRole('button', { name: 'Save texts' }).click();
    await page.getByText('Saved').first().waitFor();
    await care.getByText('Own texts: 1 (the others are built-in)').waitFor();
    const stored = await crm.call<{
      texts: { kind: string; language: string; own: { subject: string } | null }[];
    }>('GET', `/api/campaigns/${eventId}/event-texts`);
    const reminder = stored.texts.find((t) => t.kind === 'reminder' && t.language === 'en');
    expect(reminder?.own?.subject).toBe('See you soon at {{event.name}}: mulled wine included');
    await texts.scrollIntoViewIfNeeded();
    await shoot('32-event-own-reminder-1366');
  });

  it('cannot change the content once the invitations went out', async () => {
    await crm.call('POST', `/api/campaigns/${eventId}/send`, {});
    await page.reload();
    const card = page.getByTestId('campaign-content');
    await card.getByTestId('campaign-content-closed').waitFor();
    expect(await card.getByRole('button', { name: 'Edit content and audience' }).count()).toBe(0);
    await shoot('33-campaign-content-closed-1366');
  });

  it('sees the group’s draft campaign read-only: no edit buttons, and why', async () => {
    const group = await apiLogin(baseUrl, demoLogins.groupCrm);
    const segment = await group.call<{ id: string }>('POST', '/api/segments', {
      name: `Group e-mail people ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    const campaign = await group.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Group spring check ${runId}`,
      ownerLevel: 'group',
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Spring check', mjml: letter } } }],
    });
    await page.goto(`${baseUrl}/campaigns/${campaign.id}`);
    await page.getByRole('heading', { name: `Group spring check ${runId}` }).waitFor();
    // the group's campaign reaches his dealer: read-only, his customers' figures (campaign-access.ts)
    await page.getByTestId('campaign-reached').waitFor();
    for (const name of ['Edit', 'Edit content and audience', 'Send']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    await shoot('34-campaign-not-yours-1366');
  });
});
