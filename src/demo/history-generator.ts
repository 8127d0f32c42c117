import type { ContactChannel, ConsentMethod } from '../modules/customers/index.ts';
import type { Draft } from './customer-draft.ts';
import { isoDay, isoTime, timeMs } from './demo-dates.ts';
import type { DemoBatch } from './demo-tables.ts';
import type { WorldDealer, WorldUser } from './demo-world.ts';
import {
  activityTemplates,
  fill,
  nextContactPlans,
  taskTemplates,
  type ActivityKey,
  type TaskKey,
} from './history-texts.ts';
import type { MyDayTracker } from './my-day.ts';
import { Weighted, type Prng } from './prng.ts';

/**
 * Contact history (every call, visit, e-mail, SMS, letter and event with its outcome and the
 * next planned contact: seed 000 slide 13), tasks, and consents per channel (seed 000 slide
 * 8: recorded permission with date, method and who took it).
 */
export type HistoryContext = {
  rng: Prng;
  batch: DemoBatch;
  today: number;
  callCentre: WorldUser | null;
  myDay: MyDayTracker;
};

export type Touch = { key: ActivityKey; day: number; dealer: WorldDealer; user: WorldUser | null };

export type WrittenActivity = Touch & { id: string; time: string; ms: number };

const serviceKeys = new Set<ActivityKey>(['serviceReminder', 'serviceFollowUp', 'complaint']);
const massKeys = new Set<ActivityKey>([
  'offerEmail',
  'promoSms',
  'welcomeLetter',
  'anniversary',
  'eventInvite',
  'ownersEvent',
]);

/** Who on the dealer's staff handles a kind of contact. */
export function staffFor(
  ctx: HistoryContext,
  draft: Draft,
  key: ActivityKey,
  dealer: WorldDealer,
): WorldUser | null {
  const { rng } = ctx;
  if (serviceKeys.has(key)) return pickOr(rng, dealer.advisors, dealer.crm);
  if (massKeys.has(key)) return pickOr(rng, dealer.crm, dealer.managers);
  if (key === 'followUpCall' && ctx.callCentre && rng.chance(0.15)) return ctx.callCentre;
  if (key === 'partsOrder' || key === 'partsRequest')
    return pickOr(rng, dealer.crm, dealer.managers);
  if (dealer === draft.dealer && draft.consultant) return draft.consultant;
  return pickOr(rng, dealer.consultants, dealer.crm);
}

function pickOr(rng: Prng, first: WorldUser[], second: WorldUser[]): WorldUser | null {
  if (first.length) return rng.pick(first);
  return second.length ? rng.pick(second) : null;
}

const firstTouchBySource: Record<string, ActivityKey> = {
  showroom: 'showroomVisit',
  website: 'webRequest',
  phone: 'inboundCall',
  call_centre: 'inboundCall',
  referral: 'showroomVisit',
  event: 'eventInvite',
  advertising: 'inboundCall',
  own_prospecting: 'followUpCall',
  key_account: 'showroomVisit',
  sub_dealer: 'inboundCall',
  brand_partner: 'webRequest',
  purchased_list: 'followUpCall',
};

export function firstTouch(source: string, hasMessenger: boolean, rng: Prng): ActivityKey {
  if (source === 'website' && hasMessenger && rng.chance(0.3)) return 'messengerChat';
  return firstTouchBySource[source] ?? 'showroomVisit';
}

/** `count` days between `from` and `to` (inclusive), in order. */
export function spreadDays(rng: Prng, count: number, from: number, to: number): number[] {
  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(rng.int(from, Math.max(from, to)));
  return days.sort((a, b) => a - b);
}

const followOutcomes = new Set([
  'interested',
  'callback_requested',
  'appointment',
  'reached',
  'no_answer',
]);

export function writeActivities(
  ctx: HistoryContext,
  draft: Draft,
  touches: Touch[],
): WrittenActivity[] {
  const { rng, batch, today } = ctx;
  const written: WrittenActivity[] = [];
  touches.sort((a, b) => a.day - b.day);
  touches.forEach((touch, index) => {
    const template = activityTemplates[touch.key];
    const hour = rng.int(9, 20);
    const minute = rng.int(0, 59);
    const offset = touch.dealer.utcOffset;
    const time = isoTime(touch.day, hour, minute, offset);
    const outcome = template.outcomes.pick(rng);
    const last = index === touches.length - 1;
    let nextAt: string | null = null;
    let nextPlan: string | null = null;
    const planning = draft.stage === 'prospect' ? 0.7 : draft.stage === 'owner' ? 0.1 : 0;
    if (last && followOutcomes.has(outcome) && rng.chance(planning)) {
      // most plans lie ahead; some were missed (an overdue follow-up the CRM manager checks)
      const nextDay = Math.max(
        touch.day + 1,
        rng.chance(0.8) ? today + rng.int(0, 21) : touch.day + rng.int(1, 14),
      );
      nextAt = isoTime(nextDay, rng.int(10, 18), 0, offset);
      nextPlan = rng.pick(nextContactPlans)[draft.lang];
    }
    const id = rng.uuid();
    batch.activities.push(
      id,
      draft.id,
      touch.dealer.id,
      touch.user?.id ?? null,
      template.channel,
      template.direction,
      time,
      fill(template.subject[draft.lang], draft.model),
      outcome,
      null,
      nextAt,
      nextPlan,
      time,
    );
    // no object spread here: it is measurably slow on millions of rows
    written.push({
      key: touch.key,
      day: touch.day,
      dealer: touch.dealer,
      user: touch.user,
      id,
      time,
      ms: timeMs(touch.day, hour, minute, offset),
    });
  });
  return written;
}

