import { hanToPinyin, hasCyrillic, hasHan, nameForms } from '../../lib/transliterate.ts';
import type { CustomerKind } from './vocabulary.ts';

export type NameParts = {
  kind: CustomerKind;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  legalForm?: string | null;
  taxId?: string | null;
};

const clean = (value: string | null | undefined) => value?.trim() || '';

/**
 * The name as people of its script write it: Chinese surname first without a space
 * (王伟), Russian surname first with the patronymic (Иванов Иван Петрович), Latin given name
 * first (Anna Smith).
 */
export function displayName(parts: NameParts): string {
  if (parts.kind === 'company') {
    const form = clean(parts.legalForm);
    const name = clean(parts.companyName);
    // a Chinese company ends in its legal form, without a space (上海西湖物流有限公司);
    // a Russian one starts with it (ООО Ромашка)
    if (hasHan(name + form)) return `${name}${form}`;
    return [form, name].filter(Boolean).join(' ');
  }
  const first = clean(parts.firstName);
  const middle = clean(parts.middleName);
  const last = clean(parts.lastName);
  if (hasHan(last + first)) return `${last}${first}`;
  if (hasCyrillic(last + first + middle)) return [last, first, middle].filter(Boolean).join(' ');
  return [first, middle, last].filter(Boolean).join(' ');
}

/** Sort by surname then given name; Chinese names by their pinyin, so they sort among Latin. */
export function sortKey(parts: NameParts): string {
  const latinised = (text: string, surname: boolean) =>
    hasHan(text) ? hanToPinyin(text, surname).join('') : text.toLowerCase().replace(/ё/g, 'е');
  if (parts.kind === 'company') return latinised(clean(parts.companyName), false).slice(0, 200);
  return `${latinised(clean(parts.lastName), true)} ${latinised(clean(parts.firstName), false)} ${latinised(
    clean(parts.middleName),
    false,
  )}`
    .trim()
    .slice(0, 200);
}

/** Every name form of the record, space separated, for the full-text index. */
export function searchText(parts: NameParts): string {
  const words = new Set<string>();
  const add = (text: string, isSurname = false) => {
    for (const word of text.split(/[\s,."'«»()-]+/)) {
      for (const form of nameForms(word, isSurname)) words.add(form);
    }
  };
  add(clean(parts.lastName), true);
  add(clean(parts.firstName));
  add(clean(parts.middleName));
  add(clean(parts.companyName));
  const last = clean(parts.lastName);
  const first = clean(parts.firstName);
  // Chinese full names are typed as one word, in characters or in pinyin (wangxiaoming).
  if (hasHan(last + first)) {
    for (const form of nameForms(`${last}${first}`, true)) words.add(form);
  }
  if (clean(parts.taxId)) words.add(clean(parts.taxId).toLowerCase());
  return [...words].join(' ');
}
