import type { Draft } from './customer-draft.ts';
import { isoTime } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import { landlinePhone, mobilePhone, type DemoPhone } from './phones.ts';
import { weighted, type Prng } from './prng.ts';

/**
 * Phones, e-mails, messengers and addresses of one customer. Persons of one household
 * share the address (and now and then the home phone); the raw phone text is written the
 * way people type it, the E.164 form is what search uses.
 */
const ruMailDomains = weighted({
  'mail.ru': 30,
  'yandex.ru': 30,
  'gmail.com': 18,
  'bk.ru': 5,
  'list.ru': 5,
  'inbox.ru': 3,
  'rambler.ru': 4,
  'icloud.com': 3,
  'ya.ru': 2,
});
const zhMailDomains = weighted({
  '163.com': 30,
  '126.com': 10,
  'sina.com': 5,
  'foxmail.com': 5,
  'gmail.com': 4,
  'outlook.com': 4,
  'hotmail.com': 2,
});
const enMailDomains = weighted({
  'gmail.com': 50,
  'outlook.com': 25,
  'yahoo.com': 10,
  'icloud.com': 15,
});

function personalMailbox(rng: Prng, draft: Draft): string {
  const first = draft.latinFirst;
  const last = draft.latinLast;
  const year =
    draft.birthDay === null ? rng.int(70, 99) : 1970 + Math.floor(draft.birthDay / 365.25);
  const yy = String(year).slice(-2);
  if (draft.culture === 'zh') {
    // about half of Chinese addresses are QQ numbers
    if (rng.chance(0.45)) return `${rng.int(10_000_000, 3_999_999_999)}@qq.com`;
    const local = rng.pick([
      `${last}${first}`,
      `${last}${first}${yy}`,
      `${first}${last}${rng.int(1, 999)}`,
    ]);
    return `${local}@${zhMailDomains.pick(rng)}`;
  }
  const domain = (draft.culture === 'en' ? enMailDomains : ruMailDomains).pick(rng);
  const local = rng.pick([
    `${first}.${last}`,
    `${last}.${first}`,
    `${first[0]}.${last}`,
    `${last}${yy}`,
    `${first}${last}${rng.int(1, 99)}`,
    `${last}_${first[0]}`,
  ]);
  // some people write their address with capitals; the normalized form is lower case
  return rng.chance(0.1) ? capitalise(local) + '@' + capitalise(domain) : `${local}@${domain}`;
}

function capitalise(text: string): string {
  return text.replace(
    /(^|[._])([a-z])/g,
    (_, separator: string, letter: string) => separator + letter.toUpperCase(),
  );
}

export function writeContacts(
  rng: Prng,
  batch: DemoBatch,
  draft: Draft,
  createdAt: string,
  sharedHomePhone: DemoPhone | null,
): { mobile: DemoPhone | null; homePhone: DemoPhone | null } {
  let mobile: DemoPhone | null = null;
  let homePhone: DemoPhone | null = null;
  const country = draft.dealer.country;
  if (draft.kind === 'company') {
    const office = landlinePhone(rng, draft.town);
    batch.phones.push(rng.uuid(), draft.id, office.e164, office.raw, 'work', true, createdAt);
    if (rng.chance(0.7)) {
      mobile = mobilePhone(rng, country);
      if (mobile.e164 !== office.e164) {
        batch.phones.push(
          rng.uuid(),
          draft.id,
          mobile.e164,
          mobile.raw,
          'mobile',
          false,
          createdAt,
        );
      }
    }
  } else if (draft.hasMobile) {
    mobile = mobilePhone(rng, country);
    batch.phones.push(rng.uuid(), draft.id, mobile.e164, mobile.raw, 'mobile', true, createdAt);
    if (rng.chance(0.12)) {
      const second = mobilePhone(rng, country);
      if (second.e164 !== mobile.e164) {
        batch.phones.push(
          rng.uuid(),
          draft.id,
          second.e164,
          second.raw,
          'mobile',
          false,
          createdAt,
        );
      }
    }
    homePhone = sharedHomePhone ?? (rng.chance(0.06) ? landlinePhone(rng, draft.town) : null);
    if (homePhone && homePhone.e164 !== mobile.e164) {
      batch.phones.push(
        rng.uuid(),
        draft.id,
        homePhone.e164,
        homePhone.raw,
        'home',
        false,
        createdAt,
      );
    }
  }

  if (draft.hasEmail) {
    if (draft.kind === 'company') {
      const local = rng.pick(['info', 'fleet', 'office', 'zakaz', 'auto']);
      const address = `${country === 'CN' && local === 'zakaz' ? 'sales' : local}@${draft.company!.domain}`;
      batch.emails.push(
        rng.uuid(),
        draft.id,
        address,
        address.toLowerCase(),
        'work',
        true,
        createdAt,
      );
    } else {
      const address = personalMailbox(rng, draft);
      batch.emails.push(
        rng.uuid(),
        draft.id,
        address,
        address.toLowerCase(),
        'personal',
        true,
        createdAt,
      );
      if (rng.chance(0.08) && draft.company === null) {
        const work = `${draft.latinFirst[0]}.${draft.latinLast}@corp-${rng.int(1, 400)}.${country === 'CN' ? 'cn' : 'ru'}`;
        batch.emails.push(rng.uuid(), draft.id, work, work.toLowerCase(), 'work', false, createdAt);
      }
    }
  }

  if (draft.hasMessenger && mobile) {
    if (country === 'CN') {
      const handle = rng.chance(0.5)
        ? `wxid_${rng.hexDigits(14)}`
        : `${draft.latinLast}${draft.latinFirst}${rng.int(1, 9999)}`;
      batch.messengers.push(rng.uuid(), draft.id, 'wechat', handle, createdAt);
    } else {
      const kinds: ('telegram' | 'whatsapp' | 'viber' | 'vk')[] = [];
      if (rng.chance(0.7)) kinds.push('telegram');
      if (rng.chance(0.5) || kinds.length === 0) kinds.push('whatsapp');
      if (rng.chance(0.08)) kinds.push('viber');
      if (rng.chance(0.06)) kinds.push('vk');
      for (const kind of kinds) {
        const handle =
          kind === 'telegram'
            ? `@${draft.latinFirst}_${draft.latinLast}${rng.chance(0.5) ? rng.int(1, 99) : ''}`
            : kind === 'vk'
              ? `id${rng.int(1_000_000, 800_000_000)}`
              : mobile.e164;
        batch.messengers.push(rng.uuid(), draft.id, kind, handle, createdAt);
      }
    }
  }

  if (draft.hasAddress) {
    const { street, building, apartment, postcode } = draft.home;
    const kind = draft.kind === 'company' ? 'registered' : 'home';
    batch.addresses.push(
      rng.uuid(),
      draft.id,
      kind,
      country,
      draft.town.region,
      draft.town.city,
      postcode,
      street,
      building,
      draft.kind === 'company' ? null : apartment,
      true,
      createdAt,
    );
  }
  return { mobile, homePhone };
}

/** An ISO time on the customer's first day, during opening hours. */
export function captureTime(rng: Prng, draft: Draft): string {
  return isoTime(draft.firstDay, rng.int(9, 20), rng.int(0, 59), draft.dealer.utcOffset);
}
