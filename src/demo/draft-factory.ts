import type { LifecycleStage } from '../modules/customers/index.ts';
import { cyrillicToLatin, hanToPinyin } from '../lib/transliterate.ts';
import type { Draft } from './customer-draft.ts';
import type { WorldDealer } from './demo-world.ts';
import type { GeneratorContext } from './generator-context.ts';
import { englishName } from './names-en.ts';
import { russianChildName, russianName } from './names-ru.ts';
import { chineseName } from './names-zh.ts';
import { areaOf, postcode, streetAddress } from './places-data.ts';
import { weighted } from './prng.ts';
import type { Culture } from './profile-data.ts';

/**
 * A new customer's draft: where he lives, who captured him and through which channel, which
 * contacts he has, and his name in the script of his culture.
 */
const personSources = weighted({
  showroom: 30,
  website: 22,
  phone: 10,
  referral: 10,
  call_centre: 6,
  event: 5,
  advertising: 5,
  own_prospecting: 4,
  purchased_list: 2,
  brand_partner: 2,
  sub_dealer: 2,
});
const companySources = weighted({
  key_account: 50,
  referral: 15,
  website: 15,
  event: 10,
  phone: 10,
});

/** The family a household member or company contact belongs to. */
export type Family = {
  role: 'spouse' | 'child' | 'contact';
  head: Draft;
  /** the family's surname (masculine form for Russians) */
  surname: string;
  headFirstName: string;
};

export class DraftFactory {
  private readonly ctx: GeneratorContext;
  /** Latin forms of name parts, for e-mail addresses and messenger handles */
  private readonly latinCache = new Map<string, string>();

  constructor(ctx: GeneratorContext) {
    this.ctx = ctx;
  }

  newDraft(
    dealer: WorldDealer,
    culture: Culture,
    stage: LifecycleStage,
    kind: 'person' | 'company',
  ): Draft {
    const { rng, callCentre } = this.ctx;
    const area = areaOf(dealer.code);
    const town = area.towns.pick(rng);
    const home = { ...streetAddress(rng, town, dealer.country), postcode: postcode(rng, town) };
    // most customers of a sales dealer have a consultant; the others are the team's
    const consultant =
      dealer.kind === 'dealer' && dealer.consultants.length && rng.chance(0.85)
        ? rng.pick(dealer.consultants)
        : null;
    const source = kind === 'company' ? companySources.pick(rng) : personSources.pick(rng);
    const capturedBy =
      source === 'call_centre' && callCentre
        ? callCentre
        : (consultant ??
          (dealer.consultants.length
            ? rng.pick(dealer.consultants)
            : (dealer.crm[0] ?? dealer.managers[0] ?? null)));
    const make = this.ctx.makesByBrand.get(rng.pick(dealer.brandCodes)) ?? this.ctx.world.makes[0]!;
    const model = make.models.length ? `${make.name} ${rng.pick(make.models).name}` : make.name;
    const email =
      kind === 'company' ? 0.95 : culture === 'en' ? 0.95 : culture === 'zh' ? 0.62 : 0.72;
    const messenger = culture === 'zh' ? 0.75 : culture === 'ru' ? 0.45 : 0.3;
    return {
      id: rng.uuid(),
      kind,
      culture,
      lang: dealer.country === 'CN' ? 'zh' : 'ru',
      dealer,
      consultant,
      capturedBy,
      stage,
      source,
      town,
      home,
      gender: null,
      lastName: null,
      firstName: null,
      middleName: null,
      latinFirst: '',
      latinLast: '',
      birthDay: null,
      company: null,
      firstDay: this.ctx.today,
      model,
      links: [],
      hasMobile: kind === 'company' || rng.chance(0.97),
      hasEmail: rng.chance(email),
      hasMessenger: kind === 'person' && rng.chance(messenger),
      hasAddress: kind === 'company' || rng.chance(0.85),
    };
  }

  /** Gender, birth date and a name that fits them; family members share the surname. */
  setPerson(draft: Draft, gender: 'male' | 'female', age: number, family?: Family): void {
    const { rng } = this.ctx;
    draft.gender = gender;
    draft.birthDay = this.ctx.today - age * 365 - rng.int(0, 364);
    const inFamily = family && family.role !== 'contact' ? family : undefined;
    if (draft.culture === 'zh') {
      // a Chinese wife keeps her own surname; children take the father's
      const keepOwn =
        inFamily?.role === 'spouse' ||
        (inFamily?.role === 'child' && inFamily.head.gender === 'female');
      const name = chineseName(rng, gender, inFamily && !keepOwn ? inFamily.surname : undefined);
      draft.lastName = name.lastName;
      draft.firstName = name.firstName;
      draft.latinLast = this.pinyin(name.lastName, true);
      draft.latinFirst = this.pinyin(name.firstName, false);
      return;
    }
    if (draft.culture === 'en') {
      const name = englishName(rng, gender, inFamily?.surname);
      draft.lastName = name.lastName;
      draft.firstName = name.firstName;
      draft.latinLast = name.lastName.toLowerCase();
      draft.latinFirst = name.firstName.toLowerCase();
      return;
    }
    const name =
      inFamily?.role === 'child' && inFamily.head.gender === 'male'
        ? russianChildName(rng, gender, inFamily.surname, inFamily.headFirstName)
        : russianName(rng, gender, inFamily?.surname);
    draft.lastName = name.lastName;
    draft.firstName = name.firstName;
    draft.middleName = name.middleName;
    draft.latinLast = this.latin(name.lastName);
    draft.latinFirst = this.latin(name.firstName);
  }

  private latin(text: string): string {
    let value = this.latinCache.get(text);
    if (value === undefined) {
      value = cyrillicToLatin(text, 'everyday');
      this.latinCache.set(text, value);
    }
    return value;
  }

  private pinyin(text: string, surname: boolean): string {
    const key = `${surname ? 's' : 'g'}${text}`;
    let value = this.latinCache.get(key);
    if (value === undefined) {
      value = hanToPinyin(text, surname).join('');
      this.latinCache.set(key, value);
    }
    return value;
  }
}
