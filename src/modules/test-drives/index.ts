/** Test drives: the demo fleet, bookings, invitations, attendance, feedback and the report. */
export { bookTestDrive, cancelBooking } from './bookings.service.ts';
export { addFleetVehicle } from './fleet.service.ts';
export {
  customerBookings,
  getBooking,
  testDriveCalendar,
  type BookingView,
} from './calendar.service.ts';
export { recordAttendance, recordFeedback } from './attendance.service.ts';
export { inviteToTestDrive } from './invitations.service.ts';
export { testDriveConversion } from './report.service.ts';
export { registerTestDriveRoutes } from './test-drives.routes.ts';
export * from './schema.ts';
export { keepFollowingTestDrivers, registerTestDriveJobs } from './follow-up.jobs.ts';
