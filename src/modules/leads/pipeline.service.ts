import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors.ts';
import { cancelOpenLeadTasks } from './follow-up.ts';
import { engineActor } from './engine-actor.ts';
import { leadVisible } from './lead-queries.ts';
import { loadWritableLead } from './leads.service.ts';
import { leadStages, type LeadStage, type LostReason } from './schema.ts';

export type StageDetail = {
  note?: string | undefined;
  lostReason?: LostReason | undefined;
  competitorMake?: string | undefined;
  competitorModel?: string | undefined;
  /**
   * Allow a move back to an earlier stage (a consultant correcting the board). Without it a
   * move that would go backwards does nothing: an event such as an attended test drive must
   * not pull back a lead that has already reached the offer.
   */
  allowBack?: boolean | undefined;
};

const closedStages: readonly LeadStage[] = ['delivered', 'lost'];

/**
 * Moves a lead along the pipeline (new -> contacted -> showroom visit -> test drive -> offer ->
 * order -> delivered, or lost with a reason). Any move out of "new" other than "lost" counts as
 * the first response. A consultant who moves an unassigned lead takes it. Closing a lead
 * cancels its open follow-up tasks.
 */
export async function moveLeadStage(
  db: Db,
  actor: Actor,
  leadId: string,
  stage: LeadStage,
  detail: StageDetail = {},
): Promise<void> {
  const lead = await loadWritableLead(db, actor, leadId);
  if (stage === 'lost' && !detail.lostReason) {
    throw new ValidationError([{ path: 'lostReason', message: 'required when a lead is lost' }]);
  }
  if (lead.stage === 'delivered' && stage !== 'delivered') {
    throw new ValidationError([{ path: 'stage', message: 'a delivered lead is closed' }]);
  }
  if (lead.stage === stage && stage !== 'lost') return;
  const backwards =
    lead.stage !== 'lost' &&
    stage !== 'lost' &&
    leadStages.indexOf(stage) < leadStages.indexOf(lead.stage);
  if (backwards && !detail.allowBack) return;
  const takes = !lead.assignee && actor.role === 'sales_consultant' ? actor.userId : undefined;
  await withActor(db, actor, async (tx) => {
    await tx
      .updateTable('leads')
      .set({
        stage,
        stage_changed_at: new Date(),
        lost_reason: stage === 'lost' ? detail.lostReason! : null,
        lost_competitor_make: stage === 'lost' ? (detail.competitorMake ?? null) : null,
        lost_competitor_model: stage === 'lost' ? (detail.competitorModel ?? null) : null,
        ...(stage !== 'lost' && stage !== 'new'
          ? { first_response_at: sql<Date>`coalesce(first_response_at, now())` }
          : {}),
        ...(takes ? { assigned_user_id: takes } : {}),
      })
      .where('id', '=', leadId)
      .execute();
    await tx
      .insertInto('lead_stage_history')
      .values({
        lead_id: leadId,
        customer_id: lead.customer.id,
        from_stage: lead.stage,
        to_stage: stage,
        note: detail.note ?? null,
        user_id: actor.userId,
      })
      .execute();
    if (closedStages.includes(stage)) {
      await cancelOpenLeadTasks(tx, engineActor(actor), leadId);
    }
  });
}

export type FunnelRow = { source: string; leads: number; delivered: number };

/**
 * Leads that came in over [from, to) per source and how many of them were delivered: the
 * channels' conversion rates (the sales module's conquest plan builds on it). Every active
 * source is listed, with zeros where nothing came.
 */
export async function leadFunnelBySource(
  db: Db,
  actor: Actor,
  filter: { dealerId?: string | undefined; from: Date | string; to: Date | string },
): Promise<FunnelRow[]> {
  if (!can(actor, 'customers:read')) throw new ForbiddenError();
  if (filter.dealerId && !dealerInScope(actor, filter.dealerId)) {
    throw new ForbiddenError('That dealer is outside your part of the customer base').because(
      'dealer_not_yours',
    );
  }
  const rows = await db
    .selectFrom('lead_sources as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('leads as l')
          .select([
            'l.source_key',
            (inner) => inner.fn.countAll<number>().as('leads'),
            sql<number>`count(*) filter (where l.stage = 'delivered')`.as('delivered'),
          ])
          .where('l.created_at', '>=', new Date(filter.from))
          .where('l.created_at', '<', new Date(filter.to))
          .where(leadVisible(actor))
          .$if(filter.dealerId != null, (query) =>
            query.where('l.dealer_id', '=', filter.dealerId!),
          )
          .groupBy('l.source_key')
          .as('f'),
      (join) => join.onRef('f.source_key', '=', 's.key'),
    )
    .select(['s.key', 'f.leads', 'f.delivered'])
    .where((eb) => eb.or([eb('s.active', '=', true), eb('f.leads', '>', 0)]))
    .orderBy('s.position')
    .orderBy('s.key')
    .execute();
  return rows.map((row) => ({
    source: row.key,
    leads: Number(row.leads ?? 0),
    delivered: Number(row.delivered ?? 0),
  }));
}
