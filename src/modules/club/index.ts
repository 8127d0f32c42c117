/** The owners club: what other modules may use. */
export { registerClubRoutes } from './club.routes.ts';
export * from './schema.ts';
export { registerClubJobs } from './club.jobs.ts';
export { runClubCycle, type ClubCycleReport } from './club-cycle.ts';
export {
  clubKpis,
  clubMemberCondition,
  clubTargets,
  liveClubKpiTests,
  repurchaseDays,
  repurchasedWithin5Years,
  repurchasedWithin5YearsOn,
  repurchaseWindowStart,
  type ClubKpiRow,
  type ClubKpiTests,
  type ClubMemberFilter,
} from './kpis.service.ts';
export { membershipsOfCustomer, type MemberView } from './members.service.ts';
export { clubSummarySql, type ClubSummary } from './member-summary.ts';
export { createClub } from './clubs.service.ts';
export { createEvent, recordAttendance, registerForEvent } from './events.service.ts';
export { addPerk, createPartner } from './partners.service.ts';
export {
  awardJourneyPoints,
  type JourneyPointsAward,
  type JourneyPointsOutcome,
} from './journey-points.ts';
// the service module settles a corrected or cancelled visit's points in its own transaction
export { settleVisitPoints, type VisitPointsSettlement } from './visit-points.ts';
// analytics keeps each member's last activity and repurchase days by the club's own rules
export { dormantCutoff, lastActivity } from './dormancy.ts';
// analytics answers the members page's KPI card (GET /api/club/kpis): the club's day and shape
export { today } from './dates.ts';
export { kpisSchema } from './club.views.ts';
