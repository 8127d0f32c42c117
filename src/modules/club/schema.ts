import type { Generated } from 'kysely';

export const memberStatuses = ['active', 'left'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** Seed 002 segments members by model, industry, hobby and role; a tag is `kind:value`. */
export const tagKinds = ['model', 'industry', 'hobby', 'role'] as const;
export type TagKind = (typeof tagKinds)[number];

export const eventKinds = [
  'motorsport',
  'golf',
  'self_drive_tour',
  'forum',
  'charity',
  'family',
  'training',
  'other',
] as const;
export type EventKind = (typeof eventKinds)[number];
export const partnerCategories = [
  'golf',
  'hotel',
  'restaurant',
  'fitness',
  'travel',
  'insurance',
  'finance',
  'retail',
  'car_care',
  'other',
] as const;
export type PartnerCategory = (typeof partnerCategories)[number];

export const pointSources = [
  'purchase',
  'service_visit',
  'event',
  'referral',
  'manual',
  'redemption',
  'expiry',
  'correction',
  'journey',
] as const;
export type PointSource = (typeof pointSources)[number];

export type ClubTables = {
  clubs: {
    id: Generated<string>;
    code: string;
    name: string;
    brand_id: string | null;
    currency: string;
    purchase_points_per_100: Generated<number>;
    service_points_per_100: Generated<number>;
    event_points: Generated<number>;
    referral_points: Generated<number>;
    points_valid_months: Generated<number>;
    tier_window_months: Generated<number>;
    earn_from: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  club_number_counters: {
    club_id: string;
    next_seq: Generated<number>;
  };
  club_tiers: {
    id: Generated<string>;
    club_id: string;
    code: string;
    name: string;
    rank: number;
    min_points: Generated<number>;
    min_spend_minor: number | null;
  };
  club_members: {
    id: Generated<string>;
    club_id: string;
    customer_id: string;
    member_number: string;
    joined_on: string;
    home_dealer_id: string;
    tier_id: string;
    tier_since: string;
    status: Generated<MemberStatus>;
    left_on: string | null;
    tags: Generated<string[]>;
    referred_by_member_id: string | null;
    note: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  club_points_ledger: {
    id: Generated<string>;
    member_id: string;
    customer_id: string;
    club_id: string;
    source: PointSource;
    source_id: string | null;
    points: number;
    reason: string | null;
    occurred_on: string;
    expires_on: string | null;
    amount_minor: number | null;
    currency: string | null;
    corrects_entry_id: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  club_point_balances: {
    member_id: string;
    customer_id: string;
    balance: Generated<number>;
    updated_at: Generated<Date>;
  };
  club_tier_changes: {
    id: Generated<string>;
    member_id: string;
    customer_id: string;
    club_id: string;
    from_tier_id: string | null;
    to_tier_id: string | null;
    direction: 'up' | 'down';
    changed_on: string;
    points_in_window: number;
    spend_in_window_minor: number;
    created_at: Generated<Date>;
  };
  club_referrals: {
    id: Generated<string>;
    club_id: string;
    referrer_member_id: string;
    customer_id: string;
    referred_customer_id: string;
    referred_on: string;
    status: Generated<'open' | 'rewarded'>;
    purchase_id: string | null;
    rewarded_on: string | null;
    note: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  club_events: {
    id: Generated<string>;
    club_id: string;
    dealer_id: string | null;
    title: string;
    kind: Generated<EventKind>;
    venue: string;
    starts_at: Date;
    ends_at: Date | null;
    capacity: number;
    points: number | null;
    status: Generated<'planned' | 'cancelled'>;
    description: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  club_event_registrations: {
    id: Generated<string>;
    event_id: string;
    member_id: string;
    customer_id: string;
    registered_at: Generated<Date>;
    status: Generated<'registered' | 'cancelled'>;
    attended: Generated<boolean>;
    attended_at: Date | null;
    created_by: string | null;
  };
  club_partners: {
    id: Generated<string>;
    club_id: string;
    dealer_id: string | null;
    name: string;
    category: PartnerCategory;
    city: string | null;
    phone: string | null;
    website: string | null;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  club_partner_perks: {
    id: Generated<string>;
    partner_id: string;
    min_tier_id: string;
    title: string;
    description: string | null;
    valid_until: string | null;
    created_at: Generated<Date>;
  };
};
