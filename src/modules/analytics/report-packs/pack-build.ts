import { actorForUser, findUserById, scopeBrandId, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { packFigures, type PackFigures } from './pack-figures.ts';
import type { PackRecipient } from './pack-recipients.ts';
import { renderPack, type RenderedPack } from './pack-render.ts';

/** Where a pack's figures come from: computed afresh, or shared within one run (packFiguresOnce). */
export type FiguresSource = (actor: Actor, weekStart: string) => Promise<PackFigures>;

/**
 * What the figures depend on in an actor: the dashboards read him only through his data scope
 * (dealerVisible, dealerRowCondition, the lead conditions), so two actors with the same scope
 * get the same figures, whatever their role. An 'own' scope also depends on the user, a brand
 * scope on the brand (its implied brand filter: brand X's manager and region R1's manager may
 * have the same dealers, but not the same figures).
 */
export function scopeKey(actor: Actor): string {
  const scope = actor.scope;
  if (scope.level === 'group') return 'group';
  const dealers = [...scope.dealerIds].sort().join(',');
  if (scope.level === 'own') return `own:${scope.userId}:${dealers}`;
  const brand = scopeBrandId(actor);
  return brand ? `brand:${brand}:${dealers}` : `dealers:${dealers}`;
}

/**
 * Figures computed once per (scope, week) and reused: a dealer's managers all get the same
 * figures, and so do the group's staff, so a run computes each dealer's (and the group's) set
 * once instead of once per recipient. Meant for one run: the figures are as of that run.
 */
export function packFiguresOnce(db: Db, compute = packFigures): FiguresSource {
  // the promise is kept, so recipients asking at the same time share one computation
  const computed = new Map<string, Promise<PackFigures>>();
  return (actor, weekStart) => {
    const key = `${weekStart}|${scopeKey(actor)}`;
    let figures = computed.get(key);
    if (!figures) {
      figures = compute(db, actor, weekStart);
      computed.set(key, figures);
    }
    return figures;
  };
}

/**
 * One recipient's pack for one week. The figures are computed with the recipient himself as
 * the actor (label 'job'), so his data scope applies exactly as on his dashboards.
 */
export async function buildPack(
  db: Db,
  recipient: PackRecipient,
  weekStart: string,
  figuresOf: FiguresSource = (actor, week) => packFigures(db, actor, week),
): Promise<RenderedPack> {
  const user = await findUserById(db, recipient.userId);
  if (!user) throw new NotFoundError('User');
  const actor = await actorForUser(db, user, 'job');
  const figures = await figuresOf(actor, weekStart);
  return renderPack(figures, recipient.scope, recipient.locale, recipient.timeZone);
}
