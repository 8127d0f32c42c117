import { hasCyrillic, hasHan, nameForms } from '../../../lib/transliterate.ts';
import { diminutiveLines } from './diminutives.ts';
import { givenNameFormLines } from './given-name-forms.ts';
import { soundex } from './similarity.ts';

/** One name part in every form the comparisons need. */
export type NameValue = {
  /** lower-case text as written (scripts kept): equal texts are an exact match */
  text: string;
  /** Latin sound skeletons of every transcription: sharing one is a transliteration match */
  keys: string[];
  /** the first skeleton, compared by Jaro-Winkler */
  main: string;
  /** full names this may be a diminutive of (skeletons), e.g. Саша -> aleksandr, aleksandra */
  roots: string[];
  /** the names this is another language's form of, or a nickname of one (Jean, Jack -> john) */
  forms: string[];
  /** Soundex of the main skeleton, for blocking */
  sound: string;
  /** one letter of an alphabet ("J.", "И."): agrees with any name it begins (not a Han name) */
  initial: boolean;
  /** a small number naming this prepared value, so comparisons of two names can be memoised */
  serial: number;
};

let nextSerial = 0;

/**
 * Collapses the spelling differences between transcriptions of one name (Aleksei / Alexey,
 * Yulia / Iuliia / Julia, Khrushchev / Hrushchev, Wei / Vei) into one Latin skeleton.
 */
export function latinSkeleton(latin: string): string {
  return latin
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/x/g, 'ks')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/w/g, 'v')
    .replace(/[jy]/g, 'i')
    .replace(/q/g, 'k')
    .replace(/c(?!h)/g, 'k')
    .replace(/(.)\1+/g, '$1');
}

function skeletonsOf(part: string, isSurname: boolean): string[] {
  const lower = part.trim().toLowerCase();
  if (!lower) return [];
  const forms =
    hasCyrillic(lower) || hasHan(lower)
      ? nameForms(lower, isSurname).filter((form) => !hasCyrillic(form) && !hasHan(form))
      : [lower];
  const keys = new Set<string>();
  for (const form of forms) {
    const key = latinSkeleton(form);
    if (key) keys.add(key);
  }
  return [...keys];
}

/**
 * Skeleton -> the skeletons of the heads of the lines it is on. Each line is "Head: form, form";
 * the head is one of its own forms. Built once per list, on first use.
 */
function groupIndex(lines: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const line of lines) {
    const [head, rest = ''] = line.split(':');
    const group = skeletonsOf(head!, false)[0];
    if (!group) continue;
    for (const variant of [head!, ...rest.split(',')]) {
      for (const key of skeletonsOf(variant, false)) {
        const groups = index.get(key) ?? [];
        if (!groups.includes(group)) groups.push(group);
        index.set(key, groups);
      }
    }
  }
  return index;
}

let rootIndex: Map<string, string[]> | undefined;
/** Skeleton -> the full names (skeletons) it is a diminutive or spelling of. */
const diminutiveRoots = () => (rootIndex ??= groupIndex(diminutiveLines));

let formIndex: Map<string, string[]> | undefined;
/** Skeleton -> the English forms (skeletons) of the names it writes in another language. */
const languageForms = () => (formIndex ??= groupIndex(givenNameFormLines));

/** Words that are no name: honorifics and initials' dots. */
const cleanPattern = /[.,"'`()[\]{}<>«»/\\]|\b(?:mr|mrs|ms|miss|dr|г-н|г-жа)\b/giu;

/**
 * Titles, ranks and ordinals typed into a given-name box ("Sir", "Rev", "Maj.-Gen.", "2nd"):
 * no person's given name, so they are dropped (a title alone leaves the name missing, not
 * "different"). Only in given names: Lord, Major and Hon are also surnames.
 */
const givenTitlePattern =
  /-?\b(?:sir|dame|lady|lord|rev|revd|reverend|hon|rt|prof|professor|capt|captain|col|colonel|gen|general|lt|lieutenant|maj|major|adm|admiral|sgt|sergeant|jr|jnr|sr|snr|\d+(?:st|nd|rd|th))\b-?/giu;

/** Names repeat (a million customers have a few thousand first names): each is prepared once. */
const preparedNames = new Map<string, NameValue | undefined>();

export function prepareName(raw: string | undefined, isSurname: boolean): NameValue | undefined {
  if (!raw) return undefined;
  const cacheKey = isSurname ? `S${raw}` : `G${raw}`;
  if (preparedNames.has(cacheKey)) return preparedNames.get(cacheKey);
  const value = prepareNameUncached(raw, isSurname);
  // Bounded, so a file of unique garbage cannot fill the memory.
  if (preparedNames.size < 500_000) preparedNames.set(cacheKey, value);
  return value;
}

function prepareNameUncached(raw: string, isSurname: boolean): NameValue | undefined {
  let text = raw.replace(cleanPattern, ' ');
  if (!isSurname) text = text.replace(givenTitlePattern, ' ');
  text = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!text) return undefined;
  const keys = skeletonsOf(text.replace(/[\s-]+/g, ''), isSurname);
  if (keys.length === 0) return undefined;
  const index = diminutiveRoots();
  const roots = new Set<string>();
  // Surnames get roots too: a given name typed into the surname box still matches its diminutive.
  for (const key of keys) for (const root of index.get(key) ?? []) roots.add(root);
  // Through the roots too: Jack is John's nickname, so also a form of Jean and Ian.
  const forms = new Set<string>();
  const formsOf = languageForms();
  for (const key of [...keys, ...roots]) for (const form of formsOf.get(key) ?? []) forms.add(form);
  return {
    text,
    keys,
    main: keys[0]!,
    roots: [...roots],
    forms: [...forms],
    sound: soundex(keys[0]!),
    initial: [...text.replace(/[\s-]+/g, '')].length === 1 && !hasHan(text),
    serial: nextSerial++,
  };
}

const cyrillic = /\p{Script=Cyrillic}/u;

/**
 * An initial agrees with a name when it is its first letter: in Cyrillic by the letter itself
 * (И. is not Юрий), across scripts or in Latin by the skeleton (Ю. = Yu. = Yuri).
 */
export function initialAgrees(initial: NameValue, other: NameValue): boolean {
  if (cyrillic.test(initial.text) && cyrillic.test(other.text)) {
    return initial.text.replace('ё', 'е') === [...other.text][0]!.replace('ё', 'е');
  }
  // The letter as written first: C. is Charles and P. is Philip, though their skeletons begin
  // with "k" and "f"; then by the skeleton, across scripts.
  if (initial.text === [...other.text][0]) return true;
  for (const key of initial.keys) {
    for (const full of other.keys) if (full.startsWith(key) || key.startsWith(full)) return true;
  }
  return false;
}

export function sharesKey(a: NameValue, b: NameValue): boolean {
  for (const key of a.keys) if (b.keys.includes(key)) return true;
  return false;
}

export function sharesRoot(a: NameValue, b: NameValue): boolean {
  for (const root of a.roots) if (b.roots.includes(root) || b.keys.includes(root)) return true;
  for (const root of b.roots) if (a.keys.includes(root)) return true;
  return false;
}

/** Two given names are one name in two languages (John / Jean / Ian, Charles / Karl). */
export function sharesForm(a: NameValue, b: NameValue): boolean {
  for (const form of a.forms) if (b.forms.includes(form)) return true;
  return false;
}