const prospectTasks = new Weighted<TaskKey>([
  ['callBack', 40],
  ['testDrive', 25],
  ['sendOffer', 15],
  ['meeting', 20],
]);
const ownerTasks = new Weighted<TaskKey>([
  ['serviceInvite', 40],
  ['serviceFollowUp', 30],
  ['anniversary', 20],
  ['complaint', 10],
]);

/** Which task fits a contact that was made (for tasks already done). */
const taskForActivity: Partial<Record<ActivityKey, TaskKey>> = {
  followUpCall: 'callBack',
  testDrive: 'testDrive',
  offerEmail: 'sendOffer',
  serviceFollowUp: 'serviceFollowUp',
  serviceReminder: 'serviceInvite',
  anniversary: 'anniversary',
  complaint: 'complaint',
  showroomVisit: 'meeting',
  tradeIn: 'callBack',
};

export function writeTasks(ctx: HistoryContext, draft: Draft, activities: WrittenActivity[]): void {
  const { rng } = ctx;
  const dealer = draft.dealer;
  // open work
  const openChance =
    draft.stage === 'prospect'
      ? 0.22
      : draft.stage === 'owner'
        ? 0.08
        : draft.stage === 'customer'
          ? 0.04
          : 0;
  if (rng.chance(openChance)) {
    const key: TaskKey =
      draft.stage === 'prospect'
        ? prospectTasks.pick(rng)
        : draft.stage === 'owner'
          ? ownerTasks.pick(rng)
          : 'dataCheck';
    const assignee =
      key === 'complaint'
        ? pickOr(rng, dealer.managers, dealer.crm)
        : key === 'dataCheck'
          ? pickOr(rng, dealer.crm, dealer.managers)
          : key === 'serviceInvite' || key === 'serviceFollowUp'
            ? pickOr(rng, dealer.advisors, dealer.crm)
            : (draft.consultant ?? pickOr(rng, dealer.consultants, dealer.crm));
    const roll = rng.float();
    const when = roll < 0.3 ? 'overdue' : roll < 0.55 ? 'today' : 'upcoming';
    writeOpenTask(ctx, draft, key, assignee, when);
  }
  // work already done, tied to the contact it produced
  for (const activity of activities) {
    const key = taskForActivity[activity.key];
    if (!key || !activity.user || !rng.chance(0.35)) continue;
    const template = taskTemplates[key];
    const created = isoTime(
      activity.day - rng.int(1, 7),
      rng.int(9, 12),
      rng.int(0, 59),
      activity.dealer.utcOffset,
    );
    const cancelled = rng.chance(0.04);
    ctx.batch.tasks.push(
      rng.uuid(),
      draft.id,
      activity.dealer.id,
      activity.user.id,
      activity.user.id,
      template.kind,
      fill(template.title[draft.lang], draft.model),
      null,
      'normal',
      activity.time,
      cancelled ? 'cancelled' : 'done',
      cancelled ? null : template.result[draft.lang],
      activity.time,
      activity.user.id,
      cancelled ? null : activity.id,
      created,
      activity.time,
    );
  }
}

export function writeOpenTask(
  ctx: HistoryContext,
  draft: Draft,
  key: TaskKey,
  assignee: WorldUser | null,
  when: 'today' | 'overdue' | 'upcoming',
  dealer: WorldDealer = draft.dealer,
): void {
  const { rng, today } = ctx;
  const template = taskTemplates[key];
  const dueDay =
    when === 'today' ? today : when === 'overdue' ? today - rng.int(1, 14) : today + rng.int(1, 21);
  const due = isoTime(dueDay, rng.int(9, 18), rng.chance(0.5) ? 0 : 30, dealer.utcOffset);
  const created = isoTime(
    Math.min(dueDay, today) - rng.int(1, 10),
    rng.int(9, 19),
    rng.int(0, 59),
    dealer.utcOffset,
  );
  if (assignee) ctx.myDay.note(assignee.id, when);
  ctx.batch.tasks.push(
    rng.uuid(),
    draft.id,
    dealer.id,
    assignee?.id ?? null,
    (draft.capturedBy ?? assignee)?.id ?? null,
    template.kind,
    fill(template.title[draft.lang], draft.model),
    null,
    rng.chance(0.2) ? 'high' : rng.chance(0.15) ? 'low' : 'normal',
    due,
    'open',
    null,
    null,
    null,
    null,
    created,
    created,
  );
}

