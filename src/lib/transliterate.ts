import { pinyin } from 'pinyin-pro';

/**
 * Name forms across scripts, so that "Ivanov" finds "Иванов" and "wang wei" finds "王伟".
 * Two Latin spellings of Russian are produced: the passport one (ICAO 9303, as on a foreign
 * passport: Sergei, Iuliia) and the everyday one people type (Sergey, Yulia).
 */
const passport: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
};

const everyday: Record<string, string> = {
  ...passport,
  й: 'y',
  ъ: '',
  ю: 'yu',
  я: 'ya',
  ё: 'yo',
  є: 'ye',
  ї: 'yi',
};

const cyrillic = /[\u0400-\u04ff]/;
const han = /[\u3400-\u9fff\uf900-\ufaff]/;

function mapLetters(text: string, table: Record<string, string>): string {
  let out = '';
  for (const char of text.toLowerCase()) out += table[char] ?? char;
  return out;
}

export function hasCyrillic(text: string): boolean {
  return cyrillic.test(text);
}

export function hasHan(text: string): boolean {
  return han.test(text);
}

/** Russian (and Ukrainian) letters to Latin, passport style. */
export function cyrillicToLatin(text: string, style: 'passport' | 'everyday' = 'passport'): string {
  return mapLetters(text, style === 'passport' ? passport : everyday);
}

/** Chinese characters to toneless pinyin syllables; a surname reading when `isSurname`. */
export function hanToPinyin(text: string, isSurname = false): string[] {
  return pinyin(text, {
    toneType: 'none',
    type: 'array',
    nonZh: 'removed',
    ...(isSurname ? { surname: 'head' as const } : {}),
  }).map((syllable) => syllable.toLowerCase().replace(/ü/g, 'v'));
}

/**
 * Every comparable form of one name part: itself in lower case, and where it is Cyrillic
 * or Chinese its Latin forms. Used for search text and for matching.
 */
export function nameForms(part: string, isSurname = false): string[] {
  const lower = part.trim().toLowerCase();
  if (!lower) return [];
  const forms = new Set([lower]);
  if (hasCyrillic(lower)) {
    forms.add(cyrillicToLatin(lower, 'passport'));
    forms.add(cyrillicToLatin(lower, 'everyday'));
  }
  if (hasHan(lower)) {
    const syllables = hanToPinyin(lower, isSurname);
    if (syllables.length > 0) forms.add(syllables.join(''));
  }
  return [...forms];
}
