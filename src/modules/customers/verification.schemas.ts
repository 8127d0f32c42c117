import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { verificationMethods } from './vocabulary.ts';

/** "Data confirmed with the customer": how, when (now when absent) and a note. */
export const verificationInput = z
  .strictObject({
    method: z.enum(verificationMethods),
    verifiedAt: isoDateTime.optional().describe('now when absent; never in the future'),
    note: z
      .string()
      .trim()
      .max(1000)
      .nullish()
      .transform((value) => (value ? value : null))
      .optional(),
  })
  .meta({ id: 'NewVerification' });

export const verificationSchema = z
  .object({
    verifiedAt: z.string(),
    method: z.enum(verificationMethods),
    note: z.string().nullable(),
    verifiedBy: z.string().nullable().describe('the name of the user who confirmed it'),
  })
  .meta({ id: 'CustomerVerification' });

export type VerificationInput = z.output<typeof verificationInput>;
export type CustomerVerification = z.output<typeof verificationSchema>;
