import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { sendExport } from './export-file.ts';
import { exportHeaders } from './export-headers.ts';
import { lapsedOwnersExport, retentionExport } from './retention-export.ts';

const tags = ['service'];
const today = () => new Date().toISOString().slice(0, 10);

/** The screen's filters, and the file's format. */
const exportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  asOf: isoDate.optional(),
  dealerCode: z.string().trim().max(16).optional(),
});

export function registerRetentionExportRoutes(app: App): void {
  app.get(
    '/api/service/retention/export',
    {
      schema: {
        tags,
        summary:
          'The per-dealer retention figures as CSV or XLSX, same filters and scope as the screen, headers in the user’s language',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, dealerCode } = request.query;
      const asOf = request.query.asOf ?? today();
      const data = await retentionExport(app.db, actor, asOf, dealerCode);
      return sendExport(reply, data, {
        format,
        file: `service-retention-${asOf}`,
        names: exportHeaders(actor.locale),
      });
    },
  );

  app.get(
    '/api/service/lapsed-owners/export',
    {
      schema: {
        tags,
        summary:
          'The whole lapsed-owner worklist as CSV or XLSX, same filters, order and scope as the screen, streamed in batches; names and contacts only with customers:export; audited (X-Export-Total gives the rows)',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { format, dealerCode } = request.query;
      const asOf = request.query.asOf ?? today();
      // a refusal answers here as JSON, before the file starts
      const data = await lapsedOwnersExport(app.db, actor, { asOf, dealerCode });
      reply.header('x-export-total', String(data.total));
      return sendExport(reply, data, {
        format,
        file: `lapsed-owners-${asOf}`,
        names: exportHeaders(actor.locale),
      });
    },
  );
}
