import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';

/**
 * An attendee's 1-5 rating of the event, from the signed link of his feedback request. Only
 * people who came may rate; answering again replaces the earlier answer (one per person).
 */
export async function recordRating(
  db: Db,
  campaignId: string,
  customerId: string,
  rating: number,
  now = new Date(),
): Promise<boolean> {
  const result = await withActor(db, systemActor('api'), (tx) =>
    tx
      .updateTable('marketing_event_registrations')
      .set({ feedback_rating: rating, feedback_at: now })
      .where('campaign_id', '=', campaignId)
      .where('customer_id', '=', customerId)
      .where('attended_at', 'is not', null)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) > 0;
}

/** What the feedback page shows: the event's name and the rating given so far. */
export async function ratingOf(
  db: Db,
  campaignId: string,
  customerId: string,
): Promise<{ eventName: string; attended: boolean; rating: number | null } | undefined> {
  const row = await db
    .selectFrom('marketing_campaigns as m')
    .leftJoin('marketing_event_registrations as r', (join) =>
      join.onRef('r.campaign_id', '=', 'm.id').on('r.customer_id', '=', customerId),
    )
    .select(['m.name', 'm.kind', 'r.attended_at', 'r.feedback_rating'])
    .where('m.id', '=', campaignId)
    .executeTakeFirst();
  if (!row || row.kind !== 'event') return undefined;
  return {
    eventName: row.name,
    attended: row.attended_at !== null,
    rating: row.feedback_rating,
  };
}
