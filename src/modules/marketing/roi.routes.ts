import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { Db } from '../../db/database.ts';
import { dashboardQuery, reportCsv, reportXlsx, resolveFilter } from '../analytics/index.ts';
import {
  requireRoiReader,
  roiGroupings,
  roiReport,
  roiReportOf,
  roiTables,
  type RoiFilter,
} from './roi.service.ts';
import { refreshRoiCredits, roiCreditsAsOf } from './roi-credits.ts';
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
  /** per campaign (the default), per campaign channel, per lead source */
  groupBy: z.enum(roiGroupings).optional(),
  includeCampaignCosts: z
    .stringbool()
    .optional()
    .describe(
      "groupBy=source only: share each campaign's cost over the sources of its leads, in proportion to its leads per source",
    ),
};
type RoiQuery = z.infer<z.ZodObject<typeof roiQuery>>;

const money = z.object({ currency: z.string(), amountMinor: z.number() });
const period = {
  from: z.string(),
  to: z.string(),
  asOf: z
    .string()
    .nullable()
    .describe('when the kept credits the figures are summed from were last refreshed'),
};
const funnel = {
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
};
const campaignTotals = z.array(
  z.object({
    currency: z.string(),
    campaigns: z.number().int(),
    costMinor: z.number(),
    revenueMinor: z.number(),
    leads: z.number().int(),
    sales: z.number().int(),
    roi: z.number().nullable(),
  }),
);
const roiSchema = z
  .discriminatedUnion('groupBy', [
    z.object({
      groupBy: z.literal('campaign'),
      ...period,
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
          ...funnel,
        }),
      ),
      totals: campaignTotals,
    }),
    z.object({
      groupBy: z.literal('channel'),
      ...period,
      rows: z.array(
        z.object({
          channel: z.enum(campaignChannels),
          currency: z.string(),
          campaigns: z.number().int(),
          ...funnel,
        }),
      ),
      totals: campaignTotals,
    }),
    z.object({
      groupBy: z.literal('source'),
      ...period,
      includeCampaignCosts: z.boolean(),
      campaignCostNotShared: z
        .array(money)
        .describe('with includeCampaignCosts: costs of campaigns that brought no lead'),
      rows: z.array(
        z.object({
          source: z.string().nullable(),
          leads: z.number().int(),
          testDrives: z.number().int(),
          sales: z.number().int(),
          serviceVisits: z.number().int(),
          revenue: z.array(money),
          leadsWithoutCampaign: z.number().int(),
          testDrivesWithoutCampaign: z.number().int(),
          salesWithoutCampaign: z.number().int(),
          revenueWithoutCampaign: z.array(money),
          cost: z
            .array(money)
            .describe(
              "the source's own costs (lead source costs) per currency, with includeCampaignCosts also its share of the campaigns' costs",
            ),
          campaignCost: z
            .array(money)
            .describe(
              'with includeCampaignCosts: the part of cost the campaigns paid for its leads',
            ),
          costPerLeadMinor: z.number().nullable(),
          costPerSaleMinor: z.number().nullable(),
          roi: z.number().nullable().describe('on the revenue without a campaign'),
        }),
      ),
      totals: z.array(
        z.object({
          currency: z.string(),
          sales: z.number().int(),
          revenueMinor: z.number(),
          salesWithoutCampaign: z.number().int(),
          revenueWithoutCampaignMinor: z.number(),
          costMinor: z.number().nullable(),
          roi: z.number().nullable(),
        }),
      ),
    }),
  ])
  .meta({ id: 'CampaignRoi' });

async function filterOf(db: Db, query: RoiQuery): Promise<RoiFilter> {
  const { campaignId, channel, groupBy, includeCampaignCosts, ...dates } = query;
  // sharing campaign costs over sources means nothing in the campaign or channel grouping
  if (includeCampaignCosts && groupBy !== 'source') {
    throw new ValidationError([
      { path: 'includeCampaignCosts', message: 'only with groupBy=source' },
    ]);
  }
  const filter = await resolveFilter(db, dates);
  return { ...filter, campaignId, campaignChannel: channel, includeCampaignCosts };
}

export function registerRoiRoutes(app: App): void {
  app.get(
    '/api/marketing/roi',
    {
      schema: {
        tags,
        summary:
          'Campaign ROI: per campaign that sent in the period (groupBy=campaign, the default), per campaign channel (channel) or per lead source (source): funnel, attributed leads, test drives, sales and service visits, revenue, cost and ROI (totals per currency)',
        querystring: z.strictObject(roiQuery),
        response: { 200: roiSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      requireRoiReader(actor);
      const filter = await filterOf(app.db, request.query);
      return roiReportOf(app.db, actor, filter, request.query.groupBy ?? 'campaign');
    },
  );

  app.post(
    '/api/marketing/roi/refresh',
    {
      schema: {
        tags,
        summary:
          'Bring the ROI report up to date now (the job does it every MARKETING_ROI_MINUTES): the people whose data changed since the last refresh are credited again',
        response: {
          200: z.object({
            asOf: z.string(),
            refreshed: z
              .boolean()
              .describe('false: another refresh was running; asOf is the last finished one'),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      requireRoiReader(actor);
      // the answer names no figure: the credits are everyone's, the report applies the scope
      const result = await refreshRoiCredits(app.db);
      const asOf = result?.refreshedAt ?? (await roiCreditsAsOf(app.db));
      return { asOf: asOf.toISOString(), refreshed: result !== undefined };
    },
  );

  app.get(
    '/api/marketing/roi/export',
    {
      schema: {
        tags,
        summary:
          'Campaign ROI in its grouping as XLSX (every table) or CSV (one table: the grouping’s own by default: campaigns, channels or sources; or currencies)',
        querystring: z.strictObject({
          ...roiQuery,
          format: z.enum(['csv', 'xlsx']),
          table: z.enum(['kpis', 'campaigns', 'channels', 'sources', 'currencies']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      requireRoiReader(actor);
      const { format, table, ...query } = request.query;
      const groupBy = query.groupBy ?? 'campaign';
      const own = roiTables[groupBy];
      // a grouping has its own table and the currencies; another's is a mistake, not a file
      if (table !== undefined && table !== own && table !== 'currencies' && table !== 'kpis') {
        throw new ValidationError([
          {
            path: 'table',
            message: `the ${groupBy} grouping has the tables ${own} and currencies`,
          },
        ]);
      }
      const filter = await filterOf(app.db, query);
      const report = roiReport(await roiReportOf(app.db, actor, filter, groupBy), {
        from: filter.from,
        to: filter.to,
        brandCode: filter.brandCode,
        regionCode: filter.regionCode,
        dealerCode: filter.dealerCode,
        campaignId: filter.campaignId,
        channel: filter.campaignChannel,
        groupBy,
        includeCampaignCosts: filter.includeCampaignCosts ? 'true' : undefined,
      });
      const grouping = groupBy === 'campaign' ? '' : `-by-${groupBy}`;
      const file = `campaign-roi${grouping}-${filter.from}-${filter.to}`;
      if (format === 'csv') {
        const chosen = table ?? own;
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
