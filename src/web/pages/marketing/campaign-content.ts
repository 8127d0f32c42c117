import { languages } from '../../../modules/customers/vocabulary.ts';
import type { AbMetric, CampaignChannel } from '../../../modules/marketing/schema.ts';
import type { VariantSendTime } from '../../../modules/marketing/variant-send-time.ts';
import type { TemplateContent, Variant } from '../../api/marketing.ts';
import type { Starters } from './campaign-fields.tsx';

/**
 * The content being written: one draft per variant (A, B, ...) in the campaign's language,
 * shared by the new-campaign form and the campaign page's content editor.
 */
export type Drafts = TemplateContent[];
export type Language = 'en' | 'ru' | 'zh';

/** the API takes at most five variants, keyed by one capital letter */
export const variantKeys = ['A', 'B', 'C', 'D', 'E'] as const;

/**
 * The A/B winner metrics that measure a channel: opens only for e-mail, clicks where a link
 * is tracked (e-mail, SMS), call outcomes for call scripts, leads quoting each variant's own
 * response code for letters, registrations for any event invitation.
 */
export const abMetricsFor = (channel: CampaignChannel, event: boolean): AbMetric[] => [
  ...(channel === 'email' ? (['open_rate'] as const) : []),
  ...(channel === 'email' || channel === 'sms' ? (['click_rate'] as const) : []),
  ...(channel === 'call' ? (['call_success_rate'] as const) : []),
  ...(channel === 'mail' ? (['response_rate'] as const) : []),
  ...(event ? (['registration_rate'] as const) : []),
];

/**
 * The metrics a form may offer: a letter's variants are told apart only by the response code
 * each prints (`<code>-<variant>`), so without a campaign code there is no response rate.
 */
export const abMetricsOffered = (
  channel: CampaignChannel,
  event: boolean,
  hasResponseCode: boolean,
): AbMetric[] =>
  abMetricsFor(channel, event).filter((metric) => metric !== 'response_rate' || hasResponseCode);

/** The metric kept when the choices change: the present one while it is allowed. */
export const keptMetric = (metric: AbMetric, allowed: AbMetric[]): AbMetric =>
  allowed.includes(metric) ? metric : (allowed[0] ?? metric);

/** Only the parts a channel uses (campaign.schemas.ts's channelNeeds), as the API stores them. */
export function forChannel(channel: CampaignChannel, draft: TemplateContent): TemplateContent {
  switch (channel) {
    case 'email':
      return { subject: draft.subject, mjml: draft.mjml };
    case 'sms':
      return { subject: '', mjml: '', text: draft.text ?? '' };
    case 'call':
      return { subject: draft.subject, mjml: '', text: draft.text ?? '' };
    case 'mail':
      return { subject: draft.subject, mjml: draft.mjml };
  }
}

/** Whether a draft has every part its channel requires. */
export function draftReady(channel: CampaignChannel, draft: TemplateContent): boolean {
  const filled = (value: string | undefined) => Boolean(value?.trim());
  switch (channel) {
    case 'email':
      return filled(draft.subject) && filled(draft.mjml);
    case 'sms':
      return filled(draft.text);
    case 'call':
      return filled(draft.subject) && filled(draft.text);
    case 'mail':
      return filled(draft.mjml);
  }
}

/** A new campaign's first variant on each channel: the starter texts. */
export function starterDrafts(starters: Starters): Record<CampaignChannel, Drafts> {
  return {
    email: [{ subject: '', mjml: starters.emailMjml }],
    sms: [{ subject: '', mjml: '', text: starters.smsText }],
    call: [{ subject: starters.callTitle, mjml: '', text: starters.callScript }],
    mail: [{ subject: '', mjml: starters.letterMjml }],
  };
}

/**
 * The starter texts follow the language and the event switch while untouched: each part still
 * equal to the old starter becomes the new one, anything the user wrote stays.
 */
export function restartDrafts(
  drafts: Record<CampaignChannel, Drafts>,
  before: Starters,
  after: Starters,
): Record<CampaignChannel, Drafts> {
  const old = starterDrafts(before);
  const next = starterDrafts(after);
  const keep = (value: string | undefined, was: string | undefined, now: string | undefined) =>
    was !== undefined && value === was ? now : value;
  const restart = (channel: CampaignChannel) =>
    drafts[channel].map((draft) => {
      const was = old[channel][0]!;
      const now = next[channel][0]!;
      const text = keep(draft.text, was.text, now.text);
      return {
        subject: keep(draft.subject, was.subject || undefined, now.subject) ?? '',
        mjml: keep(draft.mjml, was.mjml || undefined, now.mjml) ?? '',
        ...(text === undefined ? {} : { text }),
      };
    });
  return {
    email: restart('email'),
    sms: restart('sms'),
    call: restart('call'),
    mail: restart('mail'),
  };
}

