import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import { commonErrors, isoDate } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { kpisSchema } from './club.views.ts';
import { clubKpis, clubTargets } from './kpis.service.ts';

export function registerKpiRoutes(app: App): void {
  app.get(
    '/api/club/kpis',
    {
      schema: {
        tags: ['club'],
        summary: 'Dormant-member share (target ≤ 20 %) and 5-year repurchase rate (≥ 20 %)',
        querystring: z.strictObject({ clubId: z.uuid().optional(), asOf: isoDate.optional() }),
        response: { 200: kpisSchema, ...commonErrors },
      },
    },
    async (request) => ({
      ...(await clubKpis(app.db, requirePermission(request, 'club:read'), request.query)),
      targets: clubTargets,
    }),
  );
}
