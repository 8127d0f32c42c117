/** Complaints: what other modules may use. */
export { registerComplaintRoutes } from './complaints.routes.ts';
export {
  escalateOverdueComplaints,
  registerComplaintJobs,
  type EscalationOptions,
  type EscalationReport,
} from './escalation.jobs.ts';
export {
  complaintsJson,
  complaintSummarySchema,
  hasOpenComplaint,
  type ComplaintSummary,
} from './sections.ts';
// the claims index, for analytics' XLSX export of it
export { claimsIndex } from './claims-index.ts';
export * from './schema.ts';
