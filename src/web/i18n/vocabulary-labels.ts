import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Messages } from './en.ts';

/** Resource sections that translate one closed vocabulary each (stage, outcome, ...). */
export type Vocabulary = {
  [K in keyof Messages]: Messages[K] extends Record<string, string> ? K : never;
}[keyof Messages];

export type Option = { value: string; label: string };

/**
 * Labels for server enum values. Values the UI does not know yet (a newer server) show as
 * they are rather than as a missing-key path.
 */
export function useVocabulary() {
  const { t, i18n } = useTranslation();
  const label = useCallback(
    (vocabulary: Vocabulary, value: string | null | undefined): string => {
      if (!value) return '';
      const key = `${vocabulary}.${value}`;
      return i18n.exists(key) ? (t as unknown as (key: string) => string)(key) : value;
    },
    // `t` is bound to the current language, so labels follow a language switch.
    [t, i18n],
  );
  const options = useCallback(
    (vocabulary: Vocabulary, values: readonly string[]): Option[] =>
      values.map((value) => ({ value, label: label(vocabulary, value) })),
    [label],
  );
  return { label, options };
}
