import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';

/** One person a journey step awards points to; `key` names the run and step (unique). */
export type JourneyPointsAward = { key: string; customerId: string };

export type JourneyPointsOutcome =
  | { status: 'awarded'; memberId: string; entryId: string }
  | { status: 'already_awarded'; memberId: string }
  | { status: 'not_member' };

/**
 * Points a journey's "add points" step gives (issue 5), set-based for the step's whole batch,
 * in the caller's transaction (the journey runner's, so the award and the step's log commit
 * together). Only active members earn: the club given, or else the person's club of the
 * journey's brand, then the group-wide club, then his oldest membership, so a person in two
 * clubs is awarded once. The ledger row's source id is derived from the run and step, and an
 * award of that key in any of the person's memberships counts, so a retried step (or one
 * re-run after the person joined another club) never awards twice. Points lapse after the
 * club's validity like other earned points.
 */
export async function awardJourneyPoints(
  tx: Tx,
  input: {
    awards: JourneyPointsAward[];
    points: number;
    reason: string;
    clubId?: string | null;
    brandId?: string | null;
    occurredOn: string;
  },
): Promise<Map<string, JourneyPointsOutcome>> {
  const outcomes = new Map<string, JourneyPointsOutcome>();
  if (input.awards.length === 0) return outcomes;
  if (!Number.isInteger(input.points) || input.points <= 0) {
    throw new Error('journey points must be a positive whole number');
  }
  const rows = await sql<{ key: string; member_id: string; entry_id: string | null }>`
    with wanted as (
      select w.key, w.customer_id, md5('journey:' || w.key)::uuid as source_id
        from unnest(${input.awards.map((a) => a.key)}::text[],
                    ${input.awards.map((a) => a.customerId)}::uuid[]) as w(key, customer_id)),
    picked as (
      select distinct on (w.key) w.key, w.source_id, m.id as member_id, m.customer_id,
             m.club_id, c.points_valid_months
        from wanted w
        join club_members m on m.customer_id = w.customer_id and m.status = 'active'
        join clubs c on c.id = m.club_id
       where (${input.clubId ?? null}::uuid is null or m.club_id = ${input.clubId ?? null}::uuid)
       order by w.key, (c.brand_id is not distinct from ${input.brandId ?? null}::uuid) desc,
                (c.brand_id is null) desc, m.joined_on, m.id),
    inserted as (
      insert into club_points_ledger (member_id, customer_id, club_id, source, source_id, points,
                                      reason, occurred_on, expires_on)
      select p.member_id, p.customer_id, p.club_id, 'journey', p.source_id, ${input.points},
             ${input.reason}, ${input.occurredOn}::date,
             (${input.occurredOn}::date + make_interval(months => p.points_valid_months))::date
        from picked p
       where not exists (select 1 from club_points_ledger x
                          where x.customer_id = p.customer_id and x.source = 'journey'
                            and x.source_id = p.source_id)
      on conflict (member_id, source, source_id) where source_id is not null do nothing
      returning id, source_id)
    select p.key, p.member_id, i.id as entry_id
      from picked p left join inserted i on i.source_id = p.source_id`.execute(tx);
  for (const row of rows.rows) {
    outcomes.set(
      row.key,
      row.entry_id
        ? { status: 'awarded', memberId: row.member_id, entryId: row.entry_id }
        : { status: 'already_awarded', memberId: row.member_id },
    );
  }
  for (const award of input.awards) {
    if (!outcomes.has(award.key)) outcomes.set(award.key, { status: 'not_member' });
  }
  return outcomes;
}
