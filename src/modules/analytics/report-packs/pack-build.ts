import { actorForUser, findUserById } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { packFigures } from './pack-figures.ts';
import type { PackRecipient } from './pack-recipients.ts';
import { renderPack, type RenderedPack } from './pack-render.ts';

/**
 * One recipient's pack for one week. The figures are computed with the recipient himself as
 * the actor (label 'job'), so his data scope applies exactly as on his dashboards.
 */
export async function buildPack(
  db: Db,
  recipient: PackRecipient,
  weekStart: string,
): Promise<RenderedPack> {
  const user = await findUserById(db, recipient.userId);
  if (!user) throw new NotFoundError('User');
  const actor = await actorForUser(db, user, 'job');
  const figures = await packFigures(db, actor, weekStart);
  return renderPack(figures, recipient.scope, recipient.locale, recipient.timeZone);
}
