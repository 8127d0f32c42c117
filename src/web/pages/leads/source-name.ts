import { useTranslation } from 'react-i18next';
import { useLeadSources } from '../../api/leads.ts';

/** A lead source's name in the user's language (sources carry their own en/ru/zh names). */
export function useSourceName(): (key: string) => string {
  const { i18n } = useTranslation();
  const sources = useLeadSources();
  const language = (['en', 'ru', 'zh'] as const).find((l) => i18n.language.startsWith(l)) ?? 'en';
  return (key) => sources.data?.items.find((item) => item.key === key)?.names[language] ?? key;
}

/** The active lead sources as the options of a select, named in the user's language. */
export function useActiveSourceOptions(): { value: string; label: string }[] {
  const sources = useLeadSources();
  const sourceName = useSourceName();
  return (sources.data?.items ?? [])
    .filter((item) => item.active)
    .map((item) => ({ value: item.key, label: sourceName(item.key) }));
}
