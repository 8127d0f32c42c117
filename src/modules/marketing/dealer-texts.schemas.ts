import { z } from 'zod';
import { languages } from '../customers/index.ts';

/**
 * Plain text in one language (escaped when printed, its line breaks kept); an empty one clears
 * that language. No other control characters: they would only break a mail's layout.
 */
/** a character a mail's layout has no place for: a control one other than tab and line breaks */
const controlCharacter = (text: string) =>
  [...text].some((char) => {
    const code = char.charCodeAt(0);
    return (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;
  });

const textIn = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !controlCharacter(text), 'plain text and line breaks only')
    .nullish();

const textsOf = (max: number) =>
  z.strictObject(
    Object.fromEntries(languages.map((language) => [language, textIn(max)])) as {
      [L in (typeof languages)[number]]: ReturnType<typeof textIn>;
    },
  );

/** PUT /api/dealers/:id/marketing-signature: the whole signature again; all empty removes it. */
export const signatureBody = z.strictObject({ texts: textsOf(600) });

/** PUT /api/campaigns/:id/dealer-notes/:dealerId: the dealer's paragraph; all empty removes it. */
export const dealerNoteBody = z.strictObject({ texts: textsOf(2000) });

const textsView = z.partialRecord(z.enum(languages), z.string());

export const signatureSchema = z
  .object({
    dealerId: z.string(),
    texts: textsView,
    updatedAt: z.string().nullable(),
    /** may the reader change it (the same rule as running this dealer's campaigns) */
    mayEdit: z.boolean(),
  })
  .meta({ id: 'DealerSignature' });

export const dealerNoteSchema = z.object({
  dealerId: z.string(),
  dealerCode: z.string(),
  dealerName: z.string(),
  texts: textsView,
  updatedAt: z.string(),
});

export const dealerNotesSchema = z
  .object({
    campaignId: z.string(),
    /** the campaign takes notes: it is not sent yet */
    open: z.boolean(),
    /** its templates print `{{dealer.note}}` */
    usedInTemplate: z.boolean(),
    /** the dealers the reader may write a note for (his own among the campaign's dealers) */
    writableDealerIds: z.array(z.string()),
    /** the notes of the reader's dealers (the owner above them sees every dealer's) */
    items: z.array(dealerNoteSchema),
  })
  .meta({ id: 'DealerNotes' });
