import { z } from 'zod';
import { isoDateTime } from '../../http/schemas.ts';
import { addDays, localDate, zonedInstant } from '../../lib/zoned-time.ts';

/**
 * A variant's own send time (issue 5: variants differ in "subject, body, send time"): an hour
 * of the day on each person's clock, or one instant for everybody. None: at once.
 */
export const variantSendTime = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hour'), hour: z.number().int().min(0).max(23) }),
  z.strictObject({ kind: z.literal('at'), at: isoDateTime }),
]);
export type VariantSendTime = z.infer<typeof variantSendTime>;

const dayMs = 86_400_000;

/**
 * The first time of a slot at or after `from`: the next `hour`:00 on the person's clock
 * (`zone`), or the instant itself, and once it has passed the same time of day on a later day
 * ("the winning time slot, next occurrence"). No slot is `from` itself.
 */
export function nextSlotTime(
  slot: VariantSendTime | null | undefined,
  from: Date,
  zone: string,
): Date {
  if (!slot) return from;
  if (slot.kind === 'at') {
    const at = Date.parse(slot.at);
    if (at >= from.getTime()) return new Date(at);
    return new Date(at + Math.ceil((from.getTime() - at) / dayMs) * dayMs);
  }
  const today = localDate(from, zone);
  for (const date of [today, addDays(today, 1)]) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const candidate = zonedInstant(
      { year, month, day, hour: slot.hour, minute: 0, second: 0 },
      zone,
    );
    if (candidate.getTime() >= from.getTime()) return candidate;
  }
  // unreachable: tomorrow's hour is always after now; kept total for the type checker
  return new Date(from.getTime() + dayMs);
}

/** Whether any variant waits for a time of its own (the A/B test then waits from the last). */
export const hasSendTimes = (variants: { sendTime?: VariantSendTime | null | undefined }[]) =>
  variants.some((variant) => Boolean(variant.sendTime));

/** The slot in words for the winner's note (the note is English, as the rest of it). */
export function slotLabel(slot: VariantSendTime | null | undefined): string {
  if (!slot) return 'at once';
  if (slot.kind === 'hour')
    return `at ${String(slot.hour).padStart(2, '0')}:00 on each person's clock`;
  return `at ${new Date(slot.at).toISOString().slice(11, 16)} UTC, the next day it comes round`;
}
