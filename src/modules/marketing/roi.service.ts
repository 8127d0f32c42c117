import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import type { Report, ResolvedFilter } from '../analytics/index.ts';
import { messageStatus } from '../messaging/index.ts';
import { attributedConversions, customerFilter } from './attribution.ts';
import type { CampaignChannel, OwnerLevel } from './schema.ts';

export type RoiFilter = ResolvedFilter & { campaignId?: string; campaignChannel?: CampaignChannel };

export type MoneyAmount = { currency: string; amountMinor: number };

/** One campaign's funnel, conversions and money, as the user may see it. */
export type RoiRow = {
  campaignId: string;
  name: string;
  channel: CampaignChannel;
  ownerLevel: OwnerLevel;
  /** the first message that went out (UTC) */
  startedAt: string | null;
  attributionWindowDays: number;
  responseCode: string | null;
  currency: string;
  recipients: number;
  delivered: number;
  opened: number;
  clicked: number;
  leads: number;
  testDrives: number;
  sales: number;
  serviceVisits: number;
  /** the cost, or the user's share of it (by recipients) when he sees part of the audience */
  costMinor: number | null;
  costShared: boolean;
  /** revenue in the campaign's currency: what ROI uses */
  revenueMinor: number;
  /** revenue in other currencies: shown, never converted or added */
  otherRevenue: MoneyAmount[];
  costPerLeadMinor: number | null;
  costPerSaleMinor: number | null;
  /** (revenue - cost) / cost; null without a cost */
  roi: number | null;
};

/** Campaigns summed per cost currency (roubles are never added to yuan). */
export type RoiTotal = {
  currency: string;
  campaigns: number;
  costMinor: number;
  revenueMinor: number;
  leads: number;
  sales: number;
  roi: number | null;
};

export type RoiAnswer = { from: string; to: string; rows: RoiRow[]; totals: RoiTotal[] };

