import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { aftersalesDashboard } from './dashboards/aftersales-dashboard.ts';
import { channelsDashboard, funnelDashboard } from './dashboards/channels-dashboard.ts';
import { comparisonDashboard } from './dashboards/comparison-dashboard.ts';
import { dashboardQuery, resolveFilter } from './dashboards/dashboard-filters.ts';
import { prospectsDashboard } from './dashboards/prospects-dashboard.ts';
import { sendReportFile } from './dashboards/report-file.ts';
import { qualityDashboard } from './dashboards/quality-dashboard.ts';
import { responseDashboard } from './dashboards/response-dashboard.ts';
import { markUnappliedFilters } from './dashboards/unapplied-filters.ts';
import { usageDashboard } from './dashboards/usage-dashboard.ts';

const dashboards = {
  prospects: prospectsDashboard,
  channels: channelsDashboard,
  funnel: funnelDashboard,
  aftersales: aftersalesDashboard,
  usage: usageDashboard,
  response: responseDashboard,
  quality: qualityDashboard,
  comparison: comparisonDashboard,
} as const;
export const dashboardNames = Object.keys(dashboards) as (keyof typeof dashboards)[];

const cell = z.union([z.string(), z.number(), z.null()]);
export const reportSchema = z.object({
  name: z.string(),
  asOf: z.string().nullable(),
  filters: z.record(z.string(), z.string().optional()),
  unappliedFilters: z.array(z.string()).optional(),
  kpis: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(['count', 'ratio', 'decimal']),
      value: z.number().nullable(),
    }),
  ),
  tables: z.array(
    z.object({
      key: z.string(),
      columns: z.array(
        z.object({ key: z.string(), kind: z.enum(['text', 'count', 'ratio', 'money', 'decimal']) }),
      ),
      rows: z.array(z.array(cell)),
    }),
  ),
});

const nameParams = z.strictObject({ name: z.enum(dashboardNames) });

export function registerDashboardRoutes(app: App): void {
  app.get(
    '/api/analytics/dashboards/:name',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'A dashboard (prospects, channels, funnel, aftersales, usage, response, quality, comparison) over my part of the group',
        params: nameParams,
        querystring: z.strictObject(dashboardQuery),
        response: { 200: reportSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'analytics:read');
      const filter = await resolveFilter(app.db, request.query);
      const report = await dashboards[request.params.name](app.db, actor, filter);
      return markUnappliedFilters(report, request.query);
    },
  );

  app.get(
    '/api/analytics/dashboards/:name/export',
    {
      schema: {
        tags: ['analytics'],
        summary: 'A dashboard as XLSX (every table) or CSV (one table; the KPIs by default)',
        params: nameParams,
        querystring: z.strictObject({
          ...dashboardQuery,
          format: z.enum(['csv', 'xlsx']),
          table: z.string().trim().max(40).optional().describe('CSV: which table'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'analytics:read');
      const { format, table, ...query } = request.query;
      const filter = await resolveFilter(app.db, query);
      const report = markUnappliedFilters(
        await dashboards[request.params.name](app.db, actor, filter),
        query,
      );
      const file = `${report.name}-${filter.from}-${filter.to}`;
      return sendReportFile(reply, report, { format, table, file });
    },
  );
}
