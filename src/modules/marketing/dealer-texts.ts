import { languages, type Language } from '../customers/index.ts';
import type { TemplateContent } from './templates.ts';

/** A dealer's text in each language it was written in (0273): signature or campaign note. */
export type DealerTexts = Partial<Record<Language, string>>;

/**
 * The text for one message: in the first language given that has one (the message's own, then
 * the person's, then the campaign's default), else in any language written, else none.
 */
export function pickText(
  texts: DealerTexts | null | undefined,
  wanted: (Language | null | undefined)[],
): string | null {
  if (!texts) return null;
  for (const language of [...wanted, ...languages]) {
    const text = language ? texts[language] : undefined;
    if (text) return text;
  }
  return null;
}

/** Texts as stored: trimmed, the empty ones left out (a language cleared is a language gone). */
export function keptTexts(
  texts: Partial<Record<Language, string | null | undefined>>,
): DealerTexts {
  const kept: DealerTexts = {};
  for (const language of languages) {
    const text = texts[language]?.trim();
    if (text) kept[language] = text;
  }
  return kept;
}

/** Whether a campaign's templates print the dealer's paragraph (the page says so to dealers). */
export function templatesUseDealerNote(
  variants: { contents: Partial<Record<Language, TemplateContent>> }[],
): boolean {
  return variants.some((variant) =>
    Object.values(variant.contents).some((content) =>
      /\{\{\{?\s*dealer\.note\b/.test(
        `${content?.subject ?? ''}${content?.mjml ?? ''}${content?.text ?? ''}`,
      ),
    ),
  );
}
