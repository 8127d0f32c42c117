import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { noteVisitDaysChanged } from '../analytics/index.ts';
import { settleVisitPoints } from '../club/index.ts';
import { withdrawFollowUp } from './follow-ups.service.ts';
import { odometerProblem } from './odometer.ts';
import { closeRecallsByVisit } from './recalls.service.ts';
import { checkAdvisor } from './visits.service.ts';
import { checkLines, correctedTotal, recordedLines, writeLines } from './visit-lines.ts';
import type {
  CancelledVisitView,
  CancelVisitInput,
  CorrectVisitInput,
} from './visit-corrections.schemas.ts';

/** The visit as the actor may change it: in his data scope and at one of his dealers. */
async function loadVisit(db: Db, actor: Actor, visitId: string) {
  if (!can(actor, 'service:write')) throw new ForbiddenError();
  const visit = await db
    .selectFrom('service_visits as s')
    .innerJoin('dealers as d', 'd.id', 's.dealer_id')
    .select([
      's.id',
      's.customer_id',
      's.vehicle_id',
      's.dealer_id',
      's.visit_type',
      's.visit_date',
      's.mileage_km',
      'd.timezone',
    ])
    .where('s.id', '=', visitId)
    .where((eb) => customerVisible(actor, eb.ref('s.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('s.dealer_id')))
    .executeTakeFirst();
  if (!visit) throw new NotFoundError('Service visit');
  return visit;
}

/** A recall the visit had closed is open again: the work is not proven done any more. */
async function reopenRecallsOf(tx: Tx, visitId: string): Promise<void> {
  await tx
    .updateTable('recall_vehicles')
    .set({ status: 'open', closed_visit_id: null, closed_at: null })
    .where('closed_visit_id', '=', visitId)
    .execute();
}

/**
 * Corrects a recorded visit (a mistyped mileage, the wrong date or type, its lines). Validated
 * as at recording; the odometer is checked against the car's other readings, not the visit's
 * own wrong one. The audit triggers keep the old and new values with the actor. The club points
 * the visit earned and the dashboards' old day follow in the same transaction.
 */
export async function correctVisit(
  db: Db,
  actor: Actor,
  visitId: string,
  input: CorrectVisitInput,
): Promise<void> {
  const visit = await loadVisit(db, actor, visitId);
  const problems: FieldProblem[] = [];
  const visitDate = input.visitDate ?? visit.visit_date;
  if (input.visitDate && input.visitDate > localDate(new Date(), visit.timezone))
    problems.push({ path: 'visitDate', message: 'lies in the future', code: 'in_future' });
  const mileage = input.mileageKm === undefined ? visit.mileage_km : input.mileageKm;
  if (mileage != null && (input.mileageKm !== undefined || input.visitDate)) {
    const odometer = await odometerProblem(
      db,
      visit.vehicle_id,
      visitDate,
      mileage,
      'mileageKm',
      visit.id,
    );
    if (odometer) problems.push(odometer);
  }
  if (input.advisorUserId) await checkAdvisor(db, input.advisorUserId, visit.dealer_id, problems);
  const recorded = await recordedLines(db, visit.id);
  if (input.lines) checkLines(input.lines, recorded, problems);
  const total = correctedTotal(input.lines, input.totalMinor, recorded.length, problems);
  if (problems.length) throw new ValidationError(problems);
  const type = input.visitType ?? visit.visit_type;
  await withActor(db, actor, async (tx) => {
    // lines first: the total written below is their sum, and both are audited old → new. The
    // visit row is locked and its lines read again, so two corrections at once do not interleave
    if (input.lines) {
      await tx
        .selectFrom('service_visits')
        .select('id')
        .where('id', '=', visit.id)
        .forUpdate()
        .execute();
      const current = await recordedLines(tx, visit.id);
      await writeLines(tx, { id: visit.id, customerId: visit.customer_id }, input.lines, current);
    }
    await tx
      .updateTable('service_visits')
      .set({
        ...(total !== undefined ? { total_minor: total } : {}),
        ...(input.visitDate !== undefined ? { visit_date: input.visitDate } : {}),
        ...(input.mileageKm !== undefined ? { mileage_km: input.mileageKm } : {}),
        ...(input.visitType !== undefined ? { visit_type: input.visitType } : {}),
        ...(input.paidBy !== undefined ? { paid_by: input.paidBy } : {}),
        ...(input.advisorUserId !== undefined ? { advisor_user_id: input.advisorUserId } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
      })
      .where('id', '=', visit.id)
      .execute();
    // a type typed wrong closed (or failed to close) the car's recalls: follow the correction
    if (visit.visit_type === 'recall' && type !== 'recall') await reopenRecallsOf(tx, visit.id);
    if (visit.visit_type !== 'recall' && type === 'recall')
      await closeRecallsByVisit(tx, {
        id: visit.id,
        vehicleId: visit.vehicle_id,
        campaignId: null,
      });
    // what the visit earned in the club follows its receipt, payer and date
    if (input.lines || total !== undefined || input.paidBy || input.visitDate)
      await settleVisitPoints(tx, actor, visit.id, 'service visit corrected');
    // the dashboards' day the visit left is recounted at their next refresh
    if (input.visitDate && input.visitDate !== visit.visit_date)
      await noteVisitDaysChanged(tx, [visit.visit_date]);
  });
}

/**
 * Cancels a visit recorded by mistake. It moves, with its lines and follow-up call, to
 * service_visit_cancellations (see migration 0251 for why a move and not a flag): from then on
 * it counts nowhere. Its open follow-up task is cancelled, a recall it closed re-opens and the
 * club points it earned are taken back.
 */
export async function cancelVisit(
  db: Db,
  actor: Actor,
  visitId: string,
  input: CancelVisitInput,
): Promise<void> {
  const visit = await loadVisit(db, actor, visitId);
  await withActor(db, actor, async (tx) => {
    await withdrawFollowUp(tx, actor, visit.id);
    await reopenRecallsOf(tx, visit.id);
    const archived = await sql`
      insert into service_visit_cancellations
        (visit_id, customer_id, vehicle_id, dealer_id, visit_date, visit, lines, reason, cancelled_by)
      select s.id, s.customer_id, s.vehicle_id, s.dealer_id, s.visit_date,
             to_jsonb(s) || jsonb_build_object('follow_up',
               (select to_jsonb(f) from service_follow_ups f where f.visit_id = s.id)),
             coalesce((select jsonb_agg(to_jsonb(l) order by l.line_no)
                         from service_visit_lines l where l.visit_id = s.id), '[]'::jsonb),
             ${input.reason}, ${actor.userId ?? null}::uuid
        from service_visits s where s.id = ${visit.id}`.execute(tx);
    // cancelled by someone else since it was read: nothing of this transaction may stay
    if (!Number(archived.numAffectedRows ?? 0)) throw new NotFoundError('Service visit');
    // lines and the follow-up row go with it (on delete cascade); complaints keep their text
    await tx.deleteFrom('service_visits').where('id', '=', visit.id).execute();
    // the club takes back what the visit earned, as a ledger correction (club module)
    await settleVisitPoints(tx, actor, visit.id, `service visit cancelled: ${input.reason}`);
  });
}

/** Cancelled visits the actor may see, newest first (the screens' "show cancelled" toggle). */
export async function listCancelledVisits(
  db: Db,
  actor: Actor,
  query: { vehicleId?: string | undefined; customerId?: string | undefined; limit: number },
): Promise<CancelledVisitView[]> {
  let rows = db
    .selectFrom('service_visit_cancellations as x')
    .innerJoin('dealers as d', 'd.id', 'x.dealer_id')
    .leftJoin('users as u', 'u.id', 'x.cancelled_by')
    .select([
      'x.visit_id',
      'x.vehicle_id',
      'x.customer_id',
      'x.visit_date',
      'x.visit',
      'x.reason',
      'x.cancelled_at',
      'u.display_name as cancelled_by_name',
      'd.code as dealer_code',
    ])
    .where((eb) => customerVisible(actor, eb.ref('x.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('x.dealer_id')));
  if (query.vehicleId) rows = rows.where('x.vehicle_id', '=', query.vehicleId);
  if (query.customerId) rows = rows.where('x.customer_id', '=', query.customerId);
  const found = await rows
    .orderBy('x.visit_date', 'desc')
    .orderBy('x.cancelled_at', 'desc')
    .limit(query.limit)
    .execute();
  return found.map((row) => {
    const was = row.visit as {
      mileage_km: number | null;
      visit_type: CancelledVisitView['visitType'];
      order_number: string | null;
      total_minor: number;
      currency: string;
    };
    return {
      id: row.visit_id,
      vehicleId: row.vehicle_id,
      customerId: row.customer_id,
      dealerCode: row.dealer_code,
      visitDate: row.visit_date,
      mileageKm: was.mileage_km,
      visitType: was.visit_type,
      orderNumber: was.order_number,
      totalMinor: Number(was.total_minor),
      currency: was.currency.trim(),
      reason: row.reason,
      cancelledAt: row.cancelled_at.toISOString(),
      cancelledBy: row.cancelled_by_name,
    };
  });
}
