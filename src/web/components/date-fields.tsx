import { DateInput, DateTimePicker } from '@mantine/dates';
import { IconCalendar, IconCalendarClock } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../auth/roles.ts';
import { isLocale } from '../i18n/i18n.ts';

/** Mantine's picker value ('YYYY-MM-DD HH:mm:ss', local time). */
export type LocalDateTime = string;

const dateTimeFormats: Record<Locale, string> = {
  en: 'D MMM YYYY, HH:mm',
  ru: 'DD.MM.YYYY HH:mm',
  zh: 'YYYY-MM-DD HH:mm',
};
const dateFormats: Record<Locale, string> = {
  en: 'D MMM YYYY',
  ru: 'DD.MM.YYYY',
  zh: 'YYYY-MM-DD',
};
const typedDateFormats = [
  'DD.MM.YYYY',
  'D.M.YYYY',
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'D MMM YYYY',
  'YYYY/MM/DD',
];

/** The API wants ISO-8601 with the user's offset, e.g. 2026-11-22T10:00:00+03:00. */
export function toIso(value: LocalDateTime): string {
  return dayjs(value).format('YYYY-MM-DDTHH:mm:ssZ');
}

export function localDateTime(date: dayjs.Dayjs): LocalDateTime {
  return date.format('YYYY-MM-DD HH:mm:ss');
}

export function tomorrowAt(hour: number): LocalDateTime {
  return localDateTime(dayjs().add(1, 'day').hour(hour).minute(0).second(0));
}

function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'en';
}

type DateTimeFieldProps = {
  label: string;
  value: LocalDateTime | null;
  onChange: (value: LocalDateTime | null) => void;
  error?: string;
  required?: boolean;
  clearable?: boolean;
  description?: string;
  placeholder?: string;
};

/** A due date or contact date, with one-click presets for the usual follow-up times. */
export function DateTimeField(props: DateTimeFieldProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const at = (days: number) => localDateTime(dayjs().add(days, 'day').hour(10).minute(0).second(0));
  return (
    <DateTimePicker
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      required={props.required}
      clearable={props.clearable}
      valueFormat={dateTimeFormats[locale]}
      leftSection={<IconCalendarClock size={16} />}
      popoverProps={{ withinPortal: true }}
      presets={[
        { value: at(1), label: t('task.tomorrowMorning') },
        { value: at(3), label: t('task.inThreeDays') },
        { value: at(7), label: t('task.nextWeek') },
      ]}
    />
  );
}

type DateFieldProps = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
  maxDate?: string;
};

/** A calendar date you can also type: 22.11.1985, 1985-11-22 ... */
export function DateField(props: DateFieldProps) {
  const locale = useLocale();
  return (
    <DateInput
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      maxDate={props.maxDate}
      clearable
      valueFormat={dateFormats[locale]}
      dateParser={(input) => {
        const parsed = dayjs(input.trim(), typedDateFormats, true);
        return parsed.isValid() ? parsed.format('YYYY-MM-DD') : null;
      }}
      leftSection={<IconCalendar size={16} />}
      defaultLevel={props.value ? 'month' : 'decade'}
    />
  );
}
