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
let letterId = '';
const shoot = shooter(() => page);

const letter = (line: string) => ({
  en: {
    subject: 'Winter',
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${line} Quote {{responseCode}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
});

/**
 * The CRM manager's two winter letters are tested by response rate. Before they go to print he
 * changes their response code on the campaign's page: a code another campaign uses is refused
 * on the field, a free one is saved and the page shows what each letter prints. Once the
 * letters are recorded the code can no longer be changed.
 */
describe('the CRM manager changes a letter campaign’s response code on its page', () => {
  beforeAll(async () => {
    crm = await apiLogin(baseUrl, marketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    const dealers = await crm.call<{ items: { id: string; code: string }[] }>(
      'GET',
      '/api/dealers',
    );
    const dealerId = dealers.items.find((dealer) => dealer.code === 'MSK01')!.id;
    const segment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `Post people ${runId}`,
      definition: { type: 'consent', channel: 'post' },
    });
    const base = {
      ownerLevel: 'dealer',
      dealerId,
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      channel: 'mail',
    };
    const created = await crm.call<{ id: string }>('POST', '/api/campaigns', {
      ...base,
      name: `Winter letters ${runId}`,
      responseCode: `W${runId}`,
      abTestShare: 50,
      abMetric: 'response_rate',
      variants: [
        { key: 'A', contents: letter('Winter tyres are in.') },
        { key: 'B', contents: letter('Your winter check-up is free.') },
      ],
    });
    letterId = created.id;
    await crm.call('POST', '/api/campaigns', {
      ...base,
      name: `Spring letter ${runId}`,
      responseCode: `S${runId}`,
      variants: [{ key: 'A', contents: letter('Spring service.') }],
    });
    ({ browser, page } = await openBrowser());
  });

  keepEvidence('letter-code', () => ({ browser, page }));

  it('is refused another campaign’s code on the field, and saves a free one', async () => {
    await signIn(page, baseUrl, marketer);
    await page.goto(`${baseUrl}/campaigns/${letterId}`);
    await page.getByRole('heading', { name: `Winter letters ${runId}` }).waitFor();
    const card = page.getByTestId('campaign-content');
    await card
      .getByTestId('campaign-response-code-view')
      .getByText(`Response code W${runId} · The letters print W${runId}-A, W${runId}-B`)
      .waitFor();
    await card.getByRole('button', { name: 'Edit content and audience' }).click();
    const form = page.getByTestId('campaign-content-edit');
    const code = form.getByRole('textbox', { name: 'Response code' });
    expect(await code.inputValue()).toBe(`W${runId}`);
    await code.fill(`s${runId}`);
    await form.getByRole('button', { name: 'Save changes' }).click();
    // the API's answer, on the field, in the user's language
    await form.getByText('Already taken').waitFor();
    await code.scrollIntoViewIfNeeded();
    await shoot('38-letter-response-code-taken-1366');
    await code.fill(`KZN${runId}`);
    await form.getByText(`The letters print KZN${runId}-A, KZN${runId}-B`).waitFor();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await card
      .getByTestId('campaign-response-code-view')
      .getByText(`Response code KZN${runId}`, { exact: false })
      .waitFor();
    const saved = await crm.call<{ responseCode: string; abMetric: string }>(
      'GET',
      `/api/campaigns/${letterId}`,
    );
    expect(saved).toMatchObject({ responseCode: `KZN${runId}`, abMetric: 'response_rate' });
    await shoot('39-letter-response-code-saved-1366');
  });

  it('cannot change the code once the letters are recorded', async () => {
    await crm.call('POST', `/api/campaigns/${letterId}/send`, {});
    await page.reload();
    const card = page.getByTestId('campaign-content');
    await card.getByTestId('campaign-content-closed').waitFor();
    await card.getByText(`Response code KZN${runId}`, { exact: false }).waitFor();
    expect(await card.getByRole('button', { name: 'Edit content and audience' }).count()).toBe(0);
  });
});
