import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { clubTargets, kpisSchema } from '../club/index.ts';
import { clubKpisOfPage } from './dashboards/club-kpis-report.ts';

/**
 * The club members page's KPI card. Registered here, not in the club module: as of today it reads
 * analytics' kept member rows, and analytics already imports the club's rules (a club import of
 * analytics would make a cycle). Path, tag and permission stay the club's.
 */
export function registerClubKpiRoutes(app: App): void {
  app.get(
    '/api/club/kpis',
    {
      schema: {
        tags: ['club'],
        summary: 'Dormant-member share (target ≤ 20 %) and 5-year repurchase rate (≥ 20 %)',
        description:
          'As of today (no asOf, or today’s date) the figures come from the kept per-member rows of the last analytics refresh, with the members changed since read live, so they equal a live count; keptAsOf says when the rows were refreshed. An earlier asOf is counted live (keptAsOf null).',
        querystring: z.strictObject({
          clubId: z.uuid().optional(),
          asOf: isoDate.optional().describe('the day judged on (default today)'),
        }),
        response: { 200: kpisSchema, ...commonErrors },
      },
    },
    async (request) => {
      const kpis = await clubKpisOfPage(
        app.db,
        requirePermission(request, 'club:read'),
        request.query,
      );
      return { ...kpis, keptAsOf: kpis.keptAsOf?.toISOString() ?? null, targets: clubTargets };
    },
  );
}
