import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { idParams, isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { claimsIndexReport } from './dashboards/claims-index-report.ts';
import { clubKpisReport } from './dashboards/club-kpis-report.ts';
import { conquestPlanExportReport } from './dashboards/conquest-plan-report.ts';
import { exportHeaders } from './dashboards/export-headers.ts';
import { sendReportFile } from './dashboards/report-file.ts';

const fileQuery = {
  format: z.enum(['csv', 'xlsx']),
  table: z.string().trim().max(40).optional().describe('CSV: which table'),
};

/**
 * Exports of the reports other modules show (club KPIs, conquest plan vs actual, the claims
 * index as a workbook beside its own CSV): each reads
 * the owning module's own query with the same filters, permission and scope as its screen.
 */
export function registerReportExportRoutes(app: App): void {
  app.get(
    '/api/analytics/club-kpis/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The club KPIs (dormant share, 5-year repurchase rate per club and home dealer) as XLSX or CSV',
        querystring: z.strictObject({
          clubId: z.uuid().optional(),
          asOf: isoDate.optional(),
          ...fileQuery,
        }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'club:read');
      const { format, table, ...query } = request.query;
      const report = await clubKpisReport(app.db, actor, query);
      return sendReportFile(reply, report, {
        format,
        table,
        file: `club-kpis-${report.asOf}`,
        names: exportHeaders(actor.locale),
      });
    },
  );

  app.get(
    '/api/analytics/conquest-plans/:id/export',
    {
      schema: {
        tags: ['analytics'],
        summary: 'A conquest plan’s plan vs actual (by series and by channel) as XLSX or CSV',
        params: idParams,
        querystring: z.strictObject(fileQuery),
      },
    },
    async (request, reply) => {
      // the plan page needs no permission beyond signing in: the plan's dealer must be visible
      const actor = requireActor(request);
      const { format, table } = request.query;
      const report = await conquestPlanExportReport(app.db, actor, request.params.id);
      return sendReportFile(reply, report, {
        format,
        table,
        file: report.name,
        names: exportHeaders(actor.locale),
      });
    },
  );

  app.get(
    '/api/analytics/claims-index/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The claims index (complaints per 100 visits and per 100 sales, per dealer and month) as XLSX or CSV',
        querystring: z.strictObject({
          from: isoDate.describe('first day of the first month'),
          to: isoDate.describe('any day of the last month'),
          dealerCode: z.string().trim().max(16).optional(),
          ...fileQuery,
        }),
      },
    },
    async (request, reply) => {
      // as the screen: the complaints module checks the right (analytics or complaints)
      const actor = requireActor(request);
      const { format, table, ...query } = request.query;
      const report = await claimsIndexReport(app.db, actor, query);
      return sendReportFile(reply, report, {
        format,
        table,
        file: `claims-index-${report.filters.from}-${report.filters.to}`,
        names: exportHeaders(actor.locale),
      });
    },
  );
}
