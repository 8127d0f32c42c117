import { Badge, Button, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconLanguage, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../modules/customers/vocabulary.ts';
import type { CampaignChannel, TemplateContent } from '../../api/marketing.ts';
import {
  withLanguage,
  withoutLanguage,
  type Language,
  type PartErrors,
  type VariantTexts,
} from './campaign-content.ts';
import { VariantFields } from './campaign-content-fields.tsx';
import { TextPreview } from './campaign-text-preview.tsx';

/**
 * One variant's texts in every language the API takes, one tab per language: the tab says
 * whether the language has a text (or a problem the server found); a language without one can
 * be added (starting from the default language's text) and a written one removed, except the
 * default language, which every variant must have.
 */
export function VariantLanguageFields({
  channel,
  texts,
  onChange,
  defaultLanguage,
  customer,
  variantKey,
  errors,
}: {
  channel: CampaignChannel;
  texts: VariantTexts;
  onChange: (texts: VariantTexts) => void;
  defaultLanguage: Language;
  /** the first person of the audience: the SMS count and the preview use his data */
  customer: { id: string; name: string } | null;
  variantKey: string | null;
  errors: Partial<Record<Language, PartErrors>>;
}) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>(defaultLanguage);
  const current = texts[language];
  const name = (code: Language) => t(`language.${code}`);
  const patch = (change: Partial<TemplateContent>) =>
    onChange({ ...texts, [language]: { ...current!, ...change } });
  const suffix = variantKey ? `-${variantKey}` : '';

  return (
    <Tabs
      value={language}
      onChange={(value) => value && setLanguage(value as Language)}
      keepMounted={false}
      data-testid={`variant-languages${suffix}`}
    >
      <Tabs.List>
        {languages.map((code) => (
          <Tabs.Tab
            key={code}
            value={code}
            leftSection={<IconLanguage size={14} />}
            rightSection={
              errors[code] ? (
                <Badge size="xs" color="red" variant="light">
                  {t('marketing.campaigns.languageProblem')}
                </Badge>
              ) : texts[code] ? (
                <Badge size="xs" color="green" variant="light">
                  {code === defaultLanguage
                    ? t('marketing.campaigns.languageDefault')
                    : t('marketing.campaigns.languageWritten')}
                </Badge>
              ) : (
                <Badge size="xs" color="gray" variant="outline">
                  {t('marketing.campaigns.languageNone')}
                </Badge>
              )
            }
          >
            {name(code)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {/* keyed by language: another language's SMS count is never shown while this one loads */}
      <Tabs.Panel key={language} value={language} pt="xs">
        {current ? (
          <Stack gap="xs">
            {language !== defaultLanguage && (
              <Group justify="flex-end">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => onChange(withoutLanguage(texts, language, defaultLanguage))}
                >
                  {t('marketing.campaigns.removeLanguage', { language: name(language) })}
                </Button>
              </Group>
            )}
            <VariantFields
              channel={channel}
              value={current}
              onChange={patch}
              customer={customer}
              variantKey={variantKey}
              errors={errors[language]}
            />
            {(channel === 'email' || channel === 'mail') && customer && (
              <TextPreview channel={channel} content={current} customer={customer} />
            )}
          </Stack>
        ) : (
          <Stack gap="xs" align="flex-start">
            <Text size="sm" c="dimmed">
              {t('marketing.campaigns.languageMissing', {
                language: name(language),
                fallback: name(defaultLanguage),
              })}
            </Text>
            <Button
              size="xs"
              variant="light"
              onClick={() => onChange(withLanguage(texts, language, defaultLanguage))}
            >
              {t('marketing.campaigns.addLanguage', { language: name(language) })}
            </Button>
          </Stack>
        )}
      </Tabs.Panel>
    </Tabs>
  );
}