/**
 * Drafts back as the API's variants: a variant keeps what it has in other languages, and its
 * content in the edited language is the draft's (only the channel's parts).
 */
export function variantsFrom(
  channel: CampaignChannel,
  drafts: Drafts,
  language: Language,
  existing: Variant[] = [],
): Variant[] {
  return drafts.map((draft, index) => ({
    key: variantKeys[index]!,
    contents: { ...existing[index]?.contents, [language]: forChannel(channel, draft) },
  }));
}

/** The channels whose variants may carry a send time of their own (the outbox's). */
export const hasSendTime = (channel: CampaignChannel) => channel === 'email' || channel === 'sms';

/**
 * Variants with their send times (index by index), as the API takes them: only on a channel
 * that has them; a variant at once carries none.
 */
export function withSendTimes(
  channel: CampaignChannel,
  variants: Variant[],
  times: (VariantSendTime | null)[],
): Variant[] {
  return variants.map((variant, index) => ({
    ...variant,
    sendTime: hasSendTime(channel) ? (times[index] ?? null) : null,
  }));
}

/** One variant's texts by language, as the campaign page edits them. */
export type VariantTexts = Partial<Record<Language, TemplateContent>>;

/** A saved campaign's variants as texts per language, every language it has. */
export const textsOf = (variants: Variant[]): VariantTexts[] =>
  variants.map((variant) => ({ ...variant.contents }));

/** Texts back as the API's variants: every language written, only the channel's parts. */
export function variantsFromTexts(channel: CampaignChannel, texts: VariantTexts[]): Variant[] {
  return texts.map((byLanguage, index) => ({
    key: variantKeys[index]!,
    contents: Object.fromEntries(
      languages.flatMap((language) => {
        const content = byLanguage[language];
        return content ? [[language, forChannel(channel, content)]] : [];
      }),
    ),
  }));
}

/**
 * A variant with a text in one more language. It starts as a copy of the default language's
 * text, to be translated: its Handlebars and MJML are usually the same in every language.
 */
export function withLanguage(
  texts: VariantTexts,
  language: Language,
  defaultLanguage: Language,
): VariantTexts {
  if (texts[language]) return texts;
  const from = texts[defaultLanguage] ?? { subject: '', mjml: '' };
  return { ...texts, [language]: { ...from } };
}

/** A variant without its text in a language; the default language always stays. */
export function withoutLanguage(
  texts: VariantTexts,
  language: Language,
  defaultLanguage: Language,
): VariantTexts {
  if (language === defaultLanguage) return texts;
  const { [language]: _removed, ...rest } = texts;
  return rest;
}

/** The languages a variant has a text in, in the tabs' order. */
export const writtenLanguages = (texts: VariantTexts): Language[] =>
  languages.filter((language) => texts[language] !== undefined);

/**
 * Whether the texts can be sent as they are: every variant in the default language (the API
 * requires it) and each language written has every part its channel needs.
 */
export function textsReady(
  channel: CampaignChannel,
  texts: VariantTexts[],
  defaultLanguage: Language,
): boolean {
  return texts.every(
    (byLanguage) =>
      byLanguage[defaultLanguage] !== undefined &&
      writtenLanguages(byLanguage).every((language) => draftReady(channel, byLanguage[language]!)),
  );
}

/** The server's problems of one text, by part. */
export type PartErrors = Partial<Record<'subject' | 'mjml' | 'text', string>>;

/** The server's problems of one variant's texts, by language and part (`variants.N.contents.L.part`). */
export function textErrors(
  errors: Record<string, string>,
  index: number,
): Partial<Record<Language, PartErrors>> {
  const found: Partial<Record<Language, PartErrors>> = {};
  for (const language of languages) {
    const prefix = `variants.${index}.contents.${language}`;
    const parts = {
      subject: errors[`${prefix}.subject`],
      // a problem of the whole language (missing default text, MJML that does not compile)
      mjml: errors[`${prefix}.mjml`] ?? errors[prefix],
      text: errors[`${prefix}.text`],
    };
    if (parts.subject ?? parts.mjml ?? parts.text) found[language] = parts;
  }
  return found;
}
