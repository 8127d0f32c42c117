/** Why a model could not be fitted: the data does not determine it. Callers show the reason. */
export const modelDataProblems = [
  'no_customers',
  'too_few_customers',
  'no_repeat_transactions',
  'invalid_summary',
  'did_not_converge',
  'one_outcome_only',
  'no_spend_variation',
] as const;
export type ModelDataProblem = (typeof modelDataProblems)[number];

export class ModelDataError extends Error {
  readonly problem: ModelDataProblem;
  constructor(problem: ModelDataProblem, message: string) {
    super(message);
    this.name = 'ModelDataError';
    this.problem = problem;
  }
}
