import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { sendExport } from '../../lib/table-export.ts';
import { scoredCustomersExport } from './best-customers/scored-export.ts';

export function registerBestCustomerExportRoutes(app: App): void {
  app.get(
    '/api/analytics/best-customers/runs/:runId/customers/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The whole scored customer list of a fit as CSV or XLSX, same scope and order as the page, headers in the user’s language; names only with customers:export; audited',
        params: z.strictObject({ runId: z.uuid() }),
        querystring: z.strictObject({
          format: z.enum(['csv', 'xlsx']),
          order: z.enum(['priority', 'likeness']).default('priority'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'analytics:read');
      const { format, order } = request.query;
      const { series, table } = await scoredCustomersExport(
        app.db,
        actor,
        request.params.runId,
        order,
      );
      // a series name may hold spaces or Cyrillic, which a header's file name may not
      const file = `best-customers-${series.replace(/[^\w.-]+/g, '_') || 'list'}`;
      // the CSV is the one table, named as the workbook's sheet was before
      return sendExport(
        reply,
        format,
        format === 'csv' ? `${file}-bestCustomers` : file,
        table,
        null,
      );
    },
  );
}
