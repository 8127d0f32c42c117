import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../auth/roles.ts';
import { toMajor } from '../../lib/currency.ts';
import { intlLocales, isLocale } from './i18n.ts';

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date ('2026-11-22') is a day, not an instant: never shift it by the time zone. */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const match = dateOnly.exec(value);
  if (match) return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(value);
}

export type Formatters = ReturnType<typeof makeFormatters>;

/** The formatters of one language; `useFormat` gives those of the interface language. */
export function makeFormatters(locale: Locale) {
  const tag = intlLocales[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });
  const shortDateTime = new Intl.DateTimeFormat(tag, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const number = new Intl.NumberFormat(tag);
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const money = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string) => {
    let format = money.get(currency);
    if (!format) {
      try {
        format = new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          currencyDisplay: 'narrowSymbol',
        });
      } catch {
        format = new Intl.NumberFormat(tag, { minimumFractionDigits: 2 });
      }
      money.set(currency, format);
    }
    return format;
  };
  return {
    locale,
    date: (value: string | Date | null | undefined) => (value ? date.format(toDate(value)) : ''),
    dateTime: (value: string | Date | null | undefined) =>
      value ? dateTime.format(toDate(value)) : '',
    time: (value: string | Date | null | undefined) => (value ? time.format(toDate(value)) : ''),
    /** "25 Nov, 10:00": for near dates where the year goes without saying. */
    shortDateTime: (value: string | Date) => shortDateTime.format(toDate(value)),
    number: (value: number | null | undefined) => (value == null ? '' : number.format(value)),
    /** a share 0-1 as "97.3 %" in the locale's way */
    percent: (value: number) =>
      new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }).format(value),
    km: (value: number | null | undefined) =>
      value == null
        ? ''
        : new Intl.NumberFormat(tag, { style: 'unit', unit: 'kilometer' }).format(value),
    /** Money arrives as integer minor units (kopecks, fen, cents) with its currency. */
    money: (minor: number | null | undefined, currency: string) => {
      if (minor == null) return '';
      return moneyFormat(currency).format(toMajor(minor, currency));
    },
    /** "in 2 hours", "вчера", "3天前": the nearest sensible unit. */
    relative: (value: string | Date) => {
      const seconds = (toDate(value).getTime() - Date.now()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(Math.round(seconds), 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
      if (abs < 365 * 86_400) return relative.format(Math.round(seconds / (30 * 86_400)), 'month');
      return relative.format(Math.round(seconds / (365 * 86_400)), 'year');
    },
    age: (birthDate: string) => {
      const born = toDate(birthDate);
      const now = new Date();
      let years = now.getFullYear() - born.getFullYear();
      const beforeBirthday =
        now.getMonth() < born.getMonth() ||
        (now.getMonth() === born.getMonth() && now.getDate() < born.getDate());
      if (beforeBirthday) years -= 1;
      return new Intl.NumberFormat(tag, {
        style: 'unit',
        unit: 'year',
        unitDisplay: 'long',
      }).format(years);
    },
    country: (code: string | null | undefined) => {
      if (!code) return '';
      try {
        return new Intl.DisplayNames([tag], { type: 'region' }).of(code.toUpperCase()) ?? code;
      } catch {
        return code;
      }
    },
  };
}

/** Dates, numbers and money in the current interface language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'en';
  return useMemo(() => makeFormatters(locale), [locale]);
}
