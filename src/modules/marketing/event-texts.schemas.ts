import { z } from 'zod';
import { languages } from '../customers/index.ts';
import { eventMessageKinds } from './schema.ts';

/** One own text of an event's care: a kind of message in one language (Handlebars). */
export const eventTextInput = z.strictObject({
  kind: z.enum(eventMessageKinds),
  language: z.enum(languages),
  subject: z.string().trim().max(300).default(''),
  mjml: z.string().max(200_000).default(''),
  text: z.string().max(5000).optional(),
});
export type EventTextInput = z.output<typeof eventTextInput>;

/** The whole set of own texts: a kind and language not given goes back to the built-in text. */
export const eventTextsBody = z.strictObject({
  texts: z.array(eventTextInput).max(eventMessageKinds.length * languages.length),
});

const content = z.object({
  subject: z.string(),
  mjml: z.string(),
  text: z.string().optional(),
});

export const eventTextsSchema = z
  .object({
    /** the channel the reminders go by: an SMS event's by SMS, every other by e-mail */
    channel: z.enum(['email', 'sms']),
    /** whether the asking user may change them (the campaign's owner level or above) */
    mayEdit: z.boolean(),
    texts: z.array(
      z.object({
        kind: z.enum(eventMessageKinds),
        language: z.enum(languages),
        builtIn: content,
        own: content.nullable(),
      }),
    ),
  })
  .meta({ id: 'EventTexts' });
