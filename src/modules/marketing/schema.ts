import type { Generated } from 'kysely';
import type { Json } from '../../db/core-schema.ts';
import type { DataCheckTables } from './data-check.schema.ts';
import type { PublicHitTables } from './public-hits.schema.ts';
import type { RepliesTables } from './replies.schema.ts';

export const suppressionReasons = ['unsubscribed', 'bounced', 'manual'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
export const campaignStatuses = [
  'draft',
  'scheduled',
  'testing',
  'sending',
  'sent',
  'cancelled',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const abMetrics = [
  'open_rate',
  'click_rate',
  'registration_rate',
  'call_success_rate',
  'response_rate',
] as const;
export type AbMetric = (typeof abMetrics)[number];
export const campaignChannels = ['email', 'sms', 'call', 'mail'] as const;
export type CampaignChannel = (typeof campaignChannels)[number];
/** what a segment's `campaign` leaf asks of a person (segment.schemas.ts; the web builder's row) */
export const campaignResponses = [
  'received',
  'opened',
  'clicked',
  'unsubscribed',
  'registered',
  'attended',
  'replied',
] as const;
export type CampaignResponse = (typeof campaignResponses)[number];
export const campaignKinds = ['message', 'event'] as const;
export type CampaignKind = (typeof campaignKinds)[number];
export const registrationStatuses = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];
/** an entry of an event's change history (0228, 0246): a move, or the whole event's cancel */
export const eventChangeKinds = ['change', 'cancel'] as const;
export type EventChangeKind = (typeof eventChangeKinds)[number];
export const eventMessageKinds = ['reminder', 'morning', 'feedback'] as const;
export type EventMessageKind = (typeof eventMessageKinds)[number];
export const ownerLevels = ['group', 'brand', 'dealer'] as const;
export type OwnerLevel = (typeof ownerLevels)[number];

/** the module's tables declared in files of their own */
type OwnFileTables = DataCheckTables & PublicHitTables & RepliesTables;

export type MarketingTables = OwnFileTables & {
  marketing_segments: {
    id: Generated<string>;
    name: string;
    description: string | null;
    definition: Json;
    dealer_id: string | null;
    last_count: number | null;
    last_counted_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  marketing_lists: {
    id: Generated<string>;
    name: string;
    source: 'frozen_segment' | 'csv';
    segment_id: string | null;
    dealer_id: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  marketing_list_members: {
    list_id: string;
    customer_id: string;
    added_at: Generated<Date>;
  };
  marketing_contact_rules: {
    channel: 'email' | 'sms';
    max_messages: number;
    period_days: number;
    quiet_start: number;
    quiet_end: number;
    updated_at: Generated<Date>;
  };
  marketing_suppressions: {
    id: Generated<string>;
    customer_id: string;
    channel: string | null;
    reason: SuppressionReason;
    note: string | null;
    campaign_id: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    lifted_at: Date | null;
    lifted_by: string | null;
  };
  marketing_campaigns: {
    id: Generated<string>;
    name: string;
    goal: string | null;
    owner_level: OwnerLevel;
    brand_id: string | null;
    dealer_id: string | null;
    channel: Generated<CampaignChannel>;
    call_assignee_user_id: string | null;
    call_due_days: Generated<number>;
    segment_id: string | null;
    list_id: string | null;
    budget_minor: string | number | null;
    cost_minor: string | number | null;
    currency: string;
    /** a conversion up to this many days after the campaign's last touch counts (0175) */
    attribution_window_days: Generated<number>;
    /** a code leads quote (campaign / utm_campaign) to be credited directly (0175) */
    response_code: string | null;
    /** an event campaign invites to a venue and time, with a capacity (0176) */
    kind: Generated<CampaignKind>;
    event_venue: string | null;
    event_starts_at: Date | null;
    /** optional end, after the start (0226); null: the event has a start only */
    event_ends_at: Date | null;
    event_capacity: number | null;
    /** event care (0195): reminder hours before the start (null: none), a same-morning one, feedback */
    event_reminder_hours: Generated<number | null>;
    event_morning_reminder: Generated<boolean>;
    event_feedback: Generated<boolean>;
    /** venue or time changes since the invitations went (0228), as a calendar SEQUENCE */
    event_sequence: Generated<number>;
    default_language: Generated<'en' | 'ru' | 'zh'>;
    scheduled_at: Date | null;
    ab_test_share: Generated<number>;
    ab_metric: Generated<AbMetric>;
    ab_wait_hours: Generated<number>;
    status: Generated<CampaignStatus>;
    test_sent_at: Date | null;
    /** an A/B test by send time (0267): its wait counts from here, the last variant's release */
    ab_judge_from: Date | null;
    winner_variant: string | null;
    winner_note: string | null;
    sent_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** recommended offers (0268): owner, validity, texts per language, target */
  marketing_offers: {
    id: Generated<string>;
    name: string;
    owner_level: OwnerLevel;
    brand_id: string | null;
    dealer_id: string | null;
    /** ISO dates (pg-types reads `date` as text) */
    valid_from: string;
    valid_to: string;
    priority: Generated<number>;
    texts: Json;
    segment_id: string | null;
    condition: Json | null;
    active: Generated<boolean>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  marketing_campaign_variants: {
    campaign_id: string;
    key: string;
    contents: Json;
    /** the variant's own send time (0267, variant-send-time.ts); null: at once */
    send_time: Json | null;
  };
  /** view (0243): every code a lead may quote; a letter's variants have their own */
  marketing_response_codes: {
    campaign_id: string;
    /** null: the campaign's own code */
    variant: string | null;
    code: string;
  };
  marketing_campaign_recipients: {
    campaign_id: string;
    customer_id: string;
    variant: string;
    phase: 'test' | 'rest' | 'all';
    message_id: string | null;
    status: 'queued' | 'blocked';
    blocked_reason: string | null;
    opened_at: Date | null;
    open_count: Generated<number>;
    clicked_at: Date | null;
    click_count: Generated<number>;
    unsubscribed_at: Date | null;
    task_id: Generated<string | null>;
    created_at: Generated<Date>;
    /** his first answer to the campaign (0265; replies.service.ts) */
    replied_at: Generated<Date | null>;
    /** his set of dealers (customer_dealer_sets), kept by triggers (0282): the ROI scope's */
    customer_dealer_set_id: Generated<number>;
  };
  marketing_event_registrations: {
    campaign_id: string;
    customer_id: string;
    status: RegistrationStatus;
    registered_at: Generated<Date>;
    cancelled_at: Date | null;
    attended_at: Date | null;
    attendance_by: string | null;
    /** came without registering (0195): attended on arrival, never held a place */
    walk_in: Generated<boolean>;
    feedback_rating: number | null;
    feedback_at: Date | null;
    /** the guest's own SEQUENCE steps on top of the event's (0238): cancelled, came back */
    calendar_steps: Generated<number>;
    /** staff who cancelled it and why (0246); null: the guest himself, from his page */
    cancelled_by: string | null;
    cancel_reason: string | null;
  };
  /** what the event care job wrote per registration and kind (0195) */
  marketing_event_messages: {
    campaign_id: string;
    customer_id: string;
    kind: EventMessageKind;
    message_id: string | null;
    status: 'queued' | 'blocked';
    blocked_reason: string | null;
    created_at: Generated<Date>;
  };
  /** a sent event's changes of venue, start or places: who, when, old -> new (0228) */
  marketing_event_changes: {
    id: Generated<string>;
    campaign_id: string;
    sequence: number;
    changed_by: string | null;
    changed_at: Generated<Date>;
    old_venue: string | null;
    new_venue: string | null;
    old_starts_at: Date;
    new_starts_at: Date;
    /** the end before and after the change (0229; null: none) */
    old_ends_at: Date | null;
    new_ends_at: Date | null;
    old_capacity: number;
    new_capacity: number;
    promoted: Generated<number>;
    notices_queued: Generated<number>;
    notices_blocked: Generated<number>;
    /** 'cancel': the whole event was cancelled (0246), old and new details alike */
    kind: Generated<EventChangeKind>;
    reason: string | null;
  };
  /** an event campaign's own reminder / feedback texts per kind and language (0221) */
  marketing_event_texts: {
    campaign_id: string;
    kind: EventMessageKind;
    language: 'en' | 'ru' | 'zh';
    channel: 'email' | 'sms';
    subject: Generated<string>;
    mjml: Generated<string>;
    text: string | null;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  /** an SMS's short tracked links (0202): code -> message, campaign or journey step, target */
  marketing_sms_links: {
    code: string;
    customer_id: string;
    message_id: string | null;
    campaign_id: string | null;
    variant: string | null;
    journey_run_id: string | null;
    step_id: string | null;
    target_url: string;
    /** the signed unsubscribe link: following it is no click */
    unsubscribe: Generated<boolean>;
    clicked_at: Date | null;
    click_count: Generated<number>;
    created_at: Generated<Date>;
  };
  marketing_settings: { key: string; value: string };
  /** the current consent per customer, channel and purpose (derived, kept by trigger) */
  marketing_consent_state: {
    customer_id: string;
    channel: string;
    purpose: string;
    granted: boolean;
  };
  /** the ROI report's credited conversions, kept by roi-credits.ts (migration 0252) */
  marketing_roi_credits: {
    kind: 'lead' | 'test_drive' | 'sale' | 'service';
    conversion_id: string;
    campaign_id: string;
    customer_id: string;
    dealer_id: string | null;
    brand_id: string | null;
    day: string;
    at: Date;
    amount_minor: Generated<string>;
    currency: string | null;
    lead_id: string | null;
    source_key: string | null;
    /** his set of dealers (customer_dealer_sets), kept by triggers (0282) */
    customer_dealer_set_id: Generated<number>;
  };
  /** the ROI report's conversions credited to no campaign, kept with the credits (0276) */
  marketing_roi_uncredited: {
    kind: 'lead' | 'test_drive' | 'sale';
    conversion_id: string;
    customer_id: string;
    dealer_id: string | null;
    brand_id: string | null;
    day: string;
    at: Date;
    amount_minor: Generated<string>;
    currency: string | null;
    lead_id: string | null;
    source_key: string | null;
    /** his set of dealers (customer_dealer_sets), kept by triggers (0282) */
    customer_dealer_set_id: Generated<number>;
  };
  /** when the ROI credits were refreshed and rebuilt (0252) */
  marketing_roi_state: {
    name: string;
    refreshed_at: Date;
    watermark: Date;
    rebuilt_at: Date;
  };
  /** a dealer's own marketing signature per language (0273), `{{dealer.signature}}` */
  marketing_dealer_signatures: {
    dealer_id: string;
    texts: Json;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  /** a dealer's own paragraph for one group or brand campaign (0273), `{{dealer.note}}` */
  marketing_campaign_dealer_notes: {
    campaign_id: string;
    dealer_id: string;
    texts: Json;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  /** one row per customer with visits, kept by trigger from service_visits (migration 0199) */
  marketing_visit_summary: {
    customer_id: string;
    visit_dates: string[];
    running_totals: string[];
    visit_count: number;
  };
};
