import { can } from '../../auth/index.ts';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { qualityProblemsExportQuery } from './quality.schemas.ts';
import { problemsCsv, problemsXlsx } from './scores/problems-file.ts';
import { exportQualityProblems, problemsExportLimit } from './scores/problems-export.ts';

export function registerQualityExportRoutes(app: App): void {
  app.get(
    '/api/quality/findings/export',
    {
      schema: {
        tags: ['quality'],
        summary: `The worklist of records with problems as CSV or XLSX, same filters and scope as on screen (at most ${problemsExportLimit.toLocaleString('en')} records, lowest scores first; X-Export-Total and X-Export-Rows tell when it was capped); the export is audited`,
        querystring: qualityProblemsExportQuery,
      },
    },
    async (request, reply) => {
      // names leave the CRM: the right to export customers, and to read the quality report
      const actor = requirePermission(request, 'customers:export');
      if (!can(actor, 'quality:read')) {
        throw new ForbiddenError(`Your role (${actor.role}) may not see the quality report`);
      }
      const { format, ...filter } = request.query;
      const data = await exportQualityProblems(app.db, actor, filter);
      const file = `quality-problems-${filter.dealerCode ?? 'all'}-${new Date().toISOString().slice(0, 10)}`;
      reply
        .header('x-export-total', String(data.total))
        .header('x-export-rows', String(data.rows.length));
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}.csv"`)
          .send(problemsCsv(data));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}.xlsx"`)
        .send(await problemsXlsx(data));
    },
  );
}
