import type pg from 'pg';

export type DrainOptions = {
  /** how long the pool must stay idle to count as drained */
  quietMs?: number;
  /** when to give up waiting */
  timeoutMs?: number;
  pollMs?: number;
};

/** Every connection is back in the pool and no caller waits for one. */
export function poolIsIdle(pool: pg.Pool): boolean {
  return pool.idleCount === pool.totalCount && pool.waitingCount === 0;
}

/**
 * Waits for the work still holding the database to end before it is closed: on shutdown the
 * server stops taking requests, but a handler whose client went away keeps running, and closing
 * the pool under it fails its next query ("driver has already been destroyed") and rolls its
 * transaction back. A handler between two queries of its own briefly gives its connection back,
 * so the pool must stay idle for `quietMs`, not just be idle once. Resolves true when drained,
 * false when `timeoutMs` passed first (the caller closes anyway: a stuck request must not keep
 * the server from stopping).
 */
export async function drainPool(pool: pg.Pool, options: DrainOptions = {}): Promise<boolean> {
  const { quietMs = 200, timeoutMs = 15_000, pollMs = 20 } = options;
  const giveUpAt = Date.now() + timeoutMs;
  let idleSince: number | undefined;
  for (;;) {
    const now = Date.now();
    if (poolIsIdle(pool)) {
      idleSince ??= now;
      if (now - idleSince >= quietMs) return true;
    } else {
      idleSince = undefined;
    }
    if (now >= giveUpAt) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
