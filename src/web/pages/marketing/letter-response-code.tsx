import { Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { letterResponseCode } from '../../../modules/marketing/ab-test.ts';

/** What the letters of each variant print (CODE-A, CODE-B …; the code itself for one letter). */
const printedCodes = (code: string, variantKeys: string[]) =>
  variantKeys
    .map((key) => letterResponseCode(code, key, variantKeys.length))
    .filter((printed): printed is string => printed !== null)
    .join(', ');

/**
 * A letter campaign's response code while it can still change (draft or scheduled): the API
 * checks it (format, not another campaign's code or letter code) and its answer is shown here.
 */
export function ResponseCodeField({
  value,
  onChange,
  variantKeys,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  variantKeys: string[];
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const code = value.trim();
  return (
    <TextInput
      label={t('marketing.campaigns.responseCode')}
      description={
        code
          ? t('marketing.campaigns.responseCodePrints', { codes: printedCodes(code, variantKeys) })
          : t('marketing.campaigns.responseCodeHint')
      }
      maxLength={40}
      value={value}
      // letters tested against each other are told apart only by their codes
      error={
        error ??
        (!code && variantKeys.length > 1 ? t('marketing.campaigns.responseCodeNeeded') : undefined)
      }
      data-testid="campaign-response-code"
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/** The code on the campaign's content card: what its letters print, or that it has none. */
export function ResponseCodeLine({
  code,
  variantKeys,
}: {
  code: string | null;
  variantKeys: string[];
}) {
  const { t } = useTranslation();
  return (
    <Text size="sm" data-testid="campaign-response-code-view">
      {code
        ? `${t('marketing.campaigns.responseCodeIs', { code })} · ${t(
            'marketing.campaigns.responseCodePrints',
            { codes: printedCodes(code, variantKeys) },
          )}`
        : t('marketing.campaigns.responseCodeNone')}
    </Text>
  );
}
