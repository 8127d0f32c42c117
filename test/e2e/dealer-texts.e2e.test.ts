import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiLogin, type ApiSession } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const dealerMarketer = demoLogins.msk01Crm;
const groupMarketer = demoLogins.groupCrm;
// MSK01 sells Geely: the Geely brand's campaigns reach its customers
const brandMarketer = demoLogins.geelyBrand;
const baseUrl = inject('baseUrl');
const runId = Date.now().toString().slice(-6);

let browser: Browser | undefined;
let page: Page;
let group: ApiSession;
let campaignId: string;
let brandCampaignId: string;
const brandCampaignName = `Geely summer service ${runId}`;
const ownCampaignName = `MSK01 tyre week ${runId}`;
const shot = shooter(() => page);

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello, {{customer.firstName}}!</mj-text>
  <mj-text>{{dealer.note}}</mj-text>
  <mj-text>{{dealer.signature}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * The group plans a spring campaign for every dealer; MSK01's CRM manager sets his dealer's
 * signature and writes his own paragraph into it; the group sees that MSK01 has written one.
 */
describe('a dealer localises the group’s campaign', () => {
  beforeAll(async () => {
    group = await apiLogin(baseUrl, groupMarketer);
    const segment = await group.call<{ id: string }>('POST', '/api/segments', {
      name: `Spring ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    const campaign = await group.call<{ id: string }>('POST', '/api/campaigns', {
      name: `Spring check ${runId}`,
      ownerLevel: 'group',
      segmentId: segment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Spring check', mjml } } }],
    });
    campaignId = campaign.id;
    const brand = await apiLogin(baseUrl, brandMarketer);
    const me = await brand.call<{ brandId: string }>('GET', '/api/auth/me');
    const brandSegment = await brand.call<{ id: string }>('POST', '/api/segments', {
      name: `Geely summer ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    const brandCampaign = await brand.call<{ id: string }>('POST', '/api/campaigns', {
      name: brandCampaignName,
      ownerLevel: 'brand',
      brandId: me.brandId,
      segmentId: brandSegment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      budgetMinor: 90_000_000,
      variants: [{ key: 'A', contents: { en: { subject: 'Summer service', mjml } } }],
    });
    brandCampaignId = brandCampaign.id;
    const crm = await apiLogin(baseUrl, dealerMarketer);
    await crm.call('PATCH', '/api/auth/me', { locale: 'en' });
    // one campaign of his own, to tell apart in his list from the brand's he only reads
    const mine = await crm.call<{ dealerId: string }>('GET', '/api/auth/me');
    const ownSegment = await crm.call<{ id: string }>('POST', '/api/segments', {
      name: `MSK01 tyres ${runId}`,
      definition: { type: 'consent', channel: 'email' },
    });
    await crm.call('POST', '/api/campaigns', {
      name: ownCampaignName,
      ownerLevel: 'dealer',
      dealerId: mine.dealerId,
      segmentId: ownSegment.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Tyres', mjml } } }],
    });
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, dealerMarketer);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the dealer’s signature on the campaigns page', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    const card = page.getByTestId('dealer-signature');
    await card.scrollIntoViewIfNeeded();
    const english = page.getByTestId('dealer-signature-text-en');
    await english.waitFor();
    await english.fill(`Your MSK01 team ${runId}\nService +7 495 000-00-00`);
    await page.getByTestId('dealer-signature-save').click();
    await page.getByText('Signature saved').waitFor();
    await shot('80-dealer-signature-1366');
    await page.reload();
    await page.getByTestId('dealer-signature-text-en').waitFor();
    await expect
      .poll(() => page.getByTestId('dealer-signature-text-en').inputValue())
      .toBe(`Your MSK01 team ${runId}\nService +7 495 000-00-00`);
  });

  it('writes the dealer’s own paragraph into the group’s campaign, which the group then sees', async () => {
    await page.goto(`${baseUrl}/campaigns/${campaignId}`);
    const card = page.getByTestId('dealer-notes');
    await card.waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.getByTestId('dealer-note-text-en').fill('Free tyre change until 30 April');
    await page.getByTestId('dealer-note-save').click();
    await page.getByText('Paragraph saved').waitFor();
    await shot('81-dealer-note-1366');
    const seen = await group.call<{ items: { dealerCode: string; texts: { en?: string } }[] }>(
      'GET',
      `/api/campaigns/${campaignId}/dealer-notes`,
    );
    expect(seen.items.map((item) => [item.dealerCode, item.texts.en])).toContainEqual([
      'MSK01',
      'Free tyre change until 30 April',
    ]);
  });

  it('tells his own campaigns from the group’s and the brand’s he only reads, in his list', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row(brandCampaignName).waitFor();
    await expect
      .poll(() => row(brandCampaignName).getByTestId('campaign-reached-badge').textContent())
      .toBe('Brand campaign · read-only');
    expect(
      await row(`Spring check ${runId}`).getByTestId('campaign-reached-badge').textContent(),
    ).toBe('Group campaign · read-only');
    expect(await row(ownCampaignName).getByTestId('campaign-reached-badge').count()).toBe(0);
    await row(brandCampaignName).getByTestId('campaign-reached-badge').hover();
    await page.getByText('Run by others, it reaches your customers', { exact: false }).waitFor();
    await shot('83-campaign-list-reached-badges-1366');
  });

  it('opens the Geely brand’s campaign from his list, read-only, and writes his paragraph there', async () => {
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByText(brandCampaignName).click();
    await page.waitForURL(`**/campaigns/${brandCampaignId}`);
    await page.getByTestId('campaign-reached').waitFor();
    // read only: no send button for him
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    const card = page.getByTestId('dealer-notes');
    await card.waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.getByTestId('dealer-note-text-en').fill(`Summer tyre check at MSK01 ${runId}`);
    await page.getByTestId('dealer-note-save').click();
    await page.getByText('Paragraph saved').waitFor();
    await shot('82-brand-campaign-dealer-note-1366');
    const brand = await apiLogin(baseUrl, brandMarketer);
    const seen = await brand.call<{ items: { dealerCode: string; texts: { en?: string } }[] }>(
      'GET',
      `/api/campaigns/${brandCampaignId}/dealer-notes`,
    );
    expect(seen.items.map((item) => [item.dealerCode, item.texts.en])).toContainEqual([
      'MSK01',
      `Summer tyre check at MSK01 ${runId}`,
    ]);
  });
});
