import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { assertVehicleVisible } from '../vehicles/index.ts';

export const serviceDueSchema = z
  .object({
    vehicleId: z.string(),
    intervalKm: z.number(),
    intervalMonths: z.number(),
    base: z.object({
      kind: z.enum(['maintenance', 'purchase', 'registration']),
      date: z.string(),
      km: z.number().nullable(),
    }),
    lastReading: z.object({ date: z.string(), km: z.number() }).nullable(),
    readingCount: z.number(),
    dailyKm: z.number(),
    dailyKmSource: z.enum(['readings', 'default']),
    dueByKm: z.string().nullable().describe('the day the interval km are estimated to be reached'),
    dueByTime: z.string(),
    dueDate: z.string(),
    dueBy: z.enum(['km', 'time']),
    overdue: z.boolean(),
  })
  .meta({ id: 'ServiceDue' });
export type ServiceDue = z.output<typeof serviceDueSchema>;

/**
 * The vehicle's next service from the vehicle_service_due view (migration 0140): the same SQL
 * that reminders and the benchmark run over all vehicles, here filtered to one.
 * Null when nothing tells where the interval starts (no purchase, registration or maintenance).
 */
export async function serviceDueOfVehicle(
  db: Db,
  actor: Actor,
  vehicleId: string,
): Promise<ServiceDue | null> {
  await assertVehicleVisible(db, actor, vehicleId);
  const row = await db
    .selectFrom('vehicle_service_due')
    .selectAll()
    .select(sql<boolean>`due_date < current_date`.as('overdue'))
    .where('vehicle_id', '=', vehicleId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    vehicleId: row.vehicle_id,
    intervalKm: row.interval_km,
    intervalMonths: row.interval_months,
    base: { kind: row.base_kind, date: row.base_date, km: row.base_km },
    lastReading:
      row.last_reading_on && row.last_reading_km != null
        ? { date: row.last_reading_on, km: row.last_reading_km }
        : null,
    readingCount: Number(row.reading_count),
    dailyKm: Number(row.daily_km),
    dailyKmSource: row.daily_km_measured ? 'readings' : 'default',
    dueByKm: row.due_by_km,
    dueByTime: row.due_by_time,
    dueDate: row.due_date,
    dueBy: row.due_by,
    overdue: row.overdue,
  };
}

export const serviceIntervalSchema = z
  .object({
    modelId: z.string().nullable().describe('null: the default for models not listed'),
    makeName: z.string().nullable(),
    modelName: z.string().nullable(),
    intervalKm: z.number(),
    intervalMonths: z.number(),
  })
  .meta({ id: 'ServiceInterval' });
export const serviceIntervalBody = z
  .strictObject({
    intervalKm: z.number().int().min(1000).max(100_000),
    intervalMonths: z.number().int().min(1).max(60),
  })
  .meta({ id: 'ServiceIntervalChange' });
export type ServiceInterval = z.output<typeof serviceIntervalSchema>;

/** The interval catalogue: the default first, then models by make and name. */
export async function listServiceIntervals(db: Db): Promise<ServiceInterval[]> {
  const rows = await db
    .selectFrom('service_intervals as i')
    .leftJoin('catalog_models as m', 'm.id', 'i.model_id')
    .leftJoin('catalog_makes as k', 'k.id', 'm.make_id')
    .select([
      'i.model_id',
      'k.name as make_name',
      'm.name as model_name',
      'i.interval_km',
      'i.interval_months',
    ])
    .orderBy(sql`i.model_id is not null`)
    .orderBy('k.name')
    .orderBy('m.name')
    .execute();
  return rows.map((row) => ({
    modelId: row.model_id,
    makeName: row.make_name,
    modelName: row.model_name,
    intervalKm: row.interval_km,
    intervalMonths: row.interval_months,
  }));
}

/** Sets a model's interval (or the default, modelId null); catalogue work. */
export async function setServiceInterval(
  db: Db,
  actor: Actor,
  modelId: string | null,
  input: z.output<typeof serviceIntervalBody>,
): Promise<void> {
  if (!can(actor, 'catalog:write')) throw new ForbiddenError();
  if (modelId) {
    const model = await db
      .selectFrom('catalog_models')
      .select('id')
      .where('id', '=', modelId)
      .executeTakeFirst();
    if (!model) throw new NotFoundError('Catalogue model');
  }
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('service_intervals')
      .values({
        model_id: modelId,
        interval_km: input.intervalKm,
        interval_months: input.intervalMonths,
      })
      .onConflict((oc) =>
        oc.column('model_id').doUpdateSet({
          interval_km: input.intervalKm,
          interval_months: input.intervalMonths,
        }),
      )
      .execute(),
  );
}
