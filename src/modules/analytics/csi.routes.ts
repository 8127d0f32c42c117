import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { can } from '../../auth/index.ts';
import { csiDashboard, withoutCustomerNames } from './dashboards/csi-dashboard.ts';
import { resolveFilter } from './dashboards/dashboard-filters.ts';
import { exportHeaders } from './dashboards/export-headers.ts';
import { sendReportFile } from './dashboards/report-file.ts';
import { reportSchema } from './dashboards.routes.ts';

/** The CSI dashboard's filters: the dashboards' period and places, and the visit's advisor. */
const csiQuery = {
  from: isoDate,
  to: isoDate,
  brandCode: z.string().trim().max(16).optional(),
  regionCode: z.string().trim().max(16).optional(),
  dealerCode: z.string().trim().max(16).optional(),
  advisorId: z.uuid().optional().describe('the service advisor of the visit'),
};

export function registerCsiRoutes(app: App): void {
  app.get(
    '/api/analytics/csi',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Customer satisfaction (CSI 1-10) of the after-visit calls answered in the period: per dealer and month, scores, net score, lowest-scored visits',
        querystring: z.strictObject(csiQuery),
        response: { 200: reportSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'analytics:read');
      const { advisorId, ...query } = request.query;
      return csiDashboard(
        app.db,
        actor,
        await resolveFilter(app.db, { ...query, consultantId: advisorId }),
      );
    },
  );

  app.get(
    '/api/analytics/csi/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The CSI dashboard as XLSX (every table) or CSV (one table; the figures by default), headers in my language',
        querystring: z.strictObject({
          ...csiQuery,
          format: z.enum(['csv', 'xlsx']),
          table: z.string().trim().max(40).optional().describe('CSV: which table'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'analytics:read');
      const { format, table, advisorId, ...query } = request.query;
      const filter = await resolveFilter(app.db, { ...query, consultantId: advisorId });
      const report = await csiDashboard(app.db, actor, filter);
      return sendReportFile(
        reply,
        can(actor, 'customers:export') ? report : withoutCustomerNames(report),
        {
          format,
          table,
          file: `csi-${filter.from}-${filter.to}`,
          names: exportHeaders(actor.locale),
        },
      );
    },
  );
}
