/** Reading the audit log (the log itself is written by triggers, see 0001_core_audit.sql). */
export { listAudit, type AuditEntry } from './audit.service.ts';
export { registerAuditRoutes } from './audit.routes.ts';
