import type { Draft } from './customer-draft.ts';
import type { WorldDealer, WorldUser } from './demo-world.ts';
import type { GeneratorContext } from './generator-context.ts';
import { writeOpenTask } from './history-generator.ts';
import type { TaskKey } from './history-texts.ts';

/**
 * "My day" of every demo user should have content: a task due today, one overdue and one
 * coming. Random tasks give most users that; after the first customers of a run the rest
 * get theirs on recent customers they can see.
 */
export type Due = 'today' | 'overdue' | 'upcoming';

/** Which users already have something due today, overdue and coming. */
export class MyDayTracker {
  readonly today = new Set<string>();
  readonly overdue = new Set<string>();
  readonly upcoming = new Set<string>();
  /** recent customers per dealer, and the latest customer of each consultant */
  private readonly recent = new Map<string, Draft[]>();
  private readonly lastAssigned = new Map<string, Draft>();

  note(userId: string, when: Due): void {
    this[when].add(userId);
  }

  complete(userId: string): boolean {
    return this.today.has(userId) && this.overdue.has(userId) && this.upcoming.has(userId);
  }

  remember(draft: Draft): void {
    const recent = this.recent.get(draft.dealer.id) ?? [];
    recent.push(draft);
    if (recent.length > 12) recent.shift();
    this.recent.set(draft.dealer.id, recent);
    if (draft.consultant) this.lastAssigned.set(draft.consultant.id, draft);
  }

  /** Customers a user sees among the recent ones of his dealers. */
  visibleTo(user: WorldUser, dealers: WorldDealer[]): Draft[] {
    const candidates = dealers.flatMap((dealer) => this.recent.get(dealer.id) ?? []);
    if (user.role !== 'sales_consultant') return candidates;
    // a consultant sees his own customers and the unassigned ones of his dealer
    const own = this.lastAssigned.get(user.id);
    return [...(own ? [own] : []), ...candidates.filter((draft) => draft.consultant === null)];
  }
}

const taskByRole: Partial<Record<WorldUser['role'], TaskKey>> = {
  sales_consultant: 'callBack',
  service_advisor: 'serviceInvite',
  crm_manager: 'dataCheck',
  dealer_manager: 'complaint',
};

/** Give every user still missing something a task due today, one overdue and one coming. */
export function fillMyDay(ctx: GeneratorContext): void {
  const { world, myDay } = ctx;
  const targets: { user: WorldUser; dealers: WorldDealer[] }[] = [];
  for (const dealer of world.dealers) {
    for (const user of [
      ...dealer.consultants,
      ...dealer.advisors,
      ...dealer.crm,
      ...dealer.managers,
    ]) {
      targets.push({ user, dealers: [dealer] });
    }
  }
  for (const user of world.groupUsers) {
    const dealers = world.dealers.filter(
      (dealer) =>
        (!user.regionCode || dealer.regionCode === user.regionCode) &&
        (!user.brandCode || dealer.brandCodes.includes(user.brandCode)),
    );
    targets.push({ user, dealers });
  }
  for (const { user, dealers } of targets) {
    if (myDay.complete(user.id)) continue;
    const visible = myDay.visibleTo(user, dealers);
    if (visible.length === 0) continue;
    const key = taskByRole[user.role] ?? 'dataCheck';
    for (const when of ['today', 'overdue', 'upcoming'] as const) {
      if (myDay[when].has(user.id)) continue;
      const draft = ctx.rng.pick(visible);
      writeOpenTask(ctx, draft, key, user, when, draft.dealer);
    }
  }
}
