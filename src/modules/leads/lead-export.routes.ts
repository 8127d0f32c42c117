import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { exportFormats, sendExport } from '../../lib/table-export.ts';
import { leadExport } from './lead-export.ts';
import { leadFilterQuery } from './leads.schemas.ts';

export function registerLeadExportRoutes(app: App): void {
  app.get(
    '/api/leads/export',
    {
      schema: {
        tags: ['leads'],
        summary:
          'The leads of the list’s filters as CSV (UTF-8 with BOM) or XLSX, every page, headers in your language; the export is audited',
        querystring: leadFilterQuery
          .omit({ limit: true, offset: true })
          .extend({ format: z.enum(exportFormats) }),
      },
    },
    async (request, reply) => {
      // names and phones leave the CRM: the right to export customers
      const actor = requirePermission(request, 'customers:export');
      const { format, ...filter } = request.query;
      const table = await leadExport(app.db, actor, filter);
      return sendExport(reply, format, 'leads', table);
    },
  );
}
