import type { Generated } from 'kysely';

/**
 * Rows of the findings export in an XLSX file: one sheet holds at most 1,048,576 rows (the header
 * is one); CSV has no cap. Here, beside the problem codes, so the page can say it too.
 */
export const xlsxRowLimit = 1_048_575;

export const qualityProblems = [
  'placeholder_name',
  'missing_name',
  'fake_phone',
  'invalid_phone',
  'role_email',
  'invalid_email',
  'invalid_email_domain',
  'email_domain_typo',
  'no_contact',
  'implausible_birth_date',
  'invalid_vin',
  'invalid_postcode',
  'invalid_tax_id',
  'gender_mismatch',
  'city_postcode_mismatch',
  'vin_year_mismatch',
  'stale',
] as const;
export type QualityProblem = (typeof qualityProblems)[number];

export type QualityRunStatus = 'running' | 'complete' | 'failed';

export type QualityTables = {
  customer_quality: {
    customer_id: string;
    score: number;
    completeness: number;
    validity: number;
    consistency: number;
    freshness: number;
    problems: QualityProblem[];
    computed_at: Generated<Date>;
  };
  quality_runs: {
    id: Generated<string>;
    started_by: string | null;
    customers: number;
    average_score: string;
    computed_at: Generated<Date>;
    /** made by the server's schedule (QUALITY_RUN_AT), not by a user */
    scheduled: Generated<boolean>;
    /** a run scores chunk by chunk (0271); only a complete one is part of the trend */
    status: Generated<QualityRunStatus>;
    started_at: Generated<Date>;
    /** the last customer id scored; null before the first chunk */
    cursor: string | null;
    /** customers scored so far */
    done: Generated<number>;
    /** when the process working the run last finished a chunk; null when nobody works it */
    heartbeat_at: Date | null;
    error: string | null;
  };
  /** the e-mail domains a run has judged so far (0271): each judged once per run, not per chunk */
  quality_run_domains: {
    run_id: string;
    domain: string;
    impossible: boolean | null;
    suggestion: string | null;
  };
  /** a run's figures per set of dealers its customers are linked to (0262): each customer once */
  quality_run_dealer_sets: {
    run_id: string;
    /** the customer's dealers, sorted; empty for a customer linked to no dealer */
    dealer_ids: string[];
    customers: number;
    score_sum: string;
    problem_counts: Record<string, number>;
    /** customers verified in the 12 months before the run (0220); null for older runs */
    verified: number | null;
  };
  quality_settings: {
    id: Generated<boolean>;
    review_lower: Generated<number>;
    review_upper: Generated<number>;
    auto_merge: Generated<boolean>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  duplicate_runs: {
    id: Generated<string>;
    started_by: string | null;
    dealer_ids: string[] | null;
    status: Generated<DuplicateRunStatus>;
    stage: Generated<string>;
    done: Generated<number>;
    total: Generated<number>;
    customers: Generated<number>;
    pairs: Generated<number>;
    auto_merged: Generated<number>;
    error: string | null;
    started_at: Generated<Date>;
    finished_at: Date | null;
  };
  duplicate_pairs: {
    customer_a: string;
    customer_b: string;
    run_id: string | null;
    weight: number;
    probability: number;
    household: Generated<boolean>;
    explanation: Generated<PairContribution[]>;
    status: Generated<DuplicatePairStatus>;
    decided_by: string | null;
    decided_at: Date | null;
    found_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  customer_merges: {
    id: Generated<string>;
    survivor_id: string;
    loser_id: string;
    probability: number | null;
    automatic: Generated<boolean>;
    survivor_before: Record<string, unknown>;
    loser_before: Record<string, unknown>;
    moved: Generated<Record<string, unknown>>;
    merged_by: string | null;
    merged_at: Generated<Date>;
    undone_by: string | null;
    undone_at: Date | null;
  };
};

export type DuplicateRunStatus = 'running' | 'done' | 'failed';
export type DuplicatePairStatus = 'open' | 'skipped' | 'not_duplicate' | 'merged';
/** one field's part in a pair's weight, as stored with the pair */
export type PairContribution = {
  field: string;
  level: string;
  weight: number;
  termAdjusted: boolean;
  discounted: boolean;
};
