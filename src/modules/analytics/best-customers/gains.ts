/**
 * Gains and lift of a ranking: sort people by score, best first, and see what share of the
 * actual buyers the top 10 %, 20 % ... of the list holds. Lift of the top decile = buyer rate
 * in the top 10 % / buyer rate overall (1 = no better than picking at random).
 */
export type GainsPoint = {
  /** share of the list contacted, 0.1 ... 1 */
  share: number;
  people: number;
  buyers: number;
  /** share of all buyers found in this top part of the list */
  cumulativeGain: number;
  lift: number;
};

export type GainsReport = {
  people: number;
  buyers: number;
  baseRate: number;
  topDecileLift: number | null;
  curve: GainsPoint[];
};

export function gainsReport(
  scores: readonly number[],
  buyers: readonly boolean[],
  steps = 10,
): GainsReport {
  if (scores.length !== buyers.length) throw new RangeError('scores and labels differ in length');
  const order = scores.map((score, index) => ({ score, buyer: buyers[index] ?? false }));
  // ties broken towards non-buyers so that a constant score never shows a lift above 1
  order.sort((left, right) => right.score - left.score || Number(left.buyer) - Number(right.buyer));
  const total = order.length;
  const totalBuyers = order.filter((item) => item.buyer).length;
  // buyers among the first `upTo` people, walking the sorted list once
  let found = 0;
  let taken = 0;
  return gainsFromCuts(total, totalBuyers, steps, (_step, upTo) => {
    for (; taken < upTo; taken += 1) if (order[taken]?.buyer) found += 1;
    return found;
  });
}

/**
 * The report from the totals and the buyers among the first round(total * step / steps)
 * people of the ranking at each step: shared by gainsReport and the SQL gains of the fit.
 */
export function gainsFromCuts(
  total: number,
  totalBuyers: number,
  steps: number,
  buyersUpTo: (step: number, upTo: number) => number,
): GainsReport {
  const baseRate = total === 0 ? 0 : totalBuyers / total;
  const curve: GainsPoint[] = [];
  for (let step = 1; step <= steps; step += 1) {
    const upTo = Math.round((total * step) / steps);
    const found = upTo === 0 ? 0 : buyersUpTo(step, upTo);
    const gain = totalBuyers === 0 ? 0 : found / totalBuyers;
    curve.push({
      share: step / steps,
      people: upTo,
      buyers: found,
      cumulativeGain: gain,
      lift: upTo === 0 || baseRate === 0 ? 0 : found / upTo / baseRate,
    });
  }
  const first = curve[0];
  return {
    people: total,
    buyers: totalBuyers,
    baseRate,
    topDecileLift: totalBuyers === 0 || !first || first.people === 0 ? null : first.lift,
    curve,
  };
}
