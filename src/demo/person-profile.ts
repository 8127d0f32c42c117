import type { Education, IncomeBand, MaritalStatus } from '../modules/customers/index.ts';
import { incomeBands } from '../modules/customers/index.ts';
import type { Prng } from './prng.ts';
import {
  educationWeights,
  employersByCulture,
  friendsCarsByCulture,
  interestTags,
  occupationsByCulture,
  personalValues,
  type Culture,
} from './profile-data.ts';

/**
 * The profile of a person (seed 001 §1): education, occupation and employer, income,
 * family, interests and values. Each field is left empty now and then, as in real data.
 */
export type PersonProfile = {
  education: Education | null;
  occupation: string | null;
  employer: string | null;
  incomeBand: IncomeBand | null;
  maritalStatus: MaritalStatus | null;
  childrenCount: number | null;
  interests: string[];
  personalValues: string[];
  friendsCars: string | null;
};

export function personProfile(
  rng: Prng,
  culture: Culture,
  gender: 'male' | 'female',
  age: number,
  married?: boolean,
): PersonProfile {
  const occupation = occupationsByCulture[culture].pick(rng);
  const retired = age >= 63 && rng.chance(0.7);
  const title = retired
    ? culture === 'zh'
      ? '退休人员'
      : culture === 'en'
        ? 'retired'
        : 'пенсионер'
    : occupation.title;
  let education: Education = educationWeights.pick(rng);
  if (occupation.degree && (education === 'secondary' || education === 'vocational')) {
    education = 'bachelor';
  }
  // income follows the occupation, one band up or down now and then
  const band = incomeBands.indexOf(retired ? 'low' : occupation.income);
  const shifted = Math.min(
    incomeBands.length - 1,
    Math.max(0, band + rng.int(-1, 1) * (rng.chance(0.4) ? 1 : 0)),
  );
  const maritalStatus: MaritalStatus =
    married === true
      ? 'married'
      : age < 25
        ? rng.chance(0.8)
          ? 'single'
          : 'partner'
        : age > 65 && rng.chance(0.25)
          ? 'widowed'
          : pickMarital(rng);
  const childrenCount =
    maritalStatus === 'single' && age < 30
      ? 0
      : age < 25
        ? rng.int(0, 1)
        : culture === 'zh'
          ? rng.int(0, age > 45 ? 1 : 2)
          : rng.int(0, 3) - (rng.chance(0.3) ? 1 : 0);
  const interestCount = rng.int(0, 4);
  const interests = new Set<string>();
  for (let i = 0; i < interestCount * 2 && interests.size < interestCount; i++) {
    const tag = interestTags.pick(rng);
    // hunting and fishing are mostly men's hobbies in the seeds' markets; yoga mostly women's
    if ((tag === 'hunting' || tag === 'fishing') && gender === 'female' && rng.chance(0.7))
      continue;
    if (tag === 'yoga' && gender === 'male' && rng.chance(0.7)) continue;
    interests.add(tag);
  }
  if (childrenCount > 0 && rng.chance(0.5)) interests.add('family');
  const values = new Set<string>();
  const valueCount = rng.chance(0.6) ? rng.int(1, 2) : 0;
  while (values.size < valueCount) values.add(personalValues.pick(rng));
  return {
    education: rng.chance(0.85) ? education : null,
    occupation: rng.chance(0.85) ? title : null,
    employer: !retired && rng.chance(0.6) ? rng.pick(employersByCulture[culture]) : null,
    incomeBand: rng.chance(0.75) ? incomeBands[shifted]! : null,
    maritalStatus: rng.chance(0.9) ? maritalStatus : null,
    childrenCount: rng.chance(0.8) ? Math.max(0, childrenCount) : null,
    interests: [...interests].sort(),
    personalValues: [...values].sort(),
    friendsCars: rng.chance(0.12) ? rng.pick(friendsCarsByCulture[culture]) : null,
  };
}

function pickMarital(rng: Prng): MaritalStatus {
  const roll = rng.float();
  if (roll < 0.58) return 'married';
  if (roll < 0.78) return 'single';
  if (roll < 0.88) return 'divorced';
  if (roll < 0.97) return 'partner';
  return 'widowed';
}
