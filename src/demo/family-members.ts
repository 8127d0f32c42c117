import type { Draft } from './customer-draft.ts';
import { isoDay } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import { englishName } from './names-en.ts';
import { masculineSurname, russianName } from './names-ru.ts';
import { chineseName } from './names-zh.ts';
import type { PersonProfile } from './person-profile.ts';
import type { Prng } from './prng.ts';

/**
 * Family members a customer told the dealer about (seed 001 §1: family, family birthdays),
 * who are not customers themselves: the spouse and the children with their birthdays.
 */
export function writeFamilyMembers(
  rng: Prng,
  batch: DemoBatch,
  draft: Draft,
  profile: PersonProfile,
  created: string,
  today: number,
): void {
  if (draft.birthDay === null || draft.gender === null) return;
  const married = profile.maritalStatus === 'married';
  const children = Math.min(profile.childrenCount ?? 0, 3);
  if ((!married && children === 0) || !rng.chance(0.3)) return;
  const age = (today - draft.birthDay) / 365.25;
  const write = (relation: 'spouse' | 'child', gender: 'male' | 'female', birthDay: number) => {
    batch.familyMembers.push(
      rng.uuid(),
      draft.id,
      relation,
      nameOf(rng, draft, gender, relation),
      isoDay(birthDay),
      created,
    );
  };
  if (married) {
    const spouseGender = draft.gender === 'male' ? 'female' : 'male';
    write('spouse', spouseGender, draft.birthDay + rng.int(-6 * 365, 6 * 365));
  }
  for (let i = 0; i < children; i++) {
    const childAge = Math.max(0, Math.min(age - 20, rng.int(0, 25)));
    write(
      'child',
      rng.chance(0.5) ? 'male' : 'female',
      today - Math.round(childAge * 365.25) - rng.int(0, 364),
    );
  }
}

/** The name as the family writes it; a Russian wife and the children share the surname. */
function nameOf(
  rng: Prng,
  draft: Draft,
  gender: 'male' | 'female',
  relation: 'spouse' | 'child',
): string {
  const last = draft.lastName!;
  if (draft.culture === 'zh') {
    // a wife keeps her surname, children take the father's
    const surname = relation === 'spouse' || draft.gender === 'female' ? undefined : last;
    const name = chineseName(rng, gender, surname);
    return `${name.lastName}${name.firstName}`;
  }
  if (draft.culture === 'en') return `${englishName(rng, gender, last).firstName} ${last}`;
  const family = draft.gender === 'male' ? last : masculineSurname(last);
  const name = russianName(rng, gender, family);
  return `${name.lastName} ${name.firstName}`;
}
