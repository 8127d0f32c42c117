import { systemActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';
import { createOffer, offerBody, type OfferBody } from '../modules/marketing/index.ts';
import { demoDealers } from './demo-org.ts';

const dayMs = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The demo's recommended offers, one of each owner level, so that `{{#each offers}}` in a
 * campaign shows something and the offers page is not empty on a new install: the group's winter
 * check for every owner, the first brand's extended warranty for cars of 2 to 5 years, and the
 * first dealer's (MSK01) tyre storage for its owners. Loading again adds nothing twice (matched by name).
 */
export async function loadDemoOffers(db: Db, options: { today?: Date } = {}): Promise<number> {
  const actor = systemActor('demo');
  const today = options.today ?? new Date();
  const validFrom = isoDay(today);
  const validTo = isoDay(new Date(today.getTime() + 90 * dayMs));
  const brand = await db
    .selectFrom('brands')
    .select(['id', 'name'])
    .orderBy('code')
    .executeTakeFirst();
  // the demo's first dealer (MSK01), whose logins the README names
  const dealer = await db
    .selectFrom('dealers')
    .select(['id', 'name'])
    .where('code', '=', demoDealers[0]!.code)
    .executeTakeFirst();
  const owners = { type: 'lifecycle', stages: ['owner'] } as const;
  const offers: unknown[] = [
    {
      name: 'Winter check',
      ownerLevel: 'group',
      validFrom,
      validTo,
      priority: 10,
      texts: {
        en: {
          title: 'Free winter check',
          text: 'Battery, tyres and heating checked in 30 minutes.',
        },
        ru: {
          title: 'Бесплатная зимняя проверка',
          text: 'Аккумулятор, шины и отопление — за 30 минут.',
        },
        zh: { title: '免费冬季检查', text: '30分钟内检查电瓶、轮胎和暖风系统。' },
      },
      condition: owners,
    },
  ];
  if (brand)
    offers.push({
      name: `${brand.name}: extended warranty`,
      ownerLevel: 'brand',
      brandId: brand.id,
      validFrom,
      validTo,
      texts: {
        en: { title: 'Two more years of warranty', text: 'For cars of 2 to 5 years.' },
        ru: { title: 'Ещё два года гарантии', text: 'Для автомобилей от 2 до 5 лет.' },
        zh: { title: '延长两年保修', text: '适用于车龄2至5年的车辆。' },
      },
      condition: { type: 'vehicle', ageYears: { min: 2, max: 5 } },
    });
  if (dealer)
    offers.push({
      name: `${dealer.name}: tyre storage`,
      ownerLevel: 'dealer',
      dealerId: dealer.id,
      validFrom,
      validTo,
      texts: {
        en: { title: 'Tyre storage for the season', text: 'Your second set kept clean and dry.' },
        ru: { title: 'Сезонное хранение шин', text: 'Второй комплект — в чистоте и сухости.' },
        zh: { title: '轮胎季节存放', text: '您的另一套轮胎将被干净干燥地保管。' },
      },
      condition: owners,
    });
  const existing = new Set(
    (await db.selectFrom('marketing_offers').select('name').execute()).map((row) => row.name),
  );
  let created = 0;
  for (const offer of offers) {
    const body: OfferBody = offerBody.parse(offer);
    if (existing.has(body.name)) continue;
    await createOffer(db, actor, body);
    created += 1;
  }
  return created;
}
