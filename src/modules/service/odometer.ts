import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { FieldProblem } from '../../lib/errors.ts';

/**
 * An odometer only counts up. A new reading below one taken on or before its day, or above one
 * taken on a later day, is a typing error or a wound-back clock: either way it would poison
 * the daily-mileage estimate, so it is refused with the reading it contradicts.
 */
export async function odometerProblem(
  db: Db | Tx,
  vehicleId: string,
  readOn: string,
  km: number,
  path = 'mileageKm',
  /** a visit being corrected: its own old reading is no evidence against the new one */
  exceptVisitId: string | null = null,
): Promise<FieldProblem | undefined> {
  const conflict = await sql<{ read_on: string; km: number; later: boolean }>`
    with readings as (
      select visit_date as read_on, mileage_km as km from service_visits
       where vehicle_id = ${vehicleId} and mileage_km is not null
         and id is distinct from ${exceptVisitId}::uuid
      union all
      select purchase_date, odometer_km from vehicle_purchases
       where vehicle_id = ${vehicleId} and odometer_km is not null
      union all
      select odometer_read_at, odometer_km from vehicles
       where id = ${vehicleId} and odometer_km is not null and odometer_read_at is not null
    )
    select read_on, km, read_on > ${readOn}::date as later from readings
     where (read_on <= ${readOn}::date and km > ${km})
        or (read_on > ${readOn}::date and km < ${km})
     order by read_on desc
     limit 1`.execute(db);
  const row = conflict.rows[0];
  if (!row) return undefined;
  return row.later
    ? {
        path,
        message: `above the ${row.km} km read on ${row.read_on}, a later day`,
        code: 'odometer_above_later',
        params: { km: row.km, date: row.read_on },
      }
    : {
        path,
        message: `below the ${row.km} km read on ${row.read_on}: the odometer cannot go back`,
        code: 'odometer_rollback',
        params: { km: row.km, date: row.read_on },
      };
}
