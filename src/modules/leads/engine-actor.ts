import type { Actor } from '../../auth/index.ts';

/**
 * The lead engine acts with the whole customer base in view: a prospect who already exists at
 * another dealer must be found, not duplicated, even when the caller may not see him, and the
 * follow-up tasks it plans go to whoever works the lead. The caller's own permission is checked
 * before; the audit log still names the caller.
 */
export function engineActor(actor: Actor): Actor {
  return { ...actor, role: 'group_admin', dealerId: null, scope: { level: 'group' } };
}
