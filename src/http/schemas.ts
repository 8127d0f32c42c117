import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z
        .array(
          z.object({
            path: z.string(),
            message: z.string(),
            code: z
              .string()
              .optional()
              .describe('for clients to say the problem in their language'),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        )
        .optional(),
      params: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .describe('the specifics the message names (a dealer code, a limit), for translations'),
    }),
  })
  .meta({ id: 'Error' });

export const idParams = z.strictObject({ id: z.uuid() });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** An ISO-8601 timestamp with a time zone, e.g. 2026-11-22T09:30:00+03:00. */
export const isoDateTime = z.iso.datetime({ offset: true });
/** A calendar date, e.g. 2026-11-22. */
export const isoDate = z.iso.date();

/** Error answers every route may give, for the OpenAPI document. */
export const commonErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
