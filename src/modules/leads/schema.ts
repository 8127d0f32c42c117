import type { Generated } from 'kysely';

export const leadStages = [
  'new',
  'contacted',
  'showroom_visit',
  'test_drive',
  'offer',
  'order',
  'delivered',
  'lost',
] as const;
/** Stages in which a lead is still being worked (counts towards a consultant's cap). */
export const openStages = [
  'new',
  'contacted',
  'showroom_visit',
  'test_drive',
  'offer',
  'order',
] as const;
export const lostReasons = [
  'price',
  'bought_competitor',
  'bought_used',
  'postponed',
  'no_response',
  'financing',
  'no_stock',
  'other',
] as const;
export const interestTypes = ['buy', 'lease', 'trade-in', 'test-drive'] as const;
export const temperatures = ['hot', 'warm', 'cold', 'unknown'] as const;
export const leadTaskPurposes = [
  'first_contact',
  'showroom_follow_up',
  'next_contact',
  'escalation',
] as const;

/** Who paid a source's cost: as marketing_campaigns.owner_level. */
export const costOwnerLevels = ['group', 'brand', 'dealer'] as const;
export type CostOwnerLevel = (typeof costOwnerLevels)[number];

export type LeadStage = (typeof leadStages)[number];
export type LostReason = (typeof lostReasons)[number];
export type Temperature = (typeof temperatures)[number];
export type LeadTaskPurpose = (typeof leadTaskPurposes)[number];

export type LeadsTables = {
  lead_sources: {
    key: string;
    name_en: string;
    name_ru: string;
    name_zh: string;
    active: Generated<boolean>;
    position: Generated<number>;
    created_at: Generated<Date>;
  };
  leads: {
    id: Generated<string>;
    customer_id: string;
    dealer_id: string | null;
    brand_id: string | null;
    assigned_user_id: string | null;
    source_key: string;
    campaign: string | null;
    utm_source: string | null;
    utm_medium: string | null;
    utm_campaign: string | null;
    utm_term: string | null;
    utm_content: string | null;
    stage: Generated<LeadStage>;
    lost_reason: LostReason | null;
    lost_competitor_make: string | null;
    lost_competitor_model: string | null;
    interest_type: (typeof interestTypes)[number] | null;
    intended_purchase_date: string | null;
    timeframe: string | null;
    budget_minor: number | null;
    currency: string | null;
    colour: string | null;
    condition: 'new' | 'used' | null;
    current_car_make: string | null;
    current_car_model: string | null;
    current_car_year: number | null;
    promotions: Generated<string[]>;
    competitor_models: Generated<string[]>;
    trade_in: unknown;
    comment: string | null;
    external_ref: string | null;
    last_contact_result: string | null;
    next_contact_plan: string | null;
    next_contact_at: Date | null;
    first_response_at: Date | null;
    requested_at: Generated<Date>;
    stage_changed_at: Generated<Date>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  lead_vehicles: {
    id: Generated<string>;
    lead_id: string;
    customer_id: string;
    position: number;
    make: string | null;
    model: string | null;
    year: number | null;
    trim: string | null;
    colour: string | null;
    condition: 'new' | 'used' | null;
  };
  lead_stage_history: {
    id: Generated<string>;
    lead_id: string;
    customer_id: string;
    from_stage: LeadStage | null;
    to_stage: LeadStage;
    note: string | null;
    user_id: string | null;
    changed_at: Generated<Date>;
  };
  lead_brand_owners: {
    customer_id: string;
    brand_id: string;
    dealer_id: string;
    since: Generated<Date>;
  };
  lead_handovers: {
    id: Generated<string>;
    customer_id: string;
    brand_id: string;
    lead_id: string | null;
    from_dealer_id: string | null;
    to_dealer_id: string;
    to_user_id: string | null;
    reason: string;
    by_user_id: string | null;
    created_at: Generated<Date>;
  };
  lead_routing_rules: {
    id: Generated<string>;
    position: number;
    name: string;
    active: Generated<boolean>;
    brand_id: string | null;
    postcode_prefixes: Generated<string[]>;
    cities: Generated<string[]>;
    models: Generated<string[]>;
    sources: Generated<string[]>;
    use_relationship: Generated<boolean>;
    dealer_id: string | null;
    open_lead_cap: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  lead_source_costs: {
    id: Generated<string>;
    source_key: string;
    /** the first day of the month, 'YYYY-MM-01' */
    month: string;
    owner_level: CostOwnerLevel;
    brand_id: string | null;
    dealer_id: string | null;
    /** bigint: read as a string by the driver */
    amount_minor: number | string;
    currency: string;
    note: string | null;
    entered_by: string | null;
    entered_at: Generated<Date>;
  };
  lead_tasks: {
    task_id: string;
    lead_id: string;
    customer_id: string;
    purpose: LeadTaskPurpose;
    escalated_at: Date | null;
  };
};
