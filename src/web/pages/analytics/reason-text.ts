import type { TFunction } from 'i18next';
import type { RetentionReason } from '../../api/analytics.ts';
import type { Formatters } from '../../i18n/format.ts';

const knownReasons = [
  'overdue_vs_habit',
  'single_visit_long_ago',
  'low_p_active',
  'high_spender',
  'frequent_visitor',
  'revenue_at_risk',
] as const;
type KnownReason = (typeof knownReasons)[number];

/** A model reason in the user's language; amounts are formatted as money of their currency. */
export function reasonText(reason: RetentionReason, t: TFunction, format: Formatters): string {
  if (!(knownReasons as readonly string[]).includes(reason.code)) return reason.code;
  const { params } = reason;
  const currency = String(params.currency ?? '');
  const minor = params.meanVisitMinor ?? params.amountMinor;
  const amount = minor === undefined ? '' : format.money(Number(minor), currency);
  return t(`analytics.reasons.${reason.code as KnownReason}`, {
    ...params,
    amount,
    monthsSinceLast: format.number(Number(params.monthsSinceLast ?? 0)),
    usualMonths: format.number(Number(params.usualMonths ?? 0)),
  });
}
