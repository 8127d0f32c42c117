import { z } from 'zod';
import { eventKinds, partnerCategories, pointSources } from './schema.ts';

/** Response shapes of the club API (for the OpenAPI document and the web client). */
export const tierSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  rank: z.number(),
  minPoints: z.number(),
  minSpendMinor: z.number().nullable(),
});

export const clubSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    brandCode: z.string().nullable(),
    currency: z.string(),
    purchasePointsPer100: z.number(),
    servicePointsPer100: z.number(),
    eventPoints: z.number(),
    referralPoints: z.number(),
    pointsValidMonths: z.number(),
    tierWindowMonths: z.number(),
    earnFrom: z.string(),
    tiers: z.array(tierSchema),
  })
  .meta({ id: 'Club' });

export const memberSchema = z
  .object({
    id: z.string(),
    club: z.object({ id: z.string(), code: z.string(), name: z.string() }),
    memberNumber: z.string(),
    customer: z.object({ id: z.string(), displayName: z.string() }),
    joinedOn: z.string(),
    homeDealerCode: z.string(),
    tier: z.object({ code: z.string(), name: z.string(), rank: z.number() }),
    tierSince: z.string(),
    status: z.enum(['active', 'left']),
    leftOn: z.string().nullable(),
    tags: z.array(z.string()),
    referredBy: z.object({ memberNumber: z.string(), displayName: z.string() }).nullable(),
    note: z.string().nullable(),
    balance: z.number().describe('points available'),
    lastActivityOn: z.string(),
    dormant: z.boolean().describe('no purchase, points, event or service in 6 months'),
  })
  .meta({ id: 'ClubMember' });

export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    source: z.enum(pointSources),
    sourceId: z.string().nullable(),
    points: z.number().describe('positive earned, negative spent or lapsed'),
    reason: z.string().nullable(),
    occurredOn: z.string(),
    expiresOn: z.string().nullable(),
    amountMinor: z.number().nullable(),
    currency: z.string().nullable(),
    correctsEntryId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClubLedgerEntry' });

export const pointsResultSchema = z.object({ entryId: z.string(), balance: z.number() });

export const tierChangeSchema = z
  .object({
    id: z.string(),
    fromTier: z.string().nullable(),
    toTier: z.string().nullable(),
    direction: z.enum(['up', 'down']),
    changedOn: z.string(),
    pointsInWindow: z.number(),
    spendInWindowMinor: z.number(),
  })
  .meta({ id: 'ClubTierChange' });

export const referralSchema = z
  .object({
    id: z.string(),
    referred: z.object({ id: z.string(), displayName: z.string() }),
    referredOn: z.string(),
    status: z.enum(['open', 'rewarded']),
    rewardedOn: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ClubReferral' });

export const eventSchema = z
  .object({
    id: z.string(),
    clubId: z.string(),
    clubCode: z.string(),
    dealerCode: z.string().nullable(),
    title: z.string(),
    kind: z.enum(eventKinds),
    venue: z.string(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    capacity: z.number(),
    points: z.number().describe('earned by each attendee'),
    status: z.enum(['planned', 'cancelled']),
    description: z.string().nullable(),
    registered: z.number(),
    attended: z.number(),
  })
  .meta({ id: 'ClubEvent' });

export const registrationSchema = z
  .object({
    memberId: z.string(),
    memberNumber: z.string(),
    displayName: z.string(),
    tierCode: z.string(),
    status: z.enum(['registered', 'cancelled']),
    attended: z.boolean(),
    registeredAt: z.string(),
  })
  .meta({ id: 'ClubEventRegistration' });

const perkFields = {
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  minTierCode: z.string(),
  validUntil: z.string().nullable(),
};

export const partnerSchema = z
  .object({
    id: z.string(),
    clubId: z.string(),
    dealerCode: z.string().nullable(),
    name: z.string(),
    category: z.enum(partnerCategories),
    city: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    active: z.boolean(),
    perks: z.array(z.object(perkFields)),
  })
  .meta({ id: 'ClubPartner' });

export const memberPerkSchema = z
  .object({ ...perkFields, partnerName: z.string(), category: z.enum(partnerCategories) })
  .meta({ id: 'ClubMemberPerk' });

export const kpisSchema = z
  .object({
    asOf: z.string().describe('the day judged on'),
    keptAsOf: z
      .string()
      .nullable()
      .describe(
        'when the kept per-member figures were refreshed (members changed since are read live); null: every member read live',
      ),
    targets: z.object({ dormantShareMax: z.number(), repurchaseRateMin: z.number() }),
    items: z.array(
      z.object({
        clubId: z.string(),
        clubCode: z.string(),
        dealerCode: z.string().nullable().describe('null: the whole club within my scope'),
        members: z.number(),
        dormant: z.number(),
        dormantShare: z.number().nullable(),
        repurchasers: z.number(),
        repurchaseRate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'ClubKpis' });
