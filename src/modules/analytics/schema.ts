import type { Generated } from 'kysely';

export const modelKinds = ['service_bgnbd', 'service_churn_classifier'] as const;
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

export type AnalyticsTables = {
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
    currency: string;
    r_score: number;
    f_score: number;
    m_score: number;
    rfm_segment: RfmSegment;
  };
};
