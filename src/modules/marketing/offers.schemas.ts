import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';
import { languages } from '../customers/index.ts';
import { ownerLevels } from './schema.ts';
import { segmentDefinition } from './segment.schemas.ts';

/** An offer's title and text in one language (plain text: templates put it where they like). */
export const offerText = z.strictObject({
  title: z.string().trim().min(1).max(200),
  text: z.string().trim().max(2000).default(''),
});

export const offerBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    ownerLevel: z.enum(ownerLevels),
    brandId: z.uuid().nullish(),
    dealerId: z.uuid().nullish(),
    validFrom: isoDate,
    validTo: isoDate,
    /** among offers of one level, the higher is recommended first */
    priority: z.number().int().min(-1000).max(1000).default(0),
    active: z.boolean().default(true),
    texts: z
      .partialRecord(z.enum(languages), offerText)
      .refine((texts) => Object.keys(texts).length > 0, { message: 'give at least one language' }),
    /** who it is for: a saved segment, or a condition tree of its own (one of them) */
    segmentId: z.uuid().nullish(),
    condition: segmentDefinition.nullish(),
  })
  .superRefine((body, ctx) => {
    if (!body.segmentId === !body.condition) {
      ctx.addIssue({
        code: 'custom',
        path: ['segmentId'],
        message: 'give a segment or a condition (one of them)',
      });
    }
    if (body.validTo < body.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'on or after the first day' });
    }
    if (body.ownerLevel === 'dealer' && !body.dealerId) {
      ctx.addIssue({
        code: 'custom',
        path: ['dealerId'],
        message: 'a dealer offer names its dealer',
      });
    }
    if (body.ownerLevel === 'brand' && !body.brandId) {
      ctx.addIssue({ code: 'custom', path: ['brandId'], message: 'a brand offer names its brand' });
    }
  });
export type OfferBody = z.output<typeof offerBody>;

export const offerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerLevel: z.enum(ownerLevels),
    brandId: z.string().nullable(),
    dealerId: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string(),
    priority: z.number().int(),
    active: z.boolean(),
    texts: z.partialRecord(z.enum(languages), z.object({ title: z.string(), text: z.string() })),
    segmentId: z.string().nullable(),
    condition: z.unknown().nullable(),
    /** whether the reader may change it (marketing:write and running its owner's level) */
    mayEdit: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Offer' });
