import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { linkCustomerToDealer } from '../customers/index.ts';
import { namedOrOwnDealer, type DealerRef } from '../org/index.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { vehicleVisible } from '../vehicles/index.ts';
import { planFollowUp } from './follow-ups.service.ts';
import { odometerProblem } from './odometer.ts';
import { confirmAtReception } from './reception-verification.ts';
import { closeRecallsByVisit, hasOpenRecallOf } from './recalls.service.ts';
import { getServiceSettings } from './settings.service.ts';
import type {
  CreateVisitInput,
  VisitCsi,
  VisitLineInput,
  VisitListQuery,
  VisitView,
} from './visit.schemas.ts';

/** A line's amount: quantity (3 decimals) times unit price, rounded to the minor unit. */
export function lineAmount(quantity: number, unitPriceMinor: number): number {
  // BigInt: a thousandth of an hour times a large unit price overflows 2^53 in floating point
  const milli = BigInt(Math.round(quantity * 1000));
  return Number((milli * BigInt(unitPriceMinor) + 500n) / 1000n);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The servicing dealer: the actor's own, or the one named by staff above dealers. */
async function servicingDealer(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
  problems: FieldProblem[],
): Promise<DealerRef | undefined> {
  return namedOrOwnDealer(db, actor, dealerCode, problems, 'name the servicing dealer');
}

/** The advisor of a visit: an active user of the servicing dealer (else a problem is added). */
export async function checkAdvisor(
  db: Db,
  advisorId: string,
  dealerId: string,
  problems: FieldProblem[],
): Promise<void> {
  const advisor = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', advisorId)
    .where('dealer_id', '=', dealerId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!advisor)
    problems.push({ path: 'advisorUserId', message: 'not an active user of the servicing dealer' });
}

function orderTotal(
  lines: VisitLineInput[],
  totalMinor: number | undefined,
  problems: FieldProblem[],
): number {
  if (!lines.length) return totalMinor ?? 0;
  const sum = lines.reduce((acc, line) => acc + lineAmount(line.quantity, line.unitPriceMinor), 0);
  if (totalMinor !== undefined && totalMinor !== sum)
    problems.push({
      path: 'totalMinor',
      message: `differs from the sum of the lines (${sum})`,
      code: 'total_mismatch',
      params: { sum },
    });
  return sum;
}

/** A repair order number already used at the dealer (a DMS numbers its orders uniquely). */
export async function visitOfOrderNumber(
  db: Db,
  dealerId: string,
  orderNumber: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('service_visits')
    .select('id')
    .where('dealer_id', '=', dealerId)
    .where('order_number', '=', orderNumber)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Records a service visit (a repair order) with its labour and parts lines, makes the owner a
 * service customer of the dealer and plans the follow-up call. The vehicle must be one the
 * actor sees and the dealer one of his. A visit from a DMS import (`imported`) gets the call only
 * while it is still ahead: last year's visits of an export call nobody.
 */
export async function recordVisit(
  db: Db,
  actor: Actor,
  input: CreateVisitInput,
  options: { imported?: boolean } = {},
): Promise<{ id: string; followUpTaskId: string | null }> {
  if (!can(actor, 'service:write')) throw new ForbiddenError();
  const vehicle = await db
    .selectFrom('vehicles as v')
    .select(['v.id', 'v.customer_id', 'v.make_name', 'v.model_name', 'v.plate'])
    .where('v.id', '=', input.vehicleId)
    .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')))
    .executeTakeFirst();
  if (!vehicle) throw new NotFoundError('Vehicle');
  const problems: FieldProblem[] = [];
  if (!vehicle.customer_id)
    problems.push({
      path: 'vehicleId',
      message: 'the vehicle has no owner: record its owner first',
      code: 'no_owner',
    });
  const dealer = await servicingDealer(db, actor, input.dealerCode, problems);
  // the visit's date is the dealer's: in Vladivostok or Beijing today starts hours before UTC's
  const dealerToday = dealer ? localDate(new Date(), dealer.timezone) : today();
  if (input.visitDate > dealerToday)
    problems.push({ path: 'visitDate', message: 'lies in the future', code: 'in_future' });
  const advisorId = input.advisorUserId ?? actor.userId;
  if (input.advisorUserId && dealer)
    await checkAdvisor(db, input.advisorUserId, dealer.id, problems);
  if (!advisorId)
    problems.push({ path: 'advisorUserId', message: 'required for system-recorded visits' });
  if (input.mileageKm != null) {
    const odometer = await odometerProblem(db, vehicle.id, input.visitDate, input.mileageKm);
    if (odometer) problems.push(odometer);
  }
  if (input.recallCampaignId) {
    if (input.visitType !== 'recall')
      problems.push({ path: 'recallCampaignId', message: 'only for a visit of type recall' });
    else if (!(await hasOpenRecallOf(db, vehicle.id, input.recallCampaignId)))
      problems.push({
        path: 'recallCampaignId',
        message: 'no open recall of this campaign for the car',
      });
  }
  if (input.confirmedChecks && !input.dataConfirmed)
    problems.push({
      path: 'confirmedChecks',
      message: 'only when the data was confirmed (dataConfirmed)',
      code: 'without_confirmation',
    });
  // a DMS export is no talk with the owner: imported visits never verify his data
  if (options.imported && input.dataConfirmed)
    problems.push({ path: 'dataConfirmed', message: 'not on an imported visit', code: 'imported' });
  const total = orderTotal(input.lines, input.totalMinor, problems);
  if (dealer && input.orderNumber && (await visitOfOrderNumber(db, dealer.id, input.orderNumber)))
    problems.push({
      path: 'orderNumber',
      message: `repair order ${input.orderNumber} of ${dealer.code} is in the CRM already`,
      code: 'duplicate',
    });
  let followUp = true;
  if (options.imported) {
    const { followUpDelayDays } = await getServiceSettings(db);
    const callDay = new Date(`${input.visitDate}T00:00:00Z`);
    callDay.setUTCDate(callDay.getUTCDate() + followUpDelayDays);
    followUp = callDay.toISOString().slice(0, 10) >= today();
  }
  if (problems.length || !dealer || !vehicle.customer_id || !advisorId)
    throw new ValidationError(problems);
  const customerId = vehicle.customer_id;

  return withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('service_visits')
      .values({
        customer_id: customerId,
        vehicle_id: vehicle.id,
        dealer_id: dealer.id,
        advisor_user_id: advisorId,
        order_number: input.orderNumber ?? null,
        visit_date: input.visitDate,
        mileage_km: input.mileageKm ?? null,
        visit_type: input.visitType,
        paid_by: input.paidBy ?? (input.visitType === 'warranty' ? 'warranty' : 'customer'),
        total_minor: total,
        currency: input.currency ?? dealer.currency,
        description: input.description ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.lines.length) {
      await tx
        .insertInto('service_visit_lines')
        .values(
          input.lines.map((line, index) => ({
            visit_id: id,
            customer_id: customerId,
            line_no: index + 1,
            kind: line.kind,
            code: line.code ?? null,
            description: line.description,
            quantity: String(line.quantity),
            unit_price_minor: line.unitPriceMinor,
            amount_minor: lineAmount(line.quantity, line.unitPriceMinor),
          })),
        )
        .execute();
    }
    await linkCustomerToDealer(tx, customerId, dealer.id, 'service');
    if (input.dataConfirmed)
      await confirmAtReception(tx, actor, {
        customerId,
        visitDate: input.visitDate,
        today: dealerToday,
        dealerTimezone: dealer.timezone,
        checks: input.confirmedChecks ?? [],
      });
    if (input.visitType === 'recall')
      await closeRecallsByVisit(tx, {
        id,
        vehicleId: vehicle.id,
        campaignId: input.recallCampaignId ?? null,
      });
    if (!followUp) return { id, followUpTaskId: null };
    const car = [vehicle.make_name, vehicle.model_name, vehicle.plate].filter(Boolean).join(' ');
    const followUpTaskId = await planFollowUp(tx, actor, {
      id,
      customerId,
      dealerId: dealer.id,
      visitDate: input.visitDate,
      assigneeUserId: advisorId,
      car,
    });
    return { id, followUpTaskId };
  });
}

/** Visits the actor may see: of customers in his scope, at his dealers. */
function visibleVisits(db: Db, actor: Actor) {
  return db
    .selectFrom('service_visits as s')
    .innerJoin('vehicles as v', 'v.id', 's.vehicle_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .innerJoin('dealers as d', 'd.id', 's.dealer_id')
    .leftJoin('users as u', 'u.id', 's.advisor_user_id')
    .leftJoin('service_follow_ups as f', 'f.visit_id', 's.id')
    .where((eb) => customerVisible(actor, eb.ref('s.customer_id')))
    .where((eb) => dealerVisible(actor, eb.ref('s.dealer_id')));
}

function selectVisit(query: ReturnType<typeof visibleVisits>) {
  return query.select([
    's.id',
    's.visit_date',
    's.mileage_km',
    's.visit_type',
    's.paid_by',
    's.order_number',
    's.total_minor',
    's.currency',
    's.description',
    's.advisor_user_id',
    'u.display_name as advisor_name',
    'v.id as vehicle_id',
    'v.vin',
    'v.make_name',
    'v.model_name',
    'c.id as customer_id',
    'c.display_name',
    'd.code as dealer_code',
    'f.task_id',
    'f.due_at',
    'f.csi_score',
    'f.comment',
    'f.completed_at',
    sql<unknown>`coalesce((select jsonb_agg(jsonb_build_object(
        'lineNo', l.line_no, 'kind', l.kind, 'code', l.code, 'description', l.description,
        'quantity', l.quantity, 'unitPriceMinor', l.unit_price_minor,
        'amountMinor', l.amount_minor) order by l.line_no)
      from service_visit_lines l where l.visit_id = s.id), '[]'::jsonb)`.as('lines'),
  ]);
}

type VisitRow = Awaited<ReturnType<ReturnType<typeof selectVisit>['execute']>>[number];
type LineJson = Omit<VisitView['lines'][number], 'quantity'> & { quantity: string | number };

function toView(row: VisitRow): VisitView {
  const lines = (row.lines as LineJson[]).map((line) => ({
    ...line,
    quantity: Number(line.quantity),
  }));
  const sumOf = (kind: 'labour' | 'part') =>
    lines.filter((line) => line.kind === kind).reduce((acc, line) => acc + line.amountMinor, 0);
  return {
    id: row.id,
    vehicle: {
      id: row.vehicle_id,
      vin: row.vin,
      makeName: row.make_name,
      modelName: row.model_name,
    },
    customer: { id: row.customer_id, displayName: row.display_name },
    dealerCode: row.dealer_code,
    visitDate: row.visit_date,
    mileageKm: row.mileage_km,
    visitType: row.visit_type,
    paidBy: row.paid_by,
    orderNumber: row.order_number,
    advisor: row.advisor_user_id ? { id: row.advisor_user_id, name: row.advisor_name ?? '' } : null,
    totalMinor: row.total_minor,
    labourMinor: sumOf('labour'),
    partsMinor: sumOf('part'),
    currency: row.currency.trim(),
    description: row.description,
    lines,
    followUp: row.due_at
      ? {
          taskId: row.task_id,
          dueAt: row.due_at.toISOString(),
          csiScore: row.csi_score,
          comment: row.comment,
          completedAt: row.completed_at?.toISOString() ?? null,
        }
      : null,
  };
}

export async function getVisit(db: Db, actor: Actor, visitId: string): Promise<VisitView> {
  const row = await selectVisit(
    visibleVisits(db, actor).where('s.id', '=', visitId),
  ).executeTakeFirst();
  if (!row) throw new NotFoundError('Service visit');
  return toView(row);
}

export async function listVisits(
  db: Db,
  actor: Actor,
  query: VisitListQuery,
): Promise<{ items: VisitView[]; total: number; csi: VisitCsi }> {
  let visits = visibleVisits(db, actor);
  if (query.vehicleId) visits = visits.where('s.vehicle_id', '=', query.vehicleId);
  if (query.customerId) visits = visits.where('s.customer_id', '=', query.customerId);
  if (query.dealerCode) visits = visits.where('d.code', '=', query.dealerCode.toUpperCase());
  if (query.visitType) visits = visits.where('s.visit_type', '=', query.visitType);
  if (query.from) visits = visits.where('s.visit_date', '>=', query.from);
  if (query.to) visits = visits.where('s.visit_date', '<=', query.to);
  const [rows, count] = await Promise.all([
    selectVisit(visits)
      .orderBy('s.visit_date', 'desc')
      .orderBy('s.created_at', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    visits
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.count<number>('f.csi_score').as('scored'),
        sql<string | null>`round(avg(f.csi_score), 1)`.as('average'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map(toView),
    total: Number(count.total),
    csi: {
      scored: Number(count.scored),
      average: count.average === null ? null : Number(count.average),
    },
  };
}
