import { z } from 'zod';

const pairStatus = z.enum(['open', 'skipped', 'not_duplicate', 'merged']);

export const duplicateRunSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  stage: z.string().describe('read, match, store, merge, done'),
  done: z.number().int(),
  total: z.number().int(),
  customers: z.number().int(),
  pairs: z.number().int(),
  autoMerged: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const duplicateSettingsSchema = z.object({
  reviewLower: z.number().gt(0).lt(1),
  reviewUpper: z.number().gt(0).lte(1),
  autoMerge: z.boolean(),
});

const customerRef = z.object({ id: z.string(), displayName: z.string() });

export const duplicatePairSchema = z.object({
  customerA: customerRef,
  customerB: customerRef,
  probability: z.number(),
  weight: z.number(),
  household: z.boolean(),
  status: pairStatus,
  updatedAt: z.string(),
});

export const queueQuery = z.strictObject({
  minProbability: z.coerce.number().min(0).max(1).optional(),
  maxProbability: z.coerce.number().min(0).max(1).optional(),
  status: pairStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const pairParams = z.strictObject({ a: z.uuid(), b: z.uuid() });

export const contributionSchema = z.object({
  field: z.string(),
  level: z.string(),
  weight: z.number(),
  termAdjusted: z.boolean(),
  discounted: z.boolean(),
});

const comparedCustomer = z.object({
  id: z.string(),
  displayName: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]).nullable()),
  phones: z.array(z.object({ e164: z.string(), raw: z.string(), isPrimary: z.boolean() })),
  emails: z.array(z.object({ address: z.string(), isPrimary: z.boolean() })),
  addresses: z.array(z.object({ text: z.string(), isPrimary: z.boolean() })),
  vehicles: z.array(
    z.object({
      id: z.string(),
      vin: z.string().nullable(),
      name: z.string(),
      plate: z.string().nullable(),
    }),
  ),
  leads: z.array(
    z.object({
      id: z.string(),
      stage: z.string(),
      dealer: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  dealers: z.array(z.object({ id: z.string(), name: z.string(), relations: z.array(z.string()) })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const pairComparisonSchema = z.object({
  pair: duplicatePairSchema,
  explanation: z.array(contributionSchema),
  customers: z.tuple([comparedCustomer, comparedCustomer]),
});

export const decisionBody = z.strictObject({
  decision: z
    .enum(['not_duplicate', 'skip', 'reopen'])
    .describe('reopen: back into the review queue (after a mistaken "not a duplicate" or skip)'),
});
