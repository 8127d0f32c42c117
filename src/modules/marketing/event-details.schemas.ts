import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { eventChangeKinds } from './schema.ts';

/** A sent event's new venue, start and places: the whole set, as the page's form holds it. */
export const eventDetailsBody = z.strictObject({
  venue: z
    .string()
    .trim()
    .max(300)
    .nullable()
    .transform((value) => value || null),
  startsAt: isoDateTime,
  /** the new end, after the start; null: no end; left out: the old duration from the new start */
  endsAt: isoDateTime.nullish(),
  places: z.number().int().min(1).max(100_000),
  /** tell the invitees who have not answered as well, not only the registered and waiting */
  notifyInvited: z.boolean().default(false),
});
export type EventDetailsInput = z.output<typeof eventDetailsBody>;

/**
 * Staff's reason for a cancel (0246), for the record and never told to the guests: the whole
 * event's (into its change history) or one guest's registration (on it). A bare `{}` or no
 * body has none.
 */
export const cancelReasonBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .max(500)
      .nullish()
      .transform((value) => value || null),
  })
  .default({ reason: null });

const details = z.object({
  venue: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  places: z.number().int(),
});

export const eventChangesSchema = z
  .object({
    details,
    mayEdit: z.boolean(),
    changes: z.array(
      z.object({
        id: z.string(),
        /** 'cancel': the whole event was cancelled (0246); old and new are alike */
        kind: z.enum(eventChangeKinds),
        /** staff's reason (a cancel's) */
        reason: z.string().nullable(),
        sequence: z.number().int(),
        changedAt: z.string(),
        changedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
        old: details,
        new: details,
        promoted: z.number().int(),
        notices: z.object({ queued: z.number().int(), blocked: z.number().int() }),
      }),
    ),
  })
  .meta({ id: 'EventChanges' });
