/**
 * Splits a claimed batch into `limit` lanes that send side by side. Rows with the same key (the
 * customer) stay in one lane, in their claimed order, so a person's messages never overlap: a
 * hard bounce of the first still holds back the next one before it leaves, as with one lane.
 *
 * Each lane is a `take` function handing out its next row (undefined: the lane is done); the
 * lanes share the queue of groups, so a lane that finishes early takes the next customer.
 * `stop()` makes every lane come back empty from then on (a lane failed: the rows not started
 * stay claimed and come due again when their lease ends).
 */
export type SendLanes<T> = { lanes: (() => T | undefined)[]; stop: () => void };

export function sendLanes<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  limit: number,
): SendLanes<T> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const waiting = [...groups.values()];
  let next = 0;
  let stopped = false;
  const lane = () => {
    let current: T[] = [];
    return (): T | undefined => {
      if (stopped) return undefined;
      if (current.length === 0 && next < waiting.length) current = waiting[next++]!;
      return current.shift();
    };
  };
  const count = Math.max(1, Math.min(Math.floor(limit), waiting.length));
  return {
    lanes: Array.from({ length: count }, lane),
    stop: () => {
      stopped = true;
    },
  };
}
