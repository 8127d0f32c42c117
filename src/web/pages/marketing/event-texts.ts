import type { EventTextInput, EventTextsView } from '../../api/event-care.ts';
import type { TemplateContent } from '../../api/marketing.ts';

export type CareKind = EventTextInput['kind'];
export type CareLanguage = EventTextInput['language'];
/** one text of the editor: `reminder:en` */
export type TextKey = `${CareKind}:${CareLanguage}`;

export const textKey = (kind: CareKind, language: CareLanguage): TextKey => `${kind}:${language}`;

/** The editor's start: each text as the campaign has it, its own else the built-in one. */
export function textsInEditor(view: EventTextsView): Record<TextKey, TemplateContent> {
  return Object.fromEntries(
    view.texts.map((text) => [textKey(text.kind, text.language), text.own ?? text.builtIn]),
  ) as Record<TextKey, TemplateContent>;
}

/** Whether a text says the same as the built-in one in the parts its channel uses. */
export function sameAsBuiltIn(
  channel: 'email' | 'sms',
  text: TemplateContent,
  builtIn: TemplateContent,
): boolean {
  return channel === 'sms'
    ? (text.text ?? '') === (builtIn.text ?? '')
    : text.subject === builtIn.subject && text.mjml === builtIn.mjml;
}

/** What goes to the API: only the texts that differ from the built-in ones, in the view's order. */
export function textsToSave(
  view: EventTextsView,
  edited: Record<TextKey, TemplateContent>,
): EventTextInput[] {
  return view.texts.flatMap((text) => {
    const value = edited[textKey(text.kind, text.language)];
    if (!value || sameAsBuiltIn(view.channel, value, text.builtIn)) return [];
    return [
      {
        kind: text.kind,
        language: text.language,
        subject: view.channel === 'email' ? value.subject : '',
        mjml: view.channel === 'email' ? value.mjml : '',
        ...(view.channel === 'sms' ? { text: value.text ?? '' } : {}),
      },
    ];
  });
}
