/**
 * Why an owner is on the retention worklist, in words an agent can use on the phone. Reasons
 * are codes with parameters so that the web app says them in the user's language.
 */
export type RetentionReason =
  | { code: 'overdue_vs_habit'; params: { monthsSinceLast: number; usualMonths: number } }
  | { code: 'single_visit_long_ago'; params: { monthsSinceLast: number } }
  | { code: 'low_p_active'; params: { percent: number } }
  | { code: 'high_spender'; params: { meanVisitMinor: number; currency: string } }
  | { code: 'frequent_visitor'; params: { visits: number } }
  | { code: 'revenue_at_risk'; params: { amountMinor: number; currency: string } };

export type ScoredOwner = {
  visits: number;
  /** weeks from the first to the last visit */
  recency: number;
  /** weeks from the first visit to the model's as-of day */
  age: number;
  pActive: number;
  meanVisitMinor: number;
  revenueAtRiskMinor: number | null;
  currency: string;
  fScore: number;
  mScore: number;
};

const weeksPerMonth = 365.25 / 12 / 7;
const months = (weeks: number) => Math.round((weeks / weeksPerMonth) * 10) / 10;

export function retentionReasons(owner: ScoredOwner): RetentionReason[] {
  const reasons: RetentionReason[] = [];
  const weeksSinceLast = owner.age - owner.recency;
  if (owner.visits >= 2) {
    const usualGap = owner.recency / (owner.visits - 1);
    // half as long again as his own habit: the model's main signal, said plainly
    if (weeksSinceLast > 1.5 * usualGap) {
      reasons.push({
        code: 'overdue_vs_habit',
        params: { monthsSinceLast: months(weeksSinceLast), usualMonths: months(usualGap) },
      });
    }
  } else if (weeksSinceLast > 52) {
    reasons.push({
      code: 'single_visit_long_ago',
      params: { monthsSinceLast: months(weeksSinceLast) },
    });
  }
  if (owner.pActive < 0.5) {
    reasons.push({ code: 'low_p_active', params: { percent: Math.round(owner.pActive * 100) } });
  }
  if (owner.mScore >= 4) {
    reasons.push({
      code: 'high_spender',
      params: { meanVisitMinor: owner.meanVisitMinor, currency: owner.currency },
    });
  }
  if (owner.fScore >= 4)
    reasons.push({ code: 'frequent_visitor', params: { visits: owner.visits } });
  if (owner.revenueAtRiskMinor !== null && owner.revenueAtRiskMinor > 0) {
    reasons.push({
      code: 'revenue_at_risk',
      params: { amountMinor: owner.revenueAtRiskMinor, currency: owner.currency },
    });
  }
  return reasons;
}
