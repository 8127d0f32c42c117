import type { Draft } from './customer-draft.ts';
import { serviceDealerOf } from './dealer-links.ts';
import type { WorldDealer } from './demo-world.ts';
import type { GeneratorContext } from './generator-context.ts';
import { firstTouch, spreadDays, staffFor, type Touch } from './history-generator.ts';
import type { ActivityKey } from './history-texts.ts';
import type { VehicleResult } from './vehicles-generator.ts';

/**
 * The 2 to 5 contacts of a customer's history, as a story that fits his stage: a prospect
 * came through his source channel and was followed up; an owner bought, got his welcome
 * letter, service reminders and calls; a parts customer bought parts; a lost customer's
 * last call ended with "bought another brand".
 */
const serviceKeys = new Set<ActivityKey>(['serviceReminder', 'serviceFollowUp', 'complaint']);

export function planTouches(
  ctx: GeneratorContext,
  draft: Draft,
  purchases: VehicleResult[],
  purchaseDealer: WorldDealer | null,
): Touch[] {
  const { rng, today } = ctx;
  const dealer = draft.dealer;
  const touches: Touch[] = [];
  const count = rng.int(2, 5);
  const first: ActivityKey = firstTouch(draft.source, draft.hasMessenger, rng);
  const touch = (key: ActivityKey, day: number, at: WorldDealer = dealer): Touch => ({
    key,
    day,
    dealer: at,
    user: staffFor(ctx, draft, key, at),
  });
  touches.push(touch(first, draft.firstDay));
  if (draft.stage === 'customer') {
    touches.push(touch('partsOrder', rng.int(draft.firstDay, today - 1)));
    for (const day of spreadDays(rng, count - 2, draft.firstDay + 1, today - 1)) {
      const key = rng.pick<ActivityKey>(['promoSms', 'offerEmail', 'partsRequest', 'eventInvite']);
      touches.push(touch(key, day));
    }
    return touches;
  }
  if (purchases.length) {
    const bought = purchases[0]!;
    // bought in the group: the sale is in the history; bought elsewhere: only the service
    if (purchaseDealer) touches.push(touch('purchase', bought.purchaseDay, purchaseDealer));
    const after: ActivityKey[] = [
      'welcomeLetter',
      'serviceReminder',
      'serviceFollowUp',
      'anniversary',
      'ownersEvent',
    ];
    if (today - bought.purchaseDay > 900) after.push('tradeIn');
    if (rng.chance(0.04)) after.push('complaint');
    const until = bought.endDay ?? today - 1;
    const afterCount = count - touches.length - (draft.stage === 'lost' ? 1 : 0);
    for (const day of spreadDays(rng, afterCount, bought.purchaseDay + 3, until)) {
      const key = rng.pick(after);
      touches.push(touch(key, day, serviceKeys.has(key) ? serviceDealerOf(draft) : dealer));
    }
    if (draft.stage === 'lost') {
      touches.push(touch('lostCall', Math.min(today - 1, until + rng.int(10, 90))));
    }
    return touches;
  }
  const lost = draft.stage === 'lost';
  const last = lost ? Math.min(today - 120, draft.firstDay + 200) : today - 1;
  const options: ActivityKey[] = [
    'followUpCall',
    'followUpCall',
    'testDrive',
    'offerEmail',
    'promoSms',
    'eventInvite',
  ];
  if (draft.hasMessenger) options.push('messengerChat');
  for (const day of spreadDays(rng, count - 1 - (lost ? 1 : 0), draft.firstDay + 1, last)) {
    touches.push(touch(rng.pick(options), day));
  }
  if (lost) touches.push(touch('lostCall', last));
  return touches;
}
