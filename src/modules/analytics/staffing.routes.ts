import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { exportHeaders } from './dashboards/export-headers.ts';
import { sendReportFile } from './dashboards/report-file.ts';
import { staffingBands, staffingFor } from './staffing/staffing-guide.ts';
import { staffingGuideReport } from './staffing/staffing-report.ts';

const band = z.object({
  minTarget: z.number().nullable(),
  maxTarget: z.number().nullable(),
  managers: z.number(),
  loyaltySpecialists: z.number().nullable(),
  conquestDataSpecialists: z.number().nullable(),
  note: z.enum(['manager_covers_loyalty_and_data', 'source_cut_off']).nullable(),
});

const annualTarget = z.coerce.number().int().min(0).max(1_000_000).optional();

export function registerStaffingRoutes(app: App): void {
  app.get(
    '/api/analytics/staffing-guide',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The dealer CRM team size for an annual sales target (seed 002), and the table',
        querystring: z.strictObject({ annualTarget }),
        response: {
          200: z.object({
            bands: z.array(band),
            advice: band
              .extend({ annualTarget: z.number(), total: z.number().nullable() })
              .nullable(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requirePermission(request, 'analytics:read');
      const { annualTarget } = request.query;
      return {
        bands: [...staffingBands],
        advice: annualTarget === undefined ? null : staffingFor(annualTarget),
      };
    },
  );

  app.get(
    '/api/analytics/staffing-guide/export',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'The staffing guide as XLSX or CSV (the bands; with annualTarget also the team it calls for)',
        querystring: z.strictObject({
          annualTarget,
          format: z.enum(['csv', 'xlsx']),
          table: z.string().trim().max(40).optional().describe('CSV: which table'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'analytics:read');
      const { annualTarget: target, format, table } = request.query;
      const names = exportHeaders(actor.locale);
      const report = staffingGuideReport(target, names);
      const file = target === undefined ? 'staffing-guide' : `staffing-guide-${target}`;
      return sendReportFile(reply, report, { format, table, file, names });
    },
  );
}
