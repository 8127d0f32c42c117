import { z } from 'zod';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';

export const serviceSettingsSchema = z
  .object({
    followUpDelayDays: z.number().int().min(0).max(60),
    defaultDailyKm: z.number().positive().max(2000),
    reminderLeadDays: z.number().int().min(0).max(120),
  })
  .meta({ id: 'ServiceSettings' });
export const serviceSettingsBody = serviceSettingsSchema.partial().strict();

export type ServiceSettings = z.output<typeof serviceSettingsSchema>;

export async function getServiceSettings(db: Db | Tx): Promise<ServiceSettings> {
  const row = await db
    .selectFrom('service_settings')
    .selectAll()
    .where('id', '=', true)
    .executeTakeFirstOrThrow();
  return {
    followUpDelayDays: row.follow_up_delay_days,
    defaultDailyKm: Number(row.default_daily_km),
    reminderLeadDays: row.reminder_lead_days,
  };
}

/** Group-wide after-sales settings; changed by those who run the catalogue and the process. */
export async function updateServiceSettings(
  db: Db,
  actor: Actor,
  input: Partial<ServiceSettings>,
): Promise<ServiceSettings> {
  if (!can(actor, 'service:manage')) throw new ForbiddenError();
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('service_settings')
      .set({
        ...(input.followUpDelayDays !== undefined
          ? { follow_up_delay_days: input.followUpDelayDays }
          : {}),
        ...(input.defaultDailyKm !== undefined
          ? { default_daily_km: input.defaultDailyKm.toFixed(1) }
          : {}),
        ...(input.reminderLeadDays !== undefined
          ? { reminder_lead_days: input.reminderLeadDays }
          : {}),
      })
      .where('id', '=', true)
      .execute(),
  );
  return getServiceSettings(db);
}