/** ROI is read by marketing staff and by analysts (issue 7 lists it among the reports). */
export function requireRoiReader(actor: Actor): void {
  if (!can(actor, 'marketing:read') && !can(actor, 'analytics:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (marketing ROI)`);
  }
}

/** The campaigns a user sees (campaigns.service visibleTo, as SQL on `c`). */
function campaignVisible(actor: Actor): RawBuilder<boolean> {
  if (actor.scope.level === 'group') return sql<boolean>`true`;
  return sql<boolean>`(case when c.dealer_id is not null then ${dealerVisible(actor, sql.ref('c.dealer_id'))}
    when c.owner_level = 'brand' then c.brand_id is not distinct from ${actor.brandId}
    else true end)`;
}

/** Campaigns visible to the user that sent a message in the period (and pass the filters). */
function selectedCampaigns(actor: Actor, filter: RoiFilter): RawBuilder<unknown> {
  const conditions = [
    campaignVisible(actor),
    sql`exists (select 1 from marketing_campaign_recipients pr
      where pr.campaign_id = c.id and pr.status = 'queued'
        and pr.created_at >= ${filter.fromInstant} and pr.created_at < ${filter.toExclusive})`,
  ];
  if (filter.campaignId) conditions.push(sql`c.id = ${filter.campaignId}`);
  if (filter.campaignChannel) conditions.push(sql`c.channel = ${filter.campaignChannel}`);
  return sql`select c.id from marketing_campaigns c where ${sql.join(conditions, sql` and `)}`;
}

const perUnit = (cost: number | null, units: number) =>
  cost !== null && units > 0 ? Math.round(cost / units) : null;
const roiOf = (revenue: number, cost: number | null) =>
  cost !== null && cost > 0 ? (revenue - cost) / cost : null;

/**
 * The ROI report: per campaign that sent in the period, its recipients, deliveries, opens,
 * clicks, the conversions attributed to it (attribution.ts), revenue, cost, cost per lead and
 * per sale and ROI; and the totals per currency. Everything counts the user's customers only.
 */
export async function campaignRoi(db: Db, actor: Actor, filter: RoiFilter): Promise<RoiAnswer> {
  requireRoiReader(actor);
  const selected = selectedCampaigns(actor, filter);
  const [funnel, conversions] = await Promise.all([
    sql<{
      id: string;
      name: string;
      channel: CampaignChannel;
      owner_level: OwnerLevel;
      currency: string;
      cost_minor: string | null;
      attribution_window_days: number;
      response_code: string | null;
      started_at: Date | null;
      all_recipients: number;
      recipients: number;
      delivered: number;
      opened: number;
      clicked: number;
    }>`
      select c.id, c.name, c.channel, c.owner_level, c.currency, c.cost_minor::text as cost_minor,
             c.attribution_window_days, c.response_code,
             (select min(a.created_at) from marketing_campaign_recipients a
               where a.campaign_id = c.id and a.status = 'queued') as started_at,
             (select count(*)::int from marketing_campaign_recipients a
               where a.campaign_id = c.id) as all_recipients,
             count(r.customer_id)::int as recipients,
             -- a message the outbox sent; call tasks and print runs have no message
             count(r.customer_id) filter (where r.status = 'queued' and (r.message_id is null
               or ${messageStatus(sql.ref('r.message_id'))} = 'sent'))::int as delivered,
             count(r.opened_at)::int as opened,
             count(r.clicked_at)::int as clicked
        from marketing_campaigns c
        left join marketing_campaign_recipients r on r.campaign_id = c.id
         and ${customerVisible(actor, sql.ref('r.customer_id'))}
         and ${customerFilter(filter, sql.ref('r.customer_id'))}
       where c.id in (${selected})
       group by c.id
       order by started_at desc nulls last, c.name`.execute(db),
    attributedConversions(db, actor, filter, selected),
  ]);

  const rows = funnel.rows.flatMap((campaign): RoiRow[] => {
    const mine = conversions.filter((conversion) => conversion.campaignId === campaign.id);
    const count = (kind: string) =>
      mine.filter((c) => c.kind === kind).reduce((sum, c) => sum + c.count, 0);
    const revenue = new Map<string, number>();
    for (const c of mine) {
      if ((c.kind === 'sale' || c.kind === 'service') && c.currency) {
        revenue.set(c.currency, (revenue.get(c.currency) ?? 0) + c.amountMinor);
      }
    }
    const fullCost = campaign.cost_minor === null ? null : Number(campaign.cost_minor);
    // a user who sees part of the audience (a dealer, a filter) bears that part of the cost
    const costShared = campaign.recipients < campaign.all_recipients;
    const cost =
      fullCost === null || !costShared
        ? fullCost
        : Math.round((fullCost * campaign.recipients) / Math.max(campaign.all_recipients, 1));
    const leads = count('lead');
    const sales = count('sale');
    // a campaign that reached none of the user's customers and won nothing is not his to judge
    if (campaign.recipients === 0 && mine.length === 0) return [];
    const revenueMinor = revenue.get(campaign.currency) ?? 0;
    return [
      {
        campaignId: campaign.id,
        name: campaign.name,
        channel: campaign.channel,
        ownerLevel: campaign.owner_level,
        startedAt: campaign.started_at?.toISOString() ?? null,
        attributionWindowDays: campaign.attribution_window_days,
        responseCode: campaign.response_code,
        currency: campaign.currency,
        recipients: campaign.recipients,
        delivered: campaign.delivered,
        opened: campaign.opened,
        clicked: campaign.clicked,
        leads,
        testDrives: count('test_drive'),
        sales,
        serviceVisits: count('service'),
        costMinor: cost,
        costShared,
        revenueMinor,
        otherRevenue: [...revenue.entries()]
          .filter(([currency]) => currency !== campaign.currency)
          .map(([currency, amountMinor]) => ({ currency, amountMinor }))
          .sort((a, b) => a.currency.localeCompare(b.currency)),
        costPerLeadMinor: perUnit(cost, leads),
        costPerSaleMinor: perUnit(cost, sales),
        roi: roiOf(revenueMinor, cost),
      },
    ];
  });

  const totals = new Map<string, RoiTotal>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? {
      currency: row.currency,
      campaigns: 0,
      costMinor: 0,
      revenueMinor: 0,
      leads: 0,
      sales: 0,
      roi: null,
    };
    total.campaigns += 1;
    total.costMinor += row.costMinor ?? 0;
    total.revenueMinor += row.revenueMinor;
    total.leads += row.leads;
    total.sales += row.sales;
    totals.set(row.currency, total);
  }
  for (const total of totals.values()) total.roi = roiOf(total.revenueMinor, total.costMinor);

  return {
    from: filter.from,
    to: filter.to,
    rows,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

const major = (minor: number | null) => (minor === null ? null : minor / 100);

/** The answer in the dashboards' report shape, for the CSV and XLSX writers. */
export function roiReport(answer: RoiAnswer, filters: Record<string, string | undefined>): Report {
  return {
    name: 'campaign-roi',
    asOf: new Date().toISOString(),
    filters,
    kpis: [
      { key: 'campaigns', kind: 'count', value: answer.rows.length },
      {
        key: 'recipients',
        kind: 'count',
        value: answer.rows.reduce((sum, row) => sum + row.recipients, 0),
      },
      { key: 'leads', kind: 'count', value: answer.rows.reduce((sum, row) => sum + row.leads, 0) },
      { key: 'sales', kind: 'count', value: answer.rows.reduce((sum, row) => sum + row.sales, 0) },
    ],
    tables: [
      {
        key: 'campaigns',
        columns: [
          { key: 'campaign', kind: 'text' },
          { key: 'channel', kind: 'text' },
          { key: 'startedAt', kind: 'text' },
          { key: 'currency', kind: 'text' },
          { key: 'recipients', kind: 'count' },
          { key: 'delivered', kind: 'count' },
          { key: 'opened', kind: 'count' },
          { key: 'clicked', kind: 'count' },
          { key: 'leads', kind: 'count' },
          { key: 'testDrives', kind: 'count' },
          { key: 'sales', kind: 'count' },
          { key: 'serviceVisits', kind: 'count' },
          { key: 'cost', kind: 'money' },
          { key: 'revenue', kind: 'money' },
          { key: 'otherRevenue', kind: 'text' },
          { key: 'costPerLead', kind: 'money' },
          { key: 'costPerSale', kind: 'money' },
          { key: 'roi', kind: 'ratio' },
        ],
        rows: answer.rows.map((row) => [
          row.name,
          row.channel,
          row.startedAt?.slice(0, 10) ?? null,
          row.currency,
          row.recipients,
          row.delivered,
          row.opened,
          row.clicked,
          row.leads,
          row.testDrives,
          row.sales,
          row.serviceVisits,
          major(row.costMinor),
          major(row.revenueMinor),
          row.otherRevenue
            .map((money) => `${money.currency} ${(money.amountMinor / 100).toFixed(2)}`)
            .join('; ') || null,
          major(row.costPerLeadMinor),
          major(row.costPerSaleMinor),
          row.roi,
        ]),
      },
      {
        key: 'currencies',
        columns: [
          { key: 'currency', kind: 'text' },
          { key: 'campaigns', kind: 'count' },
          { key: 'cost', kind: 'money' },
          { key: 'revenue', kind: 'money' },
          { key: 'leads', kind: 'count' },
          { key: 'sales', kind: 'count' },
          { key: 'roi', kind: 'ratio' },
        ],
        rows: answer.totals.map((total) => [
          total.currency,
          total.campaigns,
          major(total.costMinor),
          major(total.revenueMinor),
          total.leads,
          total.sales,
          total.roi,
        ]),
      },
    ],
  };
}
