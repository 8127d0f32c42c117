import type { Generated } from 'kysely';

export const visitTypes = [
  'maintenance',
  'repair',
  'warranty',
  'recall',
  'body',
  'tyres',
  'inspection',
] as const;
export const payers = ['customer', 'warranty', 'insurance', 'dealer'] as const;
export type VisitType = (typeof visitTypes)[number];
export type Payer = (typeof payers)[number];

export type ServiceTables = ServiceOrderTables & {
  service_visits: {
    id: Generated<string>;
    customer_id: string;
    vehicle_id: string;
    dealer_id: string;
    advisor_user_id: string | null;
    order_number: string | null;
    visit_date: string;
    mileage_km: number | null;
    visit_type: VisitType;
    paid_by: Generated<Payer>;
    total_minor: Generated<number>;
    currency: string;
    description: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};

export const lifecycleEventTypes = [
  'welcome_pack',
  'owner_training',
  'purchase_anniversary',
  'birthday',
  'service_due',
  'after_visit_follow_up',
  'complaint_handling',
  'new_model_survey',
  'roadside_assistance_call',
  'hotline_call',
  'magazine_subscription',
  'trade_in_offer',
  'warranty_expiry',
] as const;
export type LifecycleEventType = (typeof lifecycleEventTypes)[number];

/** Roadside-assistance and information-hotline calls (service_calls, migration 0147). */
export const callTypes = ['roadside', 'hotline'] as const;
export const callChannels = ['phone', 'app', 'web', 'messenger', 'email'] as const;
/** What the owner called about; the first seven are roadside troubles, the rest questions. */
export const callReasons = [
  'breakdown',
  'accident',
  'flat_tyre',
  'battery',
  'lockout',
  'fuel',
  'towing',
  'product_info',
  'service_info',
  'warranty_info',
  'recall_info',
  'dealer_info',
  'other',
] as const;
export const callOutcomes = [
  'repaired_on_site',
  'towed_to_dealer',
  'towed_elsewhere',
  'replacement_car',
  'cancelled',
  'answered',
  'referred_to_dealer',
  'appointment_booked',
  'callback_promised',
  'unresolved',
] as const;
export type CallType = (typeof callTypes)[number];

export const lineKinds = ['labour', 'part'] as const;
export type LineKind = (typeof lineKinds)[number];

/** What the advisor checked with the owner at reception when confirming his contact data. */
export const receptionChecks = ['phone', 'email', 'address'] as const;
export type ReceptionCheck = (typeof receptionChecks)[number];

export type ServiceOrderTables = {
  service_visit_lines: {
    id: Generated<string>;
    visit_id: string;
    customer_id: string;
    line_no: number;
    kind: LineKind;
    code: string | null;
    description: string;
    /** numeric: an exact decimal string */
    quantity: string;
    unit_price_minor: number;
    amount_minor: number;
  };
  service_intervals: {
    id: Generated<string>;
    model_id: string | null;
    interval_km: number;
    interval_months: number;
    updated_at: Generated<Date>;
  };
  service_settings: {
    id: Generated<boolean>;
    follow_up_delay_days: Generated<number>;
    /** numeric: an exact decimal string */
    default_daily_km: Generated<string>;
    reminder_lead_days: Generated<number>;
    updated_at: Generated<Date>;
  };
  service_follow_ups: {
    visit_id: string;
    customer_id: string;
    dealer_id: string;
    task_id: string | null;
    due_at: Date;
    csi_score: number | null;
    comment: string | null;
    completed_at: Date | null;
    completed_by: string | null;
    created_at: Generated<Date>;
  };
  /** cancelled visits, moved out of service_visits (migration 0251) */
  service_visit_cancellations: {
    visit_id: string;
    customer_id: string;
    vehicle_id: string | null;
    dealer_id: string;
    visit_date: string;
    visit: unknown;
    lines: Generated<unknown>;
    reason: string;
    cancelled_by: string | null;
    cancelled_at: Generated<Date>;
  };
  service_lapsed_calls: {
    task_id: string;
    vehicle_id: string | null;
    lapsed_as_of: string;
    created_at: Generated<Date>;
  };
  recall_campaigns: {
    id: Generated<string>;
    code: string;
    title: string;
    description: string | null;
    starts_on: string;
    status: Generated<'active' | 'closed'>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  recall_vehicles: {
    campaign_id: string;
    vin: string;
    status: Generated<'open' | 'done'>;
    closed_visit_id: string | null;
    closed_at: Date | null;
  };
  lifecycle_events: {
    id: Generated<string>;
    event_type: LifecycleEventType;
    customer_id: string;
    vehicle_id: string | null;
    dealer_id: string | null;
    due_date: string;
    payload: Generated<unknown>;
    occurrence_key: string;
    emitted_at: Date | null;
    skipped_reason: string | null;
    task_id: string | null;
    created_at: Generated<Date>;
  };
  lifecycle_task_rules: {
    event_type: LifecycleEventType;
    enabled: boolean;
    assignee_role: string;
    task_kind: string;
    priority: 'low' | 'normal' | 'high';
    title: string;
    updated_at: Generated<Date>;
  };
  lifecycle_runs: {
    as_of: string;
    planned_from: string;
    started_at: Generated<Date>;
    finished_at: Date | null;
    planned: Generated<number>;
    emitted: Generated<number>;
    skipped: Generated<number>;
    refused: Generated<number>;
  };
  service_calls: {
    id: Generated<string>;
    customer_id: string;
    vehicle_id: string | null;
    dealer_id: string | null;
    call_type: CallType;
    channel: (typeof callChannels)[number];
    reason: (typeof callReasons)[number];
    location: string | null;
    outcome: (typeof callOutcomes)[number];
    note: string | null;
    occurred_at: Date;
    user_id: string | null;
    created_at: Generated<Date>;
  };
  /** a view: the next service of every vehicle with a known start */
  vehicle_service_due: {
    vehicle_id: string;
    customer_id: string | null;
    model_id: string | null;
    interval_km: number;
    interval_months: number;
    base_kind: 'maintenance' | 'purchase' | 'registration';
    base_date: string;
    base_km: number | null;
    last_reading_on: string | null;
    last_reading_km: number | null;
    reading_count: number;
    daily_km: string;
    daily_km_measured: boolean | null;
    due_by_km: string | null;
    due_by_time: string;
    due_date: string;
    due_by: 'km' | 'time';
    /** the dealer of the latest visit, else the one that sold the car */
    service_dealer_id: string | null;
  };
};
