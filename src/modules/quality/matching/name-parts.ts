/** A full name written in one field, in its parts. */
export type NameParts = { firstName?: string; middleName?: string; lastName?: string };

const cyrillic = /\p{Script=Cyrillic}/u;
const han = /\p{Script=Han}/u;

/**
 * Russian patronymics as written in Cyrillic or transliterated: Петрович / Petrovich, Сергеевна
 * / Sergeyevna, Ильич / Ilyich, Ильинична / Ilyinichna. A bare "-ich" after an r is left out:
 * Heinrich, Ulrich and Dietrich are German given names or surnames, not patronymics.
 */
const patronymicEndings =
  /(?:ович|евич|ёвич|ич|овна|евна|ёвна|ична|ovich|evich|ovitch|evitch|[^r]ich|ovna|evna|ichna)$/u;

export function isPatronymic(word: string): boolean {
  const lower = word.toLowerCase();
  return [...lower].length >= 5 && patronymicEndings.test(lower);
}

/** Two-character Chinese surnames common enough to split on (欧阳娜娜 is 欧阳 + 娜娜). */
const compoundSurnames = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '夏侯',
  '司徒',
  '端木',
  '西门',
  '南宫',
]);

function splitHan(word: string): NameParts {
  const chars = [...word];
  if (chars.length === 1) return { lastName: word };
  const surnameLength =
    chars.length > 2 && compoundSurnames.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return {
    lastName: chars.slice(0, surnameLength).join(''),
    firstName: chars.slice(surnameLength).join(''),
  };
}

function twoWords(words: string[], surnameFirst: boolean): NameParts {
  return surnameFirst
    ? { lastName: words[0], firstName: words[1] }
    : { firstName: words[0], lastName: words[1] };
}

/**
 * Splits a full name by the order its writer used. A patronymic (Cyrillic or transliterated)
 * fixes the order: last word "Сидоров Иван Петрович" / "Sidorov Ivan Petrovich" is surname
 * first; in the middle "Ivan Petrovich Sidorov" is given name first. Without one, Cyrillic is
 * surname first (Russian lists), Chinese is surname first, and other Latin names are given names
 * first with the last word the surname ("Mary Ann Smith"). Two Latin words without a patronymic
 * cannot tell "Sidorov Ivan" from "Ivan Sidorov": they are read given name first.
 */
export function splitFullName(full: string): NameParts {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return han.test(words[0]!) ? splitHan(words[0]!) : { lastName: words[0] };
  if (han.test(full)) {
    return { lastName: words[0], firstName: words.slice(1).join(' ') };
  }
  const last = words.length - 1;
  const patronymicAt = words.findIndex((word, index) => index > 0 && isPatronymic(word));
  const lastIsPatronymic = isPatronymic(words[last]!);
  if (words.length === 2) {
    // "Иван Петрович": how a Russian addresses someone, with no surname. In Latin letters the
    // second word is a surname ("Michael Petrovich"), as in a given-name-first list.
    if (!cyrillic.test(full) || !lastIsPatronymic) return twoWords(words, cyrillic.test(full));
    return { firstName: words[0], middleName: words[1] };
  }
  // The middle word wins over the last: in "Иван Петрович Бабич" the surname ends in -ич too.
  if (patronymicAt > 0 && patronymicAt < last) {
    return {
      firstName: words.slice(0, patronymicAt).join(' '),
      middleName: words[patronymicAt],
      lastName: words.slice(patronymicAt + 1).join(' '),
    };
  }
  if (lastIsPatronymic || cyrillic.test(full)) {
    // "Сидоров Иван Петрович", "Sidorov Ivan Petrovich"; a Cyrillic name without a patronymic
    // is surname first too
    return lastIsPatronymic
      ? {
          lastName: words.slice(0, last - 1).join(' '),
          firstName: words[last - 1],
          middleName: words[last],
        }
      : { lastName: words[0], firstName: words[1], middleName: words.slice(2).join(' ') };
  }
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) };
}
