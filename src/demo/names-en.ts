import type { Prng } from './prng.ts';

/** English names, for the expatriates among the Russian dealers' customers. */
const male =
  'James John Robert Michael William David Richard Thomas Daniel Matthew Andrew Mark Paul Steven George Peter Oliver Henry'.split(
    ' ',
  );
const female =
  'Mary Sarah Emma Olivia Emily Jessica Laura Anna Sophie Kate Rachel Helen Claire Lucy Grace Charlotte'.split(
    ' ',
  );
const surnames =
  'Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas Moore Martin Jackson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Campbell Evans Turner'.split(
    ' ',
  );

export type EnglishName = { lastName: string; firstName: string };

export function englishName(rng: Prng, gender: 'male' | 'female', surname?: string): EnglishName {
  return {
    lastName: surname ?? rng.pick(surnames),
    firstName: rng.pick(gender === 'male' ? male : female),
  };
}
