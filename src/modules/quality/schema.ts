import type { Generated } from 'kysely';

export const qualityProblems = [
  'placeholder_name',
  'missing_name',
  'fake_phone',
  'role_email',
  'invalid_email',
  'no_contact',
  'implausible_birth_date',
  'gender_mismatch',
  'stale',
] as const;
export type QualityProblem = (typeof qualityProblems)[number];

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
  };
  quality_run_dealers: {
    run_id: string;
    dealer_id: string;
    customers: number;
    score_sum: string;
    problem_counts: Record<string, number>;
  };
};
