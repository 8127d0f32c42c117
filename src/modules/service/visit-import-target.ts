import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError, type FieldProblem } from '../../lib/errors.ts';
import { localDate } from '../../lib/zoned-time.ts';
import type { ImportTarget, TargetCandidate } from '../imports/index.ts';
import { findDealerById } from '../org/index.ts';
import { checkVin, vehicleVisible } from '../vehicles/index.ts';
import { odometerProblem } from './odometer.ts';
import type { CreateVisitInput } from './visit.schemas.ts';
import {
  parseExportDate,
  parseKm,
  parsePayer,
  parseVisitType,
  requiredVisitFields,
  suggestVisitMapping,
  visitImportFields,
  type VisitImportField,
} from './visit-import-fields.ts';
import { recordVisit, visitOfOrderNumber } from './visits.service.ts';
import { parseAmountMinor, plainMoney } from '../../lib/currency.ts';

type Mapping = Partial<Record<VisitImportField, number>>;

/** The dealer's active users by lower-case name and e-mail: how an export names its advisors. */
async function advisorsOf(db: Db, dealerId: string): Promise<Map<string, string>> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'email'])
    .where('dealer_id', '=', dealerId)
    .where('active', '=', true)
    .execute();
  const byName = new Map<string, string>();
  for (const user of users) {
    byName.set(user.display_name.trim().toLowerCase(), user.id);
    if (user.email) byName.set(user.email.trim().toLowerCase(), user.id);
  }
  return byName;
}

/** The first problem of a refused visit, as the report's reason. */
function reasonOf(error: AppError): string {
  const field: FieldProblem | undefined = error.fields[0];
  return field ? field.message : error.message;
}

/**
 * Service visits from a dealer management system export: one row per repair order, into the
 * job's dealer only. A row is checked as the visit form checks it (the VIN, a vehicle the
 * importer sees, the date, the odometer against earlier readings) and written through
 * `recordVisit`. The repair order number makes a re-import harmless: a number already at the
 * dealer is reported and skipped, never doubled.
 */
