import { z } from 'zod';

export const registrationCancelParams = z.strictObject({ id: z.uuid(), customerId: z.uuid() });

export const staffCancelReportSchema = z.object({
  status: z.literal('cancelled'),
  /** he held a place (registered, not a walk-in) */
  heldPlace: z.boolean(),
  /** people moved up from the waitlist into his place */
  promoted: z.number().int(),
  /** his notice: queued, or kept blocked (consent, rules) */
  notices: z.object({ queued: z.number().int(), blocked: z.number().int() }),
});
