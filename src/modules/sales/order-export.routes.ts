import { z } from 'zod';
import { requirePermission } from '../../http/guards.ts';
import type { App } from '../../http/types.ts';
import { exportFormats, sendExport } from '../../lib/table-export.ts';
import { orderListQuery } from './order.schemas.ts';
import { orderExport } from './order-export.ts';
import { orderFilterOf } from './orders.service.ts';

export function registerOrderExportRoutes(app: App): void {
  app.get(
    '/api/orders/export',
    {
      schema: {
        tags: ['sales'],
        summary:
          'The orders of the list’s filters as CSV (UTF-8 with BOM) or XLSX, every page, headers in your language; the export is audited',
        querystring: orderListQuery
          .omit({ limit: true, offset: true })
          .extend({ format: z.enum(exportFormats) }),
      },
    },
    async (request, reply) => {
      // customers' names and prices leave the CRM: the right to export customers
      const actor = requirePermission(request, 'customers:export');
      const { format, ...query } = request.query;
      const table = await orderExport(app.db, actor, await orderFilterOf(app.db, query));
      return sendExport(reply, format, 'orders', table);
    },
  );
}
