import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import 'dayjs/locale/zh-cn';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../auth/roles.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';
import { zh } from './zh.ts';

dayjs.extend(customParseFormat);

export const languages: { value: Locale; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
  { value: 'zh', label: '中文' },
];

const storageKey = 'autocrm.locale';

/** BCP 47 tags for Intl: British English gives day-month order and a 24-hour clock. */
export const intlLocales: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU', zh: 'zh-CN' };
export const dayjsLocales: Record<Locale, string> = { en: 'en', ru: 'ru', zh: 'zh-cn' };

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ru' || value === 'zh';
}

function initialLocale(): Locale {
  const stored = localStorage.getItem(storageKey);
  if (isLocale(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** Switch the interface language at once and remember it on this device. */
export async function applyLocale(locale: Locale): Promise<void> {
  localStorage.setItem(storageKey, locale);
  document.documentElement.lang = intlLocales[locale];
  dayjs.locale(dayjsLocales[locale]);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export async function initI18n(): Promise<void> {
  const locale = initialLocale();
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
    lng: locale,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await applyLocale(locale);
}
