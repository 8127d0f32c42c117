import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../messaging/smtp-sink.testing.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];

const mjml = (greeting: string) => `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${greeting}, {{customer.firstName}}!</mj-text>
  <mj-text>{{#if dealer.note}}{{dealer.note}}{{/if}}</mj-text>
  <mj-text>{{dealer.signature}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const content = {
  ru: { subject: 'Зимние шины', mjml: mjml('Здравствуйте') },
  en: { subject: 'Winter tyres', mjml: mjml('Hello') },
};

/**
 * The group's CRM manager sends one winter-tyres e-mail to the customers of dealers A and B;
 * each dealer has put its own signature and its own paragraph into it, and each customer reads
 * his own dealer's, in his language.
 */
describe('a group campaign goes out with each dealer’s signature and paragraph', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const ids: Record<string, string> = {};
  let campaignId: string;

  async function customer(user: TestUserKey, key: string, body: Record<string, unknown>) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Localised',
      emails: [{ address: `${key}@example.com` }],
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }

  const signatureOf = (dealer: 'A' | 'B' | 'C') =>
    `/api/dealers/${world.dealers[dealer].id}/marketing-signature`;
  const noteOf = (campaign: string, dealer: 'A' | 'B' | 'C') =>
    `/api/campaigns/${campaign}/dealer-notes/${world.dealers[dealer].id}`;
  const fieldsOf = (body: { error: { fields: { path: string }[] } }) =>
    body.error.fields.map((field) => field.path);
  const mailTo = (address: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address));
  const partOf = (mail: ReceivedMail, type: string) =>
    mail.parts.find((part) => part.contentType.startsWith(type))!.content;

  async function groupCampaign(name: string, ownerLevel: 'group' | 'brand' = 'group') {
    const api = apiAs(world, ownerLevel === 'group' ? 'crmGroup' : 'brandX');
    const segment = await api.post('/api/segments', {
      name: `${name} audience`,
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Localised'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const brandX = await world.database.db
      .selectFrom('brands')
      .select('id')
      .where('code', '=', 'X')
      .executeTakeFirstOrThrow();
    const created = await api.post('/api/campaigns', {
      name,
      ownerLevel,
      ...(ownerLevel === 'brand' ? { brandId: brandX.id } : {}),
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'ru',
      variants: [{ key: 'A', contents: content }],
    });
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  }

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Group <crm@group.example>');
    await customer('managerA', 'anna', { consents: granted, preferredLanguage: 'ru' });
    await customer('managerA', 'boris', { preferredLanguage: 'ru' });
    await customer('managerB', 'gleb', { consents: granted, preferredLanguage: 'en' });
    campaignId = await groupCampaign('Winter tyres');
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('lets a dealer keep its own signature, and no other dealer’s', async () => {
    const mine = await apiAs(world, 'crmA').put(signatureOf('A'), {
      texts: {
        ru: 'Ваш Автопорт <А>\nДиректор И. Петров · +7 495 000-00-00',
        en: 'Your Avtoport team',
        zh: '',
      },
    });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.texts).toEqual({
      ru: 'Ваш Автопорт <А>\nДиректор И. Петров · +7 495 000-00-00',
      en: 'Your Avtoport team',
    });
    expect(mine.body.mayEdit).toBe(true);
    // dealer A's manager neither reads nor writes dealer B's
    expect((await apiAs(world, 'crmA').get(signatureOf('B'))).status).toBe(403);
    const foreign = await apiAs(world, 'crmA').put(signatureOf('B'), { texts: { ru: 'Чужая' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('dealer_out_of_scope');
    // a brand's marketer keeps those of his brand's dealers (B sells X), not the others (C)
    const byBrand = await apiAs(world, 'brandX').put(signatureOf('B'), {
      texts: { en: 'Dealer B — service\nMon–Sat 9–21', ru: 'Дилер Б' },
    });
    expect(byBrand.status, byBrand.text).toBe(200);
    expect(
      (await apiAs(world, 'brandX').put(signatureOf('C'), { texts: { en: 'x' } })).status,
    ).toBe(403);
    // B's manager reads what his brand wrote for him
    const read = await apiAs(world, 'managerB').get(signatureOf('B'));
    expect(read.body.texts.en).toBe('Dealer B — service\nMon–Sat 9–21');
    // a consultant reads nothing of marketing
    expect((await apiAs(world, 'consultantA1').get(signatureOf('A'))).status).toBe(403);
  });

  it('answers bad input with the field and keeps what was there', async () => {
    const api = apiAs(world, 'crmA');
    const long = await api.put(signatureOf('A'), { texts: { ru: 'x'.repeat(601) } });
    expect(long.status).toBe(400);
    expect(fieldsOf(long.body)).toContain('texts.ru');
    const control = await api.put(signatureOf('A'), { texts: { en: 'bell\u0007' } });
    expect(control.status).toBe(400);
    expect(fieldsOf(control.body)).toContain('texts.en');
    const language = await api.put(signatureOf('A'), { texts: { de: 'Ihr Autohaus' } });
    expect(language.status).toBe(400);
    expect(fieldsOf(language.body).join(' ')).toMatch(/texts/);
    const note = await api.put(noteOf(campaignId, 'A'), { texts: { ru: 7 } });
    expect(note.status).toBe(400);
    expect(fieldsOf(note.body)).toContain('texts.ru');
    expect((await api.get(signatureOf('A'))).body.texts.en).toBe('Your Avtoport team');
  });

  it('lets each dealer write its own paragraph and read only its own; the owner sees them all', async () => {
    const a = await apiAs(world, 'crmA').put(noteOf(campaignId, 'A'), {
      texts: { ru: 'Шиномонтаж со скидкой 20 %\nдо 30 ноября', en: 'Tyre fitting 20 % off' },
    });
    expect(a.status, a.text).toBe(200);
    expect(a.body.writableDealerIds).toEqual([world.dealers.A.id]);
    expect(a.body.open).toBe(true);
    expect(a.body.usedInTemplate).toBe(true);
    // not for the neighbour
    const poach = await apiAs(world, 'crmA').put(noteOf(campaignId, 'B'), { texts: { ru: 'x' } });
    expect(poach.status).toBe(403);
    const b = await apiAs(world, 'managerB').put(noteOf(campaignId, 'B'), {
      texts: { en: 'Open on Sundays, 10–18', ru: 'Работаем по воскресеньям' },
    });
    expect(b.status, b.text).toBe(200);
    const seenByA = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/dealer-notes`);
    expect(seenByA.body.items.map((n: { dealerCode: string }) => n.dealerCode)).toEqual(['A']);
    const seenByB = await apiAs(world, 'managerB').get(`/api/campaigns/${campaignId}/dealer-notes`);
    expect(seenByB.body.items.map((n: { dealerCode: string }) => n.dealerCode)).toEqual(['B']);
    const owner = await apiAs(world, 'crmGroup').get(`/api/campaigns/${campaignId}/dealer-notes`);
    expect(owner.body.items.map((n: { dealerCode: string }) => n.dealerCode)).toEqual(['A', 'B']);
    expect(owner.body.writableDealerIds).toEqual([]);
  });

  it('keeps a brand campaign’s paragraphs to the brand’s dealers', async () => {
    const brandCampaign = await groupCampaign('Xcar spring', 'brand');
    // dealer A sells Xcar: the brand's campaign reaches it (read only), and it writes its paragraph
    const a = await apiAs(world, 'crmA').put(noteOf(brandCampaign, 'A'), { texts: { ru: 'Да' } });
    expect(a.status, a.text).toBe(200);
    // dealer C sells only Ycar: the campaign is none of its business
    const c = await apiAs(world, 'managerC').put(noteOf(brandCampaign, 'C'), {
      texts: { en: 'x' },
    });
    expect(c.status).toBe(404);
    // the group may write for C, but the campaign does not reach C's customers
    const wrong = await apiAs(world, 'admin').put(noteOf(brandCampaign, 'C'), {
      texts: { en: 'x' },
    });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong.body)).toEqual(['dealerId']);
  });

  it('shows the signature and the paragraph in the preview with a real customer', async () => {
    const preview = await apiAs(world, 'crmGroup').post('/api/campaigns/preview', {
      customerId: ids.gleb,
      campaignId,
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.language).toBe('en');
    expect(preview.body.html).toContain('Dealer B — service<br>Mon–Sat 9–21');
    expect(preview.body.html).toContain('Open on Sundays, 10–18');
    expect(preview.body.text).toContain('Dealer B — service\nMon–Sat 9–21');
  });

  it('sends each customer his own dealer’s texts in his language, and nothing without consent', async () => {
    const sent = await apiAs(world, 'crmGroup').post(`/api/campaigns/${campaignId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', queued: 2, blocked: 1 });
    await deliverQueued(world.database.db, transport);
    expect(sink.received).toHaveLength(2);
    expect(mailTo('boris@example.com')).toHaveLength(0);

    const [anna] = mailTo('anna@example.com');
    expect(anna!.subject).toBe('Зимние шины');
    const annaHtml = partOf(anna!, 'text/html');
    // escaped as text, the line break kept
    expect(annaHtml).toContain('Ваш Автопорт &lt;А&gt;<br>Директор И. Петров · +7 495 000-00-00');
    expect(annaHtml).toContain('Шиномонтаж со скидкой 20 %<br>до 30 ноября');
    expect(annaHtml).not.toContain('Работаем по воскресеньям');
    expect(annaHtml).not.toContain('Dealer B');
    // the text part with its line endings as sent over SMTP (CRLF)
    expect(partOf(anna!, 'text/plain').replace(/\r\n/g, '\n')).toContain(
      'Ваш Автопорт <А>\nДиректор И. Петров · +7 495 000-00-00',
    );

    const [gleb] = mailTo('gleb@example.com');
    expect(gleb!.subject).toBe('Winter tyres');
    const glebHtml = partOf(gleb!, 'text/html');
    expect(glebHtml).toContain('Dealer B — service<br>Mon–Sat 9–21');
    expect(glebHtml).toContain('Open on Sundays, 10–18');
    expect(glebHtml).not.toContain('Avtoport');
    expect(glebHtml).not.toContain('Tyre fitting');
  });

  it('refuses a paragraph once the campaign has gone out', async () => {
    const late = await apiAs(world, 'crmA').put(noteOf(campaignId, 'A'), {
      texts: { ru: 'Поздно' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('campaign_sending_started');
    const kept = await apiAs(world, 'crmA').get(`/api/campaigns/${campaignId}/dealer-notes`);
    expect(kept.body.open).toBe(false);
    expect(kept.body.items[0].texts.ru).toBe('Шиномонтаж со скидкой 20 %\nдо 30 ноября');
  });
});
