import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../db/database.ts';
import { dashboardQuery, reportCsv, reportXlsx, resolveFilter } from '../analytics/index.ts';
import { campaignRoi, requireRoiReader, roiReport, type RoiFilter } from './roi.service.ts';
import { campaignChannels } from './schema.ts';

const tags = ['marketing'];

/** The dashboards' period and dealer filters, plus one campaign or one channel. */
const roiQuery = {
  from: dashboardQuery.from,
  to: dashboardQuery.to,
  brandCode: dashboardQuery.brandCode,
  regionCode: dashboardQuery.regionCode,
  dealerCode: dashboardQuery.dealerCode,
  campaignId: z.uuid().optional(),
  channel: z.enum(campaignChannels).optional(),
};
type RoiQuery = z.infer<z.ZodObject<typeof roiQuery>>;

const money = z.object({ currency: z.string(), amountMinor: z.number() });
const roiSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(
      z.object({
        campaignId: z.string(),
        name: z.string(),
        channel: z.enum(campaignChannels),
        ownerLevel: z.enum(['group', 'brand', 'dealer']),
        startedAt: z.string().nullable(),
        attributionWindowDays: z.number().int(),
        responseCode: z.string().nullable(),
        currency: z.string(),
        recipients: z.number().int(),
        delivered: z.number().int(),
        opened: z.number().int(),
        clicked: z.number().int(),
        leads: z.number().int(),
        testDrives: z.number().int(),
        sales: z.number().int(),
        serviceVisits: z.number().int(),
        costMinor: z.number().nullable(),
        costShared: z.boolean(),
        revenueMinor: z.number(),
        otherRevenue: z.array(money),
        costPerLeadMinor: z.number().nullable(),
        costPerSaleMinor: z.number().nullable(),
        roi: z.number().nullable(),
      }),
    ),
    totals: z.array(
      z.object({
        currency: z.string(),
        campaigns: z.number().int(),
        costMinor: z.number(),
        revenueMinor: z.number(),
        leads: z.number().int(),
        sales: z.number().int(),
        roi: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'CampaignRoi' });

async function filterOf(db: Db, query: RoiQuery): Promise<RoiFilter> {
  const { campaignId, channel, ...period } = query;
  const filter = await resolveFilter(db, period);
  return { ...filter, campaignId, campaignChannel: channel };
}

export function registerRoiRoutes(app: App): void {
  app.get(
    '/api/marketing/roi',
    {
      schema: {
        tags,
        summary:
          'Campaign ROI: per campaign that sent in the period, its funnel, attributed leads, test drives, sales and service visits, revenue, cost and ROI (totals per currency)',
        querystring: z.strictObject(roiQuery),
        response: { 200: roiSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      requireRoiReader(actor);
      return campaignRoi(app.db, actor, await filterOf(app.db, request.query));
    },
  );

  app.get(
    '/api/marketing/roi/export',
    {
      schema: {
        tags,
        summary: 'Campaign ROI as XLSX (every table) or CSV (one table: campaigns by default)',
        querystring: z.strictObject({
          ...roiQuery,
          format: z.enum(['csv', 'xlsx']),
          table: z.enum(['kpis', 'campaigns', 'currencies']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      requireRoiReader(actor);
      const { format, table, ...query } = request.query;
      const filter = await filterOf(app.db, query);
      const report = roiReport(await campaignRoi(app.db, actor, filter), {
        from: filter.from,
        to: filter.to,
        brandCode: filter.brandCode,
        regionCode: filter.regionCode,
        dealerCode: filter.dealerCode,
        campaignId: filter.campaignId,
        channel: filter.campaignChannel,
      });
      const file = `campaign-roi-${filter.from}-${filter.to}`;
      if (format === 'csv') {
        const chosen = table ?? 'campaigns';
        const csv = reportCsv(report, chosen === 'kpis' ? undefined : chosen);
        if (csv === undefined) throw new NotFoundError(`Table ${chosen}`);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}-${chosen}.csv"`)
          .send(csv);
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file}.xlsx"`)
        .send(await reportXlsx(report));
    },
  );
}
