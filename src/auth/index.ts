/** What other modules may use from auth: identity, roles, the data scope and audited writes. */
export type { Actor, Scope } from './actor.ts';
export { can, systemActor } from './actor.ts';
export { actorForUser } from './actor-loader.ts';
export { createApiToken } from './api-tokens.service.ts';
export { hashPassword, minPasswordLength } from './passwords.ts';
export type { Locale, Permission, RoleKey } from './roles.ts';
export { locales, roleAttachments, roleKeys, rolePermissions, isRoleKey } from './roles.ts';
export {
  brandRowVisible,
  customerVisible,
  customerVisibleByDealerSet,
  dealerInScope,
  dealerSetVisible,
  dealerVisible,
  leadRowVisible,
  scopeBrandId,
  singleDealerLinkCondition,
  singleDealerScopeLinks,
  taskBrandVisible,
} from './scope.ts';
export type { LeadScopeColumns } from './scope.ts';
export { withActor, type Tx } from './transaction.ts';
export { auditEvent } from './audit-event.ts';
export { findUserByEmail, findUserById, insertUser, normalizeLogin } from './users.repository.ts';
export type { UserRow } from './users.repository.ts';
