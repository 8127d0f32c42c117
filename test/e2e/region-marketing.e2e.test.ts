import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type Login } from './api-session.ts';
import { followNavigation, keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

// the Moscow region holds MSK01
const regionManager = demoLogins.mskRegion;
const dealerMarketer = demoLogins.msk01Crm;
const groupMarketer = demoLogins.groupCrm;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-6);
const dealerCampaignName = `MSK01 autumn tyres ${runId}`;
const groupCampaignName = `Group winter check ${runId}`;

let browser: Browser | undefined;
let page: Page;
let groupCampaignId: string;
const shot = shooter(() => page);

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello, {{customer.firstName}}!</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * The Moscow region's manager follows the marketing of his dealers: he finds Marketing in his
 * navigation, reads MSK01's own campaign and the group's that reaches his dealers (marked
 * read-only in the list), and is offered nothing to change.
 */
describe('a region’s manager reads his dealers’ campaigns', () => {
  keepEvidence('region-marketing', () => ({ browser, page }));

  beforeAll(async () => {
    const campaign = async (login: Login, name: string, owner: Record<string, unknown>) => {
      const api = await apiLogin(baseUrl, login);
      const segment = await api.call<{ id: string }>('POST', '/api/segments', {
        name,
        definition: { type: 'consent', channel: 'email' },
      });
      const created = await api.call<{ id: string }>('POST', '/api/campaigns', {
        name,
        ...owner,
        segmentId: segment.id,
        currency: 'RUB',
        defaultLanguage: 'en',
        variants: [{ key: 'A', contents: { en: { subject: name, mjml } } }],
      });
      return created.id;
    };
    const dealer = await apiLogin(baseUrl, dealerMarketer);
    const me = await dealer.call<{ dealerId: string }>('GET', '/api/auth/me');
    await campaign(dealerMarketer, dealerCampaignName, {
      ownerLevel: 'dealer',
      dealerId: me.dealerId,
    });
    groupCampaignId = await campaign(groupMarketer, groupCampaignName, { ownerLevel: 'group' });
    const region = await apiLogin(baseUrl, regionManager);
    await region.call('PATCH', '/api/auth/me', { locale: 'en' });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, regionManager);
  });

  it('finds Marketing and Journeys in his navigation and his dealers’ campaigns in the list', async () => {
    await followNavigation(page, 'Campaigns', { section: 'Marketing', path: /\/campaigns$/ });
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row(groupCampaignName).waitFor();
    await expect
      .poll(() => row(groupCampaignName).getByTestId('campaign-reached-badge').textContent())
      .toBe('Group campaign · read-only');
    await row(dealerCampaignName).waitFor();
    expect(await row(dealerCampaignName).getByTestId('campaign-reached-badge').count()).toBe(0);
    // he runs no campaign: no form for a new one
    expect(await page.getByRole('button', { name: 'Create campaign' }).count()).toBe(0);
    await expect
      .poll(() => page.getByRole('navigation').getByText('Journeys', { exact: true }).count())
      .toBeGreaterThan(0);
    await shot('84-region-campaign-list-1366');
  });

  it('opens the group’s campaign read-only, without the paragraph editor', async () => {
    await page.getByText(groupCampaignName).click();
    await page.waitForURL(`**/campaigns/${groupCampaignId}`);
    await expect
      .poll(() => page.getByTestId('campaign-reached').textContent())
      .toContain('reaches customers of your dealers');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await page.getByTestId('dealer-notes').waitFor();
    expect(await page.getByTestId('dealer-note-save').count()).toBe(0);
    await shot('85-region-group-campaign-1366');
  });
});
