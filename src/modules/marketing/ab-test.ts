import { twoProportionTest } from '../../lib/two-proportion.ts';

/**
 * Picking the winner of an A/B test (seed 004: 20 % get different subject lines, the one with
 * the best open rate goes to the other 80 %). Pure functions, so the rule is unit-tested.
 */
export type VariantResult = {
  key: string;
  sent: number;
  opened: number;
  clicked: number;
  /** event invitations: people who registered (on the list or the waitlist) */
  registered?: number;
  /** call tasks: calls closed with one of `successfulCallOutcomes` */
  succeeded?: number;
  /** letters: recipients who quoted their variant's response code in a lead */
  responded?: number;
};
export type Metric =
  'open_rate' | 'click_rate' | 'registration_rate' | 'call_success_rate' | 'response_rate';

/** the outcomes of a call (activities module) that count as a success for a call script */
export const successfulCallOutcomes = ['interested', 'appointment', 'purchased'] as const;

const hitsOf = (result: VariantResult, metric: Metric) =>
  ({
    open_rate: result.opened,
    click_rate: result.clicked,
    registration_rate: result.registered ?? 0,
    call_success_rate: result.succeeded ?? 0,
    response_rate: result.responded ?? 0,
  })[metric];
const labels: Record<Metric, string> = {
  open_rate: 'open rate',
  click_rate: 'click rate',
  registration_rate: 'registration rate',
  call_success_rate: 'call success rate',
  response_rate: 'response rate',
};

/**
 * The code a variant's letters print: with one variant the campaign's own code, in an A/B test
 * `<code>-<variant>` (migration 0243's view lists both, so either credits the campaign).
 */
export function letterResponseCode(
  campaignCode: string | null,
  variant: string,
  variantCount: number,
): string | null {
  if (!campaignCode) return null;
  return variantCount > 1 ? variantResponseCode(campaignCode, variant) : campaignCode;
}

export const variantResponseCode = (campaignCode: string, variant: string) =>
  `${campaignCode}-${variant}`;

export type WinnerReport = {
  winner: string;
  rates: Record<string, number>;
  /** two-proportion z-test of the winner against the runner-up */
  zScore: number | null;
  significant: boolean;
  note: string;
};

const rateOf = (result: VariantResult, metric: Metric) =>
  result.sent === 0 ? 0 : hitsOf(result, metric) / result.sent;

/**
 * The variant with the highest rate wins; a tie goes to the variant with more responses,
 * then to the earlier key (A before B), so the choice never depends on row order.
 */
export function pickWinner(results: VariantResult[], metric: Metric): WinnerReport {
  if (results.length === 0) throw new Error('no variants to choose from');
  const hits = (r: VariantResult) => hitsOf(r, metric);
  const ranked = [...results].sort(
    (a, b) =>
      rateOf(b, metric) - rateOf(a, metric) || hits(b) - hits(a) || a.key.localeCompare(b.key),
  );
  const [best, second] = ranked as [VariantResult, VariantResult | undefined];
  const rates = Object.fromEntries(results.map((r) => [r.key, rateOf(r, metric)]));
  let zScore: number | null = null;
  if (second && best.sent > 0 && second.sent > 0) {
    zScore = twoProportionTest(
      { trials: best.sent, successes: hits(best) },
      { trials: second.sent, successes: hits(second) },
    ).z;
  }
  // |z| >= 1.96: the difference would arise by chance less than 5 % of the time
  const significant = zScore !== null && zScore >= 1.96;
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const label = labels[metric];
  const note = second
    ? `${best.key} wins on ${label}: ${percent(rateOf(best, metric))} against ${second.key} ${percent(
        rateOf(second, metric),
      )} (z = ${(zScore ?? 0).toFixed(2)}; ${
        significant ? 'significant at 95 %' : 'not significant at 95 %, the lead may be chance'
      })`
    : `${best.key} is the only variant`;
  return { winner: best.key, rates, zScore, significant, note };
}

/**
 * Which test-share bucket a person falls into, from a stable hash of campaign and person:
 * a re-run puts everybody in the same place, so no one gets both variants.
 */
export function bucketOf(campaignId: string, customerId: string): number {
  let hash = 2166136261;
  for (const char of `${campaignId}:${customerId}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % 10_000;
}
