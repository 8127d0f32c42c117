import { SegmentedControl } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveLocale } from '../api/auth.ts';
import { queryKeys } from '../api/query-keys.ts';
import { applyLocale, isLocale, languages } from '../i18n/i18n.ts';

/** English / Русский / 中文: changes the interface at once; `persist` also saves it for the user. */
export function LanguageSwitch({ persist }: { persist: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: saveLocale,
    onSuccess: (me) => client.setQueryData(queryKeys.me, me),
  });

  return (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={i18n.language}
      data={languages.map((language) => ({ value: language.value, label: language.label }))}
      onChange={(value) => {
        if (!isLocale(value)) return;
        void applyLocale(value);
        if (persist) save.mutate(value);
      }}
    />
  );
}