export const serviceVisitImportTarget: ImportTarget = {
  permission: 'service:write',
  needsDealer: true,
  fields: visitImportFields,
  suggestMapping: suggestVisitMapping,
  mappingProblems(mapping) {
    return requiredVisitFields
      .filter((field) => mapping[field] === undefined)
      .map((field) => ({
        path: `mapping.${field}`,
        message: `map the ${field} column`,
        code: 'required',
      }));
  },
  async reader(db: Db, actor: Actor, job, rawMapping) {
    const mapping = rawMapping as Mapping;
    const dealer = job.dealerId ? await findDealerById(db, job.dealerId) : undefined;
    if (!dealer) throw new AppError(400, 'dealer_required', 'the job names no dealer');
    const advisors = mapping.advisor === undefined ? undefined : await advisorsOf(db, dealer.id);
    // a repair order met earlier in this pass: its line, to name it in the report
    const seen = new Map<string, number>();
    return async (values: string[], line: number): Promise<TargetCandidate> => {
      const cell = (field: VisitImportField) => {
        const column = mapping[field];
        return column === undefined ? '' : (values[column] ?? '').trim();
      };
      const bad = (reason: string): TargetCandidate => ({ line, ok: false, reason });

      const orderNumber = cell('orderNumber');
      if (!orderNumber) return bad('no repair order number');
      if (orderNumber.length > 40) return bad('the repair order number is longer than 40');
      const earlier = seen.get(orderNumber);
      if (earlier !== undefined) return bad(`repair order ${orderNumber} repeats line ${earlier}`);
      seen.set(orderNumber, line);

      const vin = checkVin(cell('vin'));
      if (!vin.valid) return bad(`bad VIN ${cell('vin') || '(empty)'}: ${vin.error}`);
      const visitDate = parseExportDate(cell('visitDate'));
      if (!visitDate) return bad(`bad date "${cell('visitDate')}"`);
      if (visitDate > localDate(new Date(), dealer.timezone))
        return bad(`the date ${visitDate} lies in the future`);
      const visitType = parseVisitType(cell('visitType'));
      if (!visitType) return bad(`unknown visit type "${cell('visitType')}"`);

      let mileageKm: number | undefined;
      if (cell('mileageKm')) {
        mileageKm = parseKm(cell('mileageKm'));
        if (mileageKm === undefined) return bad(`bad mileage "${cell('mileageKm')}"`);
      }
      const amounts: Partial<Record<'labourAmount' | 'partsAmount' | 'totalAmount', number>> = {};
      for (const field of ['labourAmount', 'partsAmount', 'totalAmount'] as const) {
        if (!cell(field)) continue;
        const minor = parseAmountMinor(cell(field), dealer.currency);
        if (minor === undefined) return bad(`bad amount "${cell(field)}" (${field})`);
        amounts[field] = minor;
      }
      let paidBy = undefined;
      if (cell('paidBy')) {
        paidBy = parsePayer(cell('paidBy'));
        if (!paidBy) return bad(`unknown payer "${cell('paidBy')}"`);
      }
      let advisorUserId: string | undefined;
      if (advisors && cell('advisor')) {
        advisorUserId = advisors.get(cell('advisor').toLowerCase());
        if (!advisorUserId) return bad(`no active user "${cell('advisor')}" at ${dealer.code}`);
      }

      // A car the importer does not see is unknown to him, whether it exists or not (scope).
      const vehicle = await db
        .selectFrom('vehicles as v')
        .select(['v.id', 'v.customer_id'])
        .where('v.vin', '=', vin.vin)
        .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')))
        .executeTakeFirst();
      if (!vehicle) return bad(`unknown vehicle ${vin.vin}: record the car and its owner first`);
      if (!vehicle.customer_id) return bad(`the vehicle ${vin.vin} has no owner`);
      if (await visitOfOrderNumber(db, dealer.id, orderNumber))
        return bad(`repair order ${orderNumber} is in the CRM already (imported before)`);
      if (mileageKm !== undefined) {
        const odometer = await odometerProblem(db, vehicle.id, visitDate, mileageKm);
        if (odometer) return bad(`odometer: ${odometer.message}`);
      }

      // Labour and parts totals become one line each; a bare total stays the order's total.
      const lines: CreateVisitInput['lines'] = [];
      if (amounts.labourAmount)
        lines.push({
          kind: 'labour',
          description: 'Labour (DMS)',
          quantity: 1,
          unitPriceMinor: amounts.labourAmount,
        });
      if (amounts.partsAmount)
        lines.push({
          kind: 'part',
          description: 'Parts (DMS)',
          quantity: 1,
          unitPriceMinor: amounts.partsAmount,
        });
      const totalMinor = lines.length
        ? lines.reduce((sum, item) => sum + item.unitPriceMinor, 0)
        : (amounts.totalAmount ?? 0);
      if (lines.length && amounts.totalAmount !== undefined && amounts.totalAmount !== totalMinor)
        return bad(
          `the total ${plainMoney(amounts.totalAmount, dealer.currency)} is not labour + parts (${plainMoney(totalMinor, dealer.currency)})`,
        );

      const input: CreateVisitInput = {
        vehicleId: vehicle.id,
        dealerCode: dealer.code,
        visitDate,
        mileageKm: mileageKm ?? null,
        visitType,
        orderNumber,
        lines,
        totalMinor,
        // an export row is no talk with the owner: it verifies nobody's data
        dataConfirmed: false,
        ...(paidBy ? { paidBy } : {}),
        ...(advisorUserId ? { advisorUserId } : {}),
        ...(cell('description') ? { description: cell('description').slice(0, 2000) } : {}),
      };
      return {
        line,
        ok: true,
        preview: {
          vin: vin.vin,
          orderNumber,
          visitDate,
          visitType,
          mileageKm: mileageKm ?? null,
          totalMinor,
          currency: dealer.currency,
          paidBy: paidBy ?? (visitType === 'warranty' ? 'warranty' : 'customer'),
        },
        write: async () => {
          try {
            const visit = await recordVisit(db, actor, input, { imported: true });
            return { ok: true, recordId: visit.id, customerId: vehicle.customer_id };
          } catch (error) {
            if (error instanceof AppError && error.status < 500)
              return { ok: false, reason: reasonOf(error) };
            // a parallel import wrote the same repair order a moment ago (the unique key held)
            if ((error as { code?: string }).code === '23505')
              return { ok: false, reason: `repair order ${orderNumber} is in the CRM already` };
            throw error;
          }
        },
      };
    };
  },
};
