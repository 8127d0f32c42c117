import { can } from '../../auth/index.ts';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { sendExport } from '../../lib/table-export.ts';
import { xlsxRowLimit } from './schema.ts';
import { qualityProblemsExportQuery } from './quality.schemas.ts';
import { problemsTable } from './scores/problems-file.ts';
import { openProblemsExport } from './scores/problems-export.ts';

export function registerQualityExportRoutes(app: App): void {
  app.get(
    '/api/quality/findings/export',
    {
      schema: {
        tags: ['quality'],
        summary: `The worklist of records with problems as CSV or XLSX, same filters and scope as on screen, lowest scores first, streamed as it is read (CSV holds every record; XLSX at most ${xlsxRowLimit.toLocaleString('en')}, a sheet's limit; X-Export-Total and X-Export-Rows tell when it was capped); the export is audited`,
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
      // A bad filter answers here as a JSON error, before the file starts.
      const data = await openProblemsExport(app.db, actor, filter, {
        limit: format === 'xlsx' ? xlsxRowLimit : undefined,
      });
      reply.header('x-export-total', String(data.total)).header('x-export-rows', String(data.rows));
      return sendExport(
        reply,
        format,
        `quality-problems-${filter.dealerCode ?? 'all'}`,
        problemsTable(data),
      );
    },
  );
}
