/**
 * How many messages a delivery pass has with the provider at once (OUTBOX_CONCURRENCY), and so
 * how many SMTP connections the pool keeps. Five is nodemailer's own pool default and what
 * relays commonly allow per client; each in-flight message is one that a crash leaves in doubt
 * (failed as "delivery unknown", never sent twice), so the bound is also that risk's size.
 */
export const defaultOutboxConcurrency = 5;

/** beyond this a relay would refuse the connections and the database pool (10) would queue */
export const maxOutboxConcurrency = 32;

/** OUTBOX_CONCURRENCY read strictly: a typo should stop the server, not silently send slowly. */
export function outboxConcurrency(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return defaultOutboxConcurrency;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > maxOutboxConcurrency) {
    throw new Error(
      `OUTBOX_CONCURRENCY must be a whole number from 1 to ${maxOutboxConcurrency}, got "${value}"`,
    );
  }
  return parsed;
}
