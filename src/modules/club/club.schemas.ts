import { z } from 'zod';
import { isoDate, isoDateTime, pageQuery } from '../../http/schemas.ts';
import { consentMethods, contactChannels } from '../customers/index.ts';
import { eventKinds, memberStatuses, partnerCategories } from './schema.ts';

const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, 'letters, digits, - and _; at most 16');

export const tierInput = z.strictObject({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a lowercase word such as premium'),
  name: z.string().trim().min(1).max(80),
  rank: z.number().int().min(0).max(20),
  minPoints: z.number().int().min(0).max(100_000_000).default(0),
  minSpendMinor: z.number().int().min(0).nullable().optional(),
});
export type TierInput = z.output<typeof tierInput>;

const rules = {
  purchasePointsPer100: z.number().int().min(0).max(10_000),
  servicePointsPer100: z.number().int().min(0).max(10_000),
  eventPoints: z.number().int().min(0).max(1_000_000),
  referralPoints: z.number().int().min(0).max(1_000_000),
  pointsValidMonths: z.number().int().min(1).max(120),
  tierWindowMonths: z.number().int().min(1).max(60),
  earnFrom: isoDate,
};

export const createClubBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(120),
  /** absent: a group-wide club */
  brandCode: z.string().trim().toUpperCase().optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/),
  purchasePointsPer100: rules.purchasePointsPer100.optional(),
  servicePointsPer100: rules.servicePointsPer100.optional(),
  eventPoints: rules.eventPoints.optional(),
  referralPoints: rules.referralPoints.optional(),
  pointsValidMonths: rules.pointsValidMonths.optional(),
  tierWindowMonths: rules.tierWindowMonths.optional(),
  earnFrom: rules.earnFrom.optional(),
  /** absent: premium / middle / ordinary with default thresholds (seed 002) */
  tiers: z.array(tierInput).min(1).max(10).optional(),
});
export type CreateClubInput = z.output<typeof createClubBody>;

export const updateClubBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  purchasePointsPer100: rules.purchasePointsPer100.optional(),
  servicePointsPer100: rules.servicePointsPer100.optional(),
  eventPoints: rules.eventPoints.optional(),
  referralPoints: rules.referralPoints.optional(),
  pointsValidMonths: rules.pointsValidMonths.optional(),
  tierWindowMonths: rules.tierWindowMonths.optional(),
  earnFrom: rules.earnFrom.optional(),
});
export type UpdateClubInput = z.output<typeof updateClubBody>;

export const replaceTiersBody = z.strictObject({ tiers: z.array(tierInput).min(1).max(10) });

/** `kind:value`, kind one of model / industry / hobby / role (seed 002's member segments). */
export const memberTag = z
  .string()
  .trim()
  .regex(
    /^(model|industry|hobby|role):\S.{0,79}$/i,
    'kind:value, kind model, industry, hobby or role',
  );

export const enrolBody = z.strictObject({
  customerId: z.uuid(),
  /** absent: the actor's dealer, or the customer's only dealer */
  homeDealerCode: z.string().trim().toUpperCase().optional(),
  joinedOn: isoDate.optional(),
  tags: z.array(memberTag).max(40).default([]),
  /** the member who brought him (referral reward when he buys) */
  referredByMemberNumber: z.string().trim().optional(),
  /** consent to club communications, recorded in the customer's consent history */
  consents: z
    .array(
      z.strictObject({
        channel: z.enum(contactChannels),
        method: z.enum(consentMethods),
        evidence: z.string().trim().max(500).optional(),
      }),
    )
    .max(5)
    .default([]),
  note: z.string().trim().max(2000).optional(),
});
export type EnrolInput = z.output<typeof enrolBody>;

export const updateMemberBody = z.strictObject({
  tags: z.array(memberTag).max(40).optional(),
  homeDealerCode: z.string().trim().toUpperCase().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  /** leave the club (left) or come back (active) */
  status: z.enum(memberStatuses).optional(),
});
export type UpdateMemberInput = z.output<typeof updateMemberBody>;

export const memberListQuery = z.strictObject({
  clubId: z.uuid().optional(),
  dealerCode: z.string().trim().toUpperCase().optional(),
  tier: z.string().trim().toLowerCase().optional(),
  tag: memberTag.optional(),
  status: z.enum(memberStatuses).default('active'),
  /** only members with no purchase, points, event or service in 6 months */
  dormant: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});
export type MemberListQuery = z.output<typeof memberListQuery>;

const reason = z.string().trim().min(3).max(500);
export const pointsBody = z.strictObject({
  points: z.number().int().min(1).max(10_000_000),
  reason,
});
export const correctionBody = z.strictObject({
  entryId: z.uuid(),
  /** signed: negative takes points back, positive adds what was missing */
  points: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((value) => value !== 0, 'not zero'),
  reason,
});
export const ledgerQuery = z.strictObject({ ...pageQuery });

export const referralBody = z.strictObject({
  /** the person the member brought (a customer or prospect already in the CRM) */
  customerId: z.uuid(),
  note: z.string().trim().max(1000).optional(),
});

export const eventBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  kind: z.enum(eventKinds).default('other'),
  venue: z.string().trim().min(1).max(300),
  startsAt: isoDateTime,
  endsAt: isoDateTime.optional(),
  capacity: z.number().int().min(1).max(100_000),
  /** absent: the club's event points */
  points: z.number().int().min(0).max(1_000_000).optional(),
  /** the organising dealer; absent for a dealer user: his dealer; for the brand: club-wide */
  dealerCode: z.string().trim().toUpperCase().optional(),
  description: z.string().trim().max(4000).optional(),
});
export type EventInput = z.output<typeof eventBody>;

export const eventListQuery = z.strictObject({
  clubId: z.uuid().optional(),
  upcoming: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  ...pageQuery,
});
export type EventListQuery = z.output<typeof eventListQuery>;

export const memberRefBody = z.strictObject({ memberId: z.uuid() });
export const attendanceBody = z.strictObject({ memberIds: z.array(z.uuid()).min(1).max(1000) });

export const partnerBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  category: z.enum(partnerCategories),
  /** a dealer's local partner; absent: the whole club's */
  dealerCode: z.string().trim().toUpperCase().optional(),
  city: z.string().trim().max(100).optional(),
  phone: z.string().trim().max(50).optional(),
  website: z.string().trim().url().max(300).optional(),
});
export type PartnerInput = z.output<typeof partnerBody>;

export const perkBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  /** members of this tier and above */
  minTierCode: z.string().trim().toLowerCase(),
  validUntil: isoDate.optional(),
});
export type PerkInput = z.output<typeof perkBody>;
