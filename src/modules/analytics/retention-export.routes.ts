import { z } from 'zod';
import { can } from '../../auth/index.ts';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { dealerIdForCode } from '../org/index.ts';
import { worklistSorts } from './churn/retention-worklist.ts';
import { exportRetentionWorklist } from './churn/worklist-export.ts';
import { exportHeaders } from './dashboards/export-headers.ts';
import { reportCsv, reportXlsx } from './dashboards/report-export.ts';
import { rfmSegments } from './schema.ts';

export function registerRetentionExportRoutes(app: App): void {
  app.get(
    '/api/analytics/retention-worklist/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The retention worklist as CSV or XLSX (at most 10,000 owners, most revenue at risk or most lifetime value first); the export is audited',
        querystring: z.strictObject({
          format: z.enum(['csv', 'xlsx']),
          dealerCode: z.string().trim().max(16).optional(),
          segment: z.enum(rfmSegments).optional(),
          maxPActive: z.coerce.number().gt(0).max(1).optional(),
          sort: z.enum(worklistSorts).optional(),
        }),
      },
    },
    async (request, reply) => {
      // names and figures of customers leave the CRM: the right to export customers, and to
      // read the worklist (call centre, service) or analytics
      const actor = requirePermission(request, 'customers:export');
      if (!can(actor, 'retention:read') && !can(actor, 'analytics:read')) {
        throw new ForbiddenError(`Your role (${actor.role}) may not see the retention worklist`);
      }
      const { format, dealerCode, segment, maxPActive, sort } = request.query;
      const dealerId = dealerCode
        ? (await dealerIdForCode(app.db, dealerCode, 'dealerCode')).id
        : undefined;
      const report = await exportRetentionWorklist(
        app.db,
        actor,
        { dealerId, segment, maxPActive, sort },
        { dealerCode, segment, maxPActive: maxPActive?.toString(), sort },
      );
      const file = `retention-worklist-${new Date().toISOString().slice(0, 10)}`;
      // a file for people (a dialler, a spreadsheet): headers in the user's language, as the
      // service module's lapsed-owner export writes them
      const names = exportHeaders(actor.locale);
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}.csv"`)
          .send(reportCsv(report, 'worklist', names));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}.xlsx"`)
        .send(await reportXlsx(report, names));
    },
  );
}
