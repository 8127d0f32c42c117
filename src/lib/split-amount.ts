/**
 * Splits an amount of minor units over parts in proportion to their weights so that the parts
 * add up to the amount exactly (largest remainder: each part gets the floor of its share, the
 * units left over go one each to the largest remainders, ties to the earlier part). With no
 * weight at all the parts share evenly. BigInt keeps amount × weight exact.
 */
export function splitAmount<K>(
  amount: number,
  weights: ReadonlyArray<readonly [K, number]>,
): Map<K, number> {
  if (weights.length === 0) return new Map();
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  const even = total <= 0;
  const divisor = BigInt(even ? weights.length : total);
  const shares = weights.map(([key, weight], index) => {
    const scaled = BigInt(amount) * BigInt(even ? 1 : weight);
    return { key, index, base: scaled / divisor, remainder: scaled % divisor };
  });
  // fewer units are left over than there are parts: at most one more each
  let left = BigInt(amount) - shares.reduce((sum, share) => sum + share.base, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of order) {
    if (left === 0n) break;
    share.base += 1n;
    left -= 1n;
  }
  return new Map(shares.map((share) => [share.key, Number(share.base)]));
}
