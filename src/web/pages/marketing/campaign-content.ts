import type { AbMetric, CampaignChannel } from '../../../modules/marketing/schema.ts';
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
 * is tracked (e-mail, SMS), call outcomes for call scripts, registrations for any event
 * invitation. None: a non-event letter has nothing per variant to measure it by.
 */
export const abMetricsFor = (channel: CampaignChannel, event: boolean): AbMetric[] => [
  ...(channel === 'email' ? (['open_rate'] as const) : []),
  ...(channel === 'email' || channel === 'sms' ? (['click_rate'] as const) : []),
  ...(channel === 'call' ? (['call_success_rate'] as const) : []),
  ...(event ? (['registration_rate'] as const) : []),
];

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

/** A saved campaign's variants as drafts in one language (every variant has the default one). */
export function draftsOf(variants: Variant[], language: Language): Drafts {
  return variants.map(
    (variant) =>
      variant.contents[language] ?? Object.values(variant.contents)[0] ?? { subject: '', mjml: '' },
  );
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

/** Other languages a campaign's variants are written in besides the edited one. */
export function otherLanguages(variants: Variant[], language: Language): Language[] {
  const found = new Set<Language>();
  for (const variant of variants) {
    for (const key of Object.keys(variant.contents) as Language[]) {
      if (key !== language) found.add(key);
    }
  }
  return [...found].sort();
}
