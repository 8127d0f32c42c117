import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { actorForUser } from './actor-loader.ts';
import { newSecret, secretHash } from './secrets.ts';
import { withActor } from './transaction.ts';

export const apiTokenPrefix = 'acrm_';

export type CreatedToken = { id: string; token: string; name: string; expiresAt: Date | null };

/** Creates an API token for a user. The token itself is shown once and never stored. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  userId: string,
  name: string,
  expiresAt: Date | null = null,
): Promise<CreatedToken> {
  const token = newSecret(apiTokenPrefix);
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name,
        token_prefix: token.slice(0, apiTokenPrefix.length + 6),
        token_hash: secretHash(token),
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, token, name, expiresAt };
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(apiTokenPrefix)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.expires_at as token_expires',
      'api_tokens.revoked_at as token_revoked',
      'api_tokens.last_used_at as token_used',
    ])
    .where('api_tokens.token_hash', '=', secretHash(token))
    .executeTakeFirst();
  if (!row || !row.active || row.token_revoked) return undefined;
  if (row.token_expires && row.token_expires.getTime() <= Date.now()) return undefined;
  if (!row.token_used || Date.now() - row.token_used.getTime() > 60_000) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date() })
      .where('id', '=', row.token_id)
      .execute();
  }
  return actorForUser(db, row);
}

export async function revokeApiToken(db: Db, actor: Actor, tokenId: string): Promise<boolean> {
  const result = await withActor(db, actor, (tx) =>
    tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('user_id', '=', actor.userId ?? '')
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) > 0;
}
