import { SimpleGrid, Textarea } from '@mantine/core';
import type { TextsInput } from '../../api/dealer-texts.ts';
import { languages } from '../../i18n/i18n.ts';
import type { FieldErrors } from '../../lib/field-errors.ts';

export const emptyTexts: TextsInput = { en: '', ru: '', zh: '' };

/** The stored texts (some languages missing) as the form edits them. */
export const textsInput = (texts: Partial<TextsInput> | undefined): TextsInput => ({
  ...emptyTexts,
  ...texts,
});

/** One plain-text box per language; the server's problems under each (`texts.ru`). */
export function DealerTextsFields({
  value,
  onChange,
  errors,
  maxLength,
  disabled,
  testId,
}: {
  value: TextsInput;
  onChange: (value: TextsInput) => void;
  errors: FieldErrors;
  maxLength: number;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {languages.map((language) => (
        <Textarea
          key={language.value}
          label={language.label}
          autosize
          minRows={3}
          maxLength={maxLength}
          disabled={disabled}
          value={value[language.value]}
          error={errors[`texts.${language.value}`]}
          onChange={(event) => onChange({ ...value, [language.value]: event.currentTarget.value })}
          data-testid={`${testId}-${language.value}`}
        />
      ))}
    </SimpleGrid>
  );
}
