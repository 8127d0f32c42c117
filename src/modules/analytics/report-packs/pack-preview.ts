import type { Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { buildPack } from './pack-build.ts';
import { packRecipients } from './pack-recipients.ts';
import { dueWeek, localClock, mondayOf } from './pack-week.ts';

/**
 * The caller's own pack, rendered as it would be mailed: the due week by default, or the
 * week of a given day (one that has begun; the current week shows its days so far).
 */
export async function previewMyPack(
  db: Db,
  actor: Actor,
  week: string | undefined,
  now = new Date(),
): Promise<{ weekStart: string; subject: string; html: string }> {
  const [recipient] = actor.userId ? await packRecipients(db, { userId: actor.userId }) : [];
  if (!recipient) throw new NotFoundError('Weekly pack of this user');
  const today = localClock(now, recipient.timeZone).date;
  const weekStart = week === undefined ? dueWeek(now, recipient.timeZone) : mondayOf(week);
  if (weekStart > today) {
    throw new ValidationError([{ path: 'week', message: 'this week has not begun yet' }]);
  }
  const pack = await buildPack(db, recipient, weekStart);
  return { weekStart, subject: pack.subject, html: pack.html };
}
