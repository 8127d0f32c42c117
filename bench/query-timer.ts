import pg from 'pg';

/**
 * Where a bench's database time goes: wraps node-postgres' Client.query (which Kysely, and
 * PGlite through its pg adapter, both use) and sums wall time and calls per statement, keyed by
 * the statement's first words. Times of statements run side by side (Promise.all over a pool)
 * add up, so their sum may exceed the elapsed time. For benches only: it slows nothing
 * measurable (one performance.now() pair a query) but it patches a library's prototype.
 */
type Entry = { calls: number; ms: number };

export function startQueryTimer() {
  const entries = new Map<string, Entry>();
  const proto = pg.Client.prototype as unknown as {
    query: (...args: unknown[]) => unknown;
  };
  const original = proto.query;
  const keyOf = (config: unknown): string => {
    const text =
      typeof config === 'string'
        ? config
        : typeof config === 'object' && config && 'text' in config
          ? String((config as { text: unknown }).text)
          : '?';
    return text.replace(/\s+/g, ' ').trim().slice(0, 90);
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    // only the promise form (what Kysely uses) is timed
    if (!(result instanceof Promise)) return result;
    const key = keyOf(args[0]);
    const start = performance.now();
    const settle = () => {
      const entry = entries.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - start;
      entries.set(key, entry);
    };
    result.then(settle, settle);
    return result;
  };
  return {
    reset: () => entries.clear(),
    /** the statements that took the most time, most first */
    report(top = 15): string {
      return [...entries.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, top)
        .map(
          ([key, entry]) =>
            `  ${(entry.ms / 1000).toFixed(2).padStart(7)} s ${String(entry.calls).padStart(6)}x  ${key}`,
        )
        .join('\n');
    },
    stop: () => {
      proto.query = original;
    },
  };
}
