import type { TFunction } from 'i18next';
import type { RetentionReason } from '../../api/analytics.ts';
import type { Formatters } from '../../i18n/format.ts';

/** A model reason in the user's language; amounts are formatted as money of their currency. */
export function reasonText(reason: RetentionReason, t: TFunction, format: Formatters): string {
  switch (reason.code) {
    case 'overdue_vs_habit':
      return t('analytics.reasons.overdue_vs_habit', {
        monthsSinceLast: format.number(reason.params.monthsSinceLast),
        usualMonths: format.number(reason.params.usualMonths),
      });
    case 'single_visit_long_ago':
      return t('analytics.reasons.single_visit_long_ago', {
        monthsSinceLast: format.number(reason.params.monthsSinceLast),
      });
    case 'low_p_active':
      return t('analytics.reasons.low_p_active', reason.params);
    case 'high_spender':
      return t('analytics.reasons.high_spender', {
        amount: format.money(reason.params.meanVisitMinor, reason.params.currency),
      });
    case 'frequent_visitor':
      return t('analytics.reasons.frequent_visitor', reason.params);
    case 'revenue_at_risk':
      return t('analytics.reasons.revenue_at_risk', {
        amount: format.money(reason.params.amountMinor, reason.params.currency),
      });
    default:
      // a reason a newer model wrote that this app does not know yet
      return (reason as { code: string }).code;
  }
}
