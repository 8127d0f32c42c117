import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { actorForUser } from './actor-loader.ts';
import { newSecret, secretHash } from './secrets.ts';

/** Idle sessions end after this long; each request inside it extends the session. */
export const sessionIdleMs = 12 * 60 * 60 * 1000;
/** last_seen is written at most this often, to keep reads from turning into writes. */
const touchEveryMs = 60 * 1000;

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

export async function createSession(
  db: Db,
  userId: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newSecret('s_');
  const csrfToken = newSecret('c_');
  const expiresAt = new Date(Date.now() + sessionIdleMs);
  await db
    .insertInto('sessions')
    .values({
      id: secretHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export type SessionActor = { actor: Actor; csrfToken: string };

export async function actorFromSession(db: Db, token: string): Promise<SessionActor | undefined> {
  const id = secretHash(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.csrf_token as session_csrf',
      'sessions.expires_at as session_expires',
      'sessions.last_seen_at as session_seen',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active || row.session_expires.getTime() <= Date.now()) return undefined;
  if (Date.now() - row.session_seen.getTime() > touchEveryMs) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + sessionIdleMs) })
      .where('id', '=', id)
      .execute();
  }
  return { actor: await actorForUser(db, row), csrfToken: row.session_csrf };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', secretHash(token)).execute();
}

export async function endExpiredSessions(db: Db): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  return Number(result[0]?.numDeletedRows ?? 0);
}
