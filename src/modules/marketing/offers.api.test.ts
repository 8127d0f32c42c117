import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';

const day = 86_400_000;
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);
const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];
const offersMjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}:</mj-text>
  <mj-text>{{#each offers}}<p>OFFER {{title}} / {{text}} / {{validTo}}</p>{{/each}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

type Problem = { path: string };
const paths = (body: { error: { fields?: Problem[] } }) =>
  (body.error.fields ?? []).map((field) => field.path);

/**
 * The group, brand X and dealer A each keep offers; a letter lists each person's best three:
 * his dealer's first, then his brand's, then the group's, each only to the people its target
 * and its owner's customers take in. A dealer keeps only his own offers.
 */
describe('recommended offers in messages', () => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const offerIds: Record<string, string> = {};

  async function person(
    user: TestUserKey,
    key: string,
    language: string,
    make: string,
    model: string,
    registered: string,
  ) {
    const created = await apiAs(world, user).post('/api/customers', {
      kind: 'person',
      firstName: key[0]!.toUpperCase() + key.slice(1),
      lastName: 'Offered',
      preferredLanguage: language,
      emails: [{ address: `${key}@example.com` }],
      consents: granted,
    });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .insertInto('vehicles')
        .values({
          customer_id: created.body.id,
          make_name: make,
          model_name: model,
          first_registration: registered,
        })
        .execute(),
    );
  }

  async function offer(user: TestUserKey, key: string, body: Record<string, unknown>) {
    const created = await apiAs(world, user).post('/api/marketing/offers', {
      name: key,
      validFrom: isoDay(-10),
      validTo: isoDay(30),
      ...body,
    });
    expect(created.status, created.text).toBe(201);
    offerIds[key] = created.body.id;
    return created.body;
  }

  const oldCar = { type: 'vehicle', ageYears: { min: 5 } };

  beforeAll(async () => {
    world = await createTestWorld();
    await person('managerA', 'anna', 'en', 'Xcar', 'Alpha', isoDay(-7 * 365));
    await person('managerA', 'boris', 'ru', 'Xcar', 'Beta', isoDay(-365));
    await person('managerB', 'chen', 'zh', 'Xcar', 'Alpha', isoDay(-8 * 365));
    const brandX = await world.database.db
      .selectFrom('brands')
      .select('id')
      .where('code', '=', 'X')
      .executeTakeFirstOrThrow();
    const betaOwners = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Beta owners',
      definition: { type: 'vehicle', models: ['Beta'] },
    });
    expect(betaOwners.status).toBe(201);

    await offer('crmGroup', 'winter', {
      ownerLevel: 'group',
      texts: {
        en: { title: 'Winter check', text: 'Free for cars over five' },
        ru: { title: 'Зимняя проверка', text: 'Бесплатно' },
      },
      condition: oldCar,
    });
    await offer('crmGroup', 'everyone', {
      ownerLevel: 'group',
      priority: -1,
      texts: { en: { title: 'Club points x2', text: '' } },
      condition: { type: 'consent', channel: 'email' },
    });
    await offer('crmGroup', 'expired', {
      ownerLevel: 'group',
      validFrom: isoDay(-30),
      validTo: isoDay(-1),
      texts: { en: { title: 'Expired', text: '' } },
      condition: { type: 'consent', channel: 'email' },
    });
    await offer('brandX', 'tyres', {
      ownerLevel: 'brand',
      brandId: brandX.id,
      texts: {
        en: { title: 'Xcar tyres', text: '-20 %' },
        zh: { title: 'Xcar 轮胎', text: '八折' },
      },
      condition: { type: 'vehicle', makes: ['Xcar'] },
    });
    await offer('crmA', 'service', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      texts: { en: { title: 'Dealer A service', text: '-15 %' } },
      condition: oldCar,
    });
    await offer('crmA', 'beta', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      texts: { ru: { title: 'Для владельцев Beta', text: 'Подарок' } },
      segmentId: betaOwners.body.id,
    });
    await offer('managerB', 'dealerB', {
      ownerLevel: 'dealer',
      dealerId: world.dealers.B.id,
      texts: { en: { title: 'Dealer B wash', text: '' } },
      condition: { type: 'consent', channel: 'email' },
    });
  });
  afterAll(async () => {
    await world.close();
  });

  const offersIn = (body: string) => [...body.matchAll(/OFFER (.+?) \//g)].map((match) => match[1]);

  it('lists each person’s best three in a group letter: dealer’s, brand’s, group’s', async () => {
    const api = apiAs(world, 'crmGroup');
    const segment = await api.post('/api/segments', {
      name: 'Offered',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Offered'] },
    });
    const campaign = await api.post('/api/campaigns', {
      name: 'Your offers',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      // in English and Chinese: an offer speaks the letter's language where it can
      variants: [
        {
          key: 'A',
          contents: {
            en: { subject: 'Offers', mjml: offersMjml },
            zh: { subject: '优惠', mjml: offersMjml },
          },
        },
      ],
    });
    expect(campaign.status, campaign.text).toBe(201);
    const sent = await api.post(`/api/campaigns/${campaign.body.id}/send`, {});
    expect(sent.body.queued).toBe(3);
    const bodies = await world.database.db
      .selectFrom('outbox_messages')
      .select(['customer_id', 'body'])
      .where('source_id', '=', campaign.body.id)
      .execute();
    const bodyOf = (key: string) => bodies.find((m) => m.customer_id === ids[key])!.body;
    // Anna: dealer A's, brand X's, then the group's (the winter check before the lower priority)
    expect(offersIn(bodyOf('anna'))).toEqual(['Dealer A service', 'Xcar tyres', 'Winter check']);
    // Boris reads Russian, the letter has none: his offers in English where they have it
    expect(offersIn(bodyOf('boris'))).toEqual([
      'Для владельцев Beta',
      'Xcar tyres',
      'Club points x2',
    ]);
    // Chen is dealer B's: B's own first, then the brand's in Chinese; never dealer A's
    expect(offersIn(bodyOf('chen'))).toEqual(['Dealer B wash', 'Xcar 轮胎', 'Winter check']);
    expect(bodyOf('anna')).toContain(`/ -15 % / ${isoDay(30)}`);
    expect(bodies.some((m) => m.body.includes('Expired'))).toBe(false);
  });

  it('a dealer’s own letter recommends his offers, never another dealer’s', async () => {
    const api = apiAs(world, 'crmA');
    const segment = await api.post('/api/segments', {
      name: 'Offered at A',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Offered'] },
    });
    const campaign = await api.post('/api/campaigns', {
      name: 'A offers',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [{ key: 'A', contents: { en: { subject: 'Offers', mjml: offersMjml } } }],
    });
    expect(campaign.status, campaign.text).toBe(201);
    expect((await api.post(`/api/campaigns/${campaign.body.id}/send`, {})).body.queued).toBe(2);
    const bodies = await world.database.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('source_id', '=', campaign.body.id)
      .execute();
    expect(bodies.some((m) => m.body.includes('Dealer B wash'))).toBe(false);
  });

  it('shows them in the preview with a real customer', async () => {
    const preview = await apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId: ids.anna,
      channel: 'sms',
      content: { text: '{{#each offers}}[{{title}}]{{/each}}' },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.text).toBe('[Dealer A service][Xcar tyres][Winter check]');
  });

  it('keeps each dealer to his own offers', async () => {
    const listA = await apiAs(world, 'crmA').get('/api/marketing/offers');
    const names = listA.body.items.map((o: { name: string }) => o.name).sort();
    // brand X's offer goes out in dealer A's letters (A sells Xcar), so A may read it
    expect(names).toEqual(['beta', 'everyone', 'expired', 'service', 'tyres', 'winter']);
    const mayEditOf = (name: string) =>
      listA.body.items.find((o: { name: string }) => o.name === name).mayEdit;
    expect([mayEditOf('winter'), mayEditOf('tyres'), mayEditOf('service')]).toEqual([
      false,
      false,
      true,
    ]);
    const tyres = await apiAs(world, 'crmA').get(`/api/marketing/offers/${offerIds.tyres}`);
    expect(tyres.status).toBe(200);
    // brand Y's manager sees the group's offers and none of brand X's or its dealers'
    const listY = await apiAs(world, 'brandY').get('/api/marketing/offers');
    expect(listY.body.items.map((o: { name: string }) => o.name).sort()).toEqual([
      'dealerB',
      'everyone',
      'expired',
      'winter',
    ]);
    const tyresFromY = await apiAs(world, 'brandY').get(`/api/marketing/offers/${offerIds.tyres}`);
    expect(tyresFromY.status).toBe(404);
    // dealer B sees nothing of dealer A's
    const fromB = await apiAs(world, 'managerB').get(`/api/marketing/offers/${offerIds.service}`);
    expect(fromB.status).toBe(404);
    const changeB = await apiAs(world, 'managerB').put(
      `/api/marketing/offers/${offerIds.service}`,
      {
        name: 'mine now',
        ownerLevel: 'dealer',
        dealerId: world.dealers.B.id,
        validFrom: isoDay(0),
        validTo: isoDay(1),
        texts: { en: { title: 'x' } },
        condition: oldCar,
      },
    );
    expect(changeB.status).toBe(404);
    // dealer A may not change the group's offer, nor keep one for dealer B
    const body = {
      name: 'winter',
      ownerLevel: 'group',
      validFrom: isoDay(0),
      validTo: isoDay(1),
      texts: { en: { title: 'Mine' } },
      condition: oldCar,
    };
    expect(
      (await apiAs(world, 'crmA').put(`/api/marketing/offers/${offerIds.winter}`, body)).status,
    ).toBe(403);
    const forB = await apiAs(world, 'crmA').post('/api/marketing/offers', {
      ...body,
      ownerLevel: 'dealer',
      dealerId: world.dealers.B.id,
    });
    expect(forB.status).toBe(403);
    // his own he may change
    const own = await apiAs(world, 'crmA').put(`/api/marketing/offers/${offerIds.service}`, {
      ...body,
      name: 'service',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      priority: 5,
    });
    expect(own.status, own.text).toBe(200);
    expect(own.body).toMatchObject({ priority: 5, validTo: isoDay(1), mayEdit: true });
    const winter = await apiAs(world, 'crmGroup').get(`/api/marketing/offers/${offerIds.winter}`);
    expect(winter.body.texts.en.title).toBe('Winter check');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await apiAs(world, 'crmGroup').get('/api/marketing/offers');
    const backwards = await apiAs(world, 'crmGroup').post('/api/marketing/offers', {
      name: 'Backwards',
      ownerLevel: 'group',
      validFrom: isoDay(5),
      validTo: isoDay(1),
      texts: { en: { title: 'x' } },
    });
    expect(backwards.status).toBe(400);
    expect(paths(backwards.body).sort()).toEqual(['segmentId', 'validTo']);
    const noDealer = await apiAs(world, 'crmGroup').post('/api/marketing/offers', {
      name: 'No dealer',
      ownerLevel: 'dealer',
      validFrom: isoDay(0),
      validTo: isoDay(1),
      texts: {},
      condition: { type: 'nonsense' },
    });
    expect(noDealer.status).toBe(400);
    expect(paths(noDealer.body)).toEqual(expect.arrayContaining(['texts', 'condition.type']));
    const dealerless = await apiAs(world, 'crmGroup').post('/api/marketing/offers', {
      name: 'No dealer',
      ownerLevel: 'dealer',
      validFrom: isoDay(0),
      validTo: isoDay(1),
      texts: { en: { title: 'x' } },
      condition: oldCar,
    });
    expect(dealerless.status).toBe(400);
    expect(paths(dealerless.body)).toEqual(['dealerId']);
    const after = await apiAs(world, 'crmGroup').get('/api/marketing/offers');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });
});
