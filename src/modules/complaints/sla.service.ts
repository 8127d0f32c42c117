import { z } from 'zod';
import type { Actor } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { severities, type Severity } from './schema.ts';

// the bounds of the table's check constraint (migration 0142)
const resolveHours = z.number().int().min(1).max(2000);

export const complaintSlaSchema = z
  .array(z.object({ severity: z.enum(severities), resolveHours: z.number() }))
  .meta({ id: 'ComplaintSla' });

export const complaintSlaBody = z
  .strictObject({ resolveHours: resolveHours.describe('hours to resolve a complaint') })
  .meta({ id: 'ComplaintSlaChange' });

export type ComplaintSla = z.output<typeof complaintSlaSchema>;

/** Hours to resolve a complaint, by severity, the most urgent first. */
export async function listComplaintSla(db: Db): Promise<ComplaintSla> {
  const rows = await db.selectFrom('complaint_sla').select(['severity', 'resolve_hours']).execute();
  const order = (severity: Severity) => severities.length - severities.indexOf(severity);
  return rows
    .map((row) => ({ severity: row.severity, resolveHours: row.resolve_hours }))
    .sort((a, b) => order(a.severity) - order(b.severity));
}

/**
 * Sets the group's SLA for a severity. It applies to complaints taken in or reopened from now
 * on: a complaint keeps the due time it was promised.
 */
export async function setComplaintSla(
  db: Db,
  actor: Actor,
  severity: Severity,
  hours: number,
): Promise<ComplaintSla> {
  if (!can(actor, 'service:manage')) throw new ForbiddenError();
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('complaint_sla')
      .set({ resolve_hours: hours })
      .where('severity', '=', severity)
      .execute(),
  );
  return listComplaintSla(db);
}
