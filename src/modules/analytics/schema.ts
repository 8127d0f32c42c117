import type { Generated } from 'kysely';

export const modelKinds = [
  'service_bgnbd',
  'service_churn_classifier',
  'best_customer_nb',
] as const;
export type ModelKind = (typeof modelKinds)[number];
export const runStatuses = ['running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const rfmSegments = [
  'champions',
  'loyal',
  'new',
  'promising',
  'needs_attention',
  'at_risk',
  'hibernating',
] as const;
export type RfmSegment = (typeof rfmSegments)[number];

export type AnalyticsTables = ReportPackTables & {
  analytics_model_runs: {
    id: Generated<string>;
    model: ModelKind;
    status: RunStatus;
    as_of: string;
    time_unit: Generated<'week' | 'day'>;
    params: unknown;
    log_likelihood: number | null;
    customers: Generated<number>;
    repeat_customers: Generated<number>;
    quality: Generated<unknown>;
    error_code: string | null;
    error_message: string | null;
    started_by: string | null;
    started_at: Generated<Date>;
    finished_at: Date | null;
    /** a running best-customer fit's advisory lock (classid 7160278); see fit-runs.ts */
    lock_key: number | null;
  };
  analytics_best_customer_weights: {
    run_id: string;
    fit: 'train' | 'final';
    feature: string;
    /** null: the weight of a value the fit never saw */
    value: string | null;
    buyers: number;
    others: number;
    log_ratio: number;
  };
  analytics_best_customer_scores: {
    run_id: string;
    customer_id: string;
    probability: number;
    likeness: number;
    readiness: number;
    priority: number;
    reasons: unknown;
    /** his set of dealers (customer_dealer_sets), kept by triggers (0283): the scope's */
    customer_dealer_set_id: Generated<number>;
  };
  analytics_service_scores: {
    run_id: string;
    customer_id: string;
    last_dealer_id: string | null;
    first_visit_date: string;
    last_visit_date: string;
    visits: number;
    recency: number;
    age: number;
    p_active: number;
    expected_visits_12m: number;
    mean_visit_minor: number;
    expected_visit_value_minor: number | null;
    value_12m_minor: number | null;
    value_if_active_12m_minor: number | null;
    revenue_at_risk_minor: number | null;
    /** null in rows of runs before migration 0272 */
    discounted_visits: number | null;
    lifetime_value_minor: number | null;
    currency: string;
    r_score: number;
    f_score: number;
    m_score: number;
    rfm_segment: RfmSegment;
  };
  analytics_lead_daily: LeadDailyKeys & {
    leads: number;
    open_now: number;
    open_qualified: number;
    open_hot: number;
    with_competitor: number;
    lost: number;
    test_driven: number;
    reached_2: number;
    reached_3: number;
    reached_4: number;
    reached_5: number;
    reached_6: number;
    reached_7: number;
  };
  analytics_lead_competitor_daily: LeadDailyKeys & { competitor: string; leads: number };
  analytics_lead_monthly: Omit<LeadDailyKeys, 'day'> & {
    /** the first day of the month */
    month: string;
    leads: number;
    with_competitor: number;
    open_now: number;
    open_qualified: number;
    open_hot: number;
  };
  analytics_lead_response_daily: LeadDailyKeys & {
    response_bucket: number;
    leads: number;
    responded: number;
    response_minutes: number;
    test_driven: number;
    sold: number;
  };
  analytics_retention_daily: {
    purchase_day: string;
    dealer_id: string | null;
    consultant_id: string | null;
    year_since: number;
    cars: number;
    retained: number;
  };
  analytics_owner_daily: {
    day: string;
    dealer_id: string | null;
    consultant_id: string | null;
    owners: number;
  };
  analytics_service_daily: {
    day: string;
    visit_dealer_id: string;
    sold_dealer_id: string | null;
    sold_consultant_id: string | null;
    visits: number;
  };
  analytics_usage_daily: {
    day: string;
    user_id: string;
    logins: number;
    last_login_at: Date | null;
    activities: number;
  };
  analytics_aggregate_state: {
    name: string;
    refreshed_at: Date;
    watermark: Date;
    rebuilt_at: Date;
  };
  /** visit days to recount that no current visit names (migration 0255) */
  analytics_visit_days_pending: {
    day: string;
    noted_at: Generated<Date>;
  };
};

type LeadDailyKeys = {
  day: string;
  dealer_id: string | null;
  brand_id: string | null;
  consultant_id: string | null;
  channel: string;
  series: string;
};

export const reportMailStatuses = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type ReportMailStatus = (typeof reportMailStatuses)[number];

export type ReportPackTables = {
  report_subscriptions: { user_id: string; enabled: boolean; updated_at: Generated<Date> };
  report_mail: {
    id: Generated<string>;
    user_id: string;
    pack: string;
    week_start: string;
    recipient: string;
    locale: 'en' | 'ru' | 'zh';
    subject: string;
    body_text: string;
    body_html: string;
    attachment_name: string;
    attachment: Buffer;
    status: Generated<ReportMailStatus>;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    claimed_at: Date | null;
    last_error: string | null;
    sent_at: Date | null;
    created_at: Generated<Date>;
  };
};
