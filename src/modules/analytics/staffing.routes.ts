import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { staffingBands, staffingFor } from './staffing/staffing-guide.ts';

const band = z.object({
  minTarget: z.number().nullable(),
  maxTarget: z.number().nullable(),
  managers: z.number(),
  loyaltySpecialists: z.number().nullable(),
  conquestDataSpecialists: z.number().nullable(),
  note: z.enum(['manager_covers_loyalty_and_data', 'source_cut_off']).nullable(),
});

export function registerStaffingRoutes(app: App): void {
  app.get(
    '/api/analytics/staffing-guide',
    {
      schema: {
        tags: ['analytics'],
        summary: 'The dealer CRM team size for an annual sales target (seed 002), and the table',
        querystring: z.strictObject({
          annualTarget: z.coerce.number().int().min(0).max(1_000_000).optional(),
        }),
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
}