const grantMethods: Record<string, readonly ConsentMethod[]> = {
  showroom: ['signed_form', 'signed_form', 'signed_form', 'verbal'],
  website: ['web_form'],
  phone: ['call_recording'],
  call_centre: ['call_recording'],
  referral: ['signed_form', 'verbal'],
  event: ['signed_form', 'app'],
  advertising: ['web_form', 'call_recording'],
  own_prospecting: ['signed_form', 'call_recording'],
  key_account: ['signed_form'],
  sub_dealer: ['signed_form', 'import'],
  brand_partner: ['import', 'web_form'],
  purchased_list: ['import'],
};

const withdrawMethods: Record<ContactChannel, ConsentMethod> = {
  email: 'email_link',
  sms: 'sms_reply',
  phone: 'call_recording',
  post: 'signed_form',
  messenger: 'app',
};

function evidence(
  rng: Prng,
  method: ConsentMethod,
  dealer: WorldDealer,
  day: number,
): string | null {
  const date = isoDay(day);
  switch (method) {
    case 'signed_form':
      return `${dealer.code}/${date.slice(0, 4)}/${String(rng.int(1, 99_999)).padStart(5, '0')}`;
    case 'web_form':
      return `web-form ${date} #${rng.int(100_000, 999_999)}`;
    case 'call_recording':
      return `rec-${date.replace(/-/g, '')}-${rng.int(1_000, 99_999)}.mp3`;
    case 'email_link':
      return 'unsubscribe link';
    case 'sms_reply':
      return 'SMS reply STOP';
    case 'import':
      return `import ${date}`;
    default:
      return null;
  }
}

/**
 * A second demo id beside a grant's: the same counter part (unique per draw, prng.ts), its
 * random last group's hex digits turned (15 - d), so it differs from every other id.
 */
function serviceGrantId(grantId: string): string {
  const tail = [...grantId.slice(24)].map((d) => (15 - Number.parseInt(d, 16)).toString(16));
  return grantId.slice(0, 24) + tail.join('');
}

export function writeConsents(ctx: HistoryContext, draft: Draft, channels: ContactChannel[]): void {
  const { rng, batch, today } = ctx;
  const dealer = draft.dealer;
  const methods = grantMethods[draft.source] ?? grantMethods.showroom!;
  // consent is recorded by the dealer's staff (a call-centre capture is confirmed there)
  const grantedBy =
    draft.capturedBy && draft.capturedBy !== ctx.callCentre
      ? draft.capturedBy
      : (dealer.crm[0] ?? dealer.managers[0] ?? null);
  for (const channel of channels) {
    // most people agree when they are captured; some never do
    if (!rng.chance(0.82)) continue;
    const method = rng.pick(methods);
    const time = isoTime(draft.firstDay, rng.int(9, 20), rng.int(0, 59), dealer.utcOffset);
    // drawn in the order the row used to draw them, so the random stream stays as seeded
    const grantId = rng.uuid();
    const proof = evidence(rng, method, dealer, draft.firstDay);
    batch.consents.push(
      grantId,
      draft.id,
      channel,
      'granted',
      'marketing',
      method,
      proof,
      dealer.id,
      grantedBy?.id ?? null,
      time,
      time,
      null,
    );
    if (channel === 'email' && (draft.stage === 'owner' || draft.stage === 'customer')) {
      // a buyer agrees to service e-mails (data checks, service letters) with the same signature;
      // no draw from the random stream, so every other value stays as seeded
      batch.consents.push(
        serviceGrantId(grantId),
        draft.id,
        channel,
        'granted',
        'service',
        method,
        proof,
        dealer.id,
        grantedBy?.id ?? null,
        time,
        time,
        null,
      );
    }
    if (today - draft.firstDay > 40 && rng.chance(0.08)) {
      const day = rng.int(draft.firstDay + 30, today - 1);
      const withdrawal = withdrawMethods[channel];
      const later = isoTime(day, rng.int(9, 20), rng.int(0, 59), dealer.utcOffset);
      const recorder = dealer.crm[0] ?? grantedBy;
      batch.consents.push(
        rng.uuid(),
        draft.id,
        channel,
        'withdrawn',
        'marketing',
        withdrawal,
        evidence(rng, withdrawal, dealer, day),
        dealer.id,
        recorder?.id ?? null,
        later,
        later,
        null,
      );
    }
  }
}
