import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { listAudit } from './audit.service.ts';

const entrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    actorLabel: z.string().nullable(),
    table: z.string(),
    recordId: z.string(),
    customerId: z.string().nullable(),
    action: z.enum(['insert', 'update', 'delete', 'event']),
    oldValues: z.unknown(),
    newValues: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

export function registerAuditRoutes(app: App): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Who changed what and when, newest first (old and new values of the changed fields)',
        querystring: z.strictObject({
          customerId: z.uuid().optional(),
          table: z.string().max(60).optional(),
          recordId: z.string().max(200).optional(),
          userId: z.uuid().optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(entrySchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listAudit(app.db, requirePermission(request, 'audit:read'), request.query),
    }),
  );
}
