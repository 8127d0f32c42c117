-- The people of a journey are listed newest entry first, a page at a time (GET
-- /api/journeys/:id/people): this index serves that order and its keyset continuation.
create index journey_enrollments_people_idx
  on journey_enrollments (journey_id, entered_at desc, id desc);
