import type { Db } from '../db/database.ts';
import type { Actor } from './actor.ts';
import { resolveScope } from './scope.ts';
import type { UserRow } from './users.repository.ts';

export async function actorForUser(
  db: Db,
  user: UserRow,
  label: Actor['label'] = 'api',
): Promise<Actor> {
  const scope = await resolveScope(db, {
    userId: user.id,
    role: user.role,
    dealerId: user.dealer_id,
    regionId: user.region_id,
    brandId: user.brand_id,
  });
  return {
    userId: user.id,
    label,
    role: user.role,
    displayName: user.display_name,
    email: user.email,
    locale: user.locale,
    dealerId: user.dealer_id,
    regionId: user.region_id,
    brandId: user.brand_id,
    scope,
  };
}
