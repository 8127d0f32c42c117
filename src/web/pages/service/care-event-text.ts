import type { TFunction } from 'i18next';
import type { LifecycleEventType } from '../../api/aftersales.ts';

/** "Purchase anniversary · year 3 · with a repurchase voucher": the event with its key facts. */
export function careEventText(
  type: LifecycleEventType,
  payload: Record<string, unknown>,
  t: TFunction,
): string {
  const parts = [t(`aftersales.care.eventType.${type}`)];
  if (type === 'purchase_anniversary' && typeof payload.year === 'number') {
    parts.push(t('aftersales.care.anniversary', { year: payload.year }));
    if (payload.voucher === true) parts.push(t('aftersales.care.voucher'));
  }
  return parts.join(' · ');
}
