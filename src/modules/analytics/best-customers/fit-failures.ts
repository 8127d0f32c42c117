/**
 * Why a best-customer fit failed when the data was not the reason (those are the model's
 * `ModelDataProblem`s): its process ended before it was done (`abandoned`), or it stopped on an
 * error, logged by the server (`internal`). The web says each in the reader's language.
 */
export const fitFailures = ['abandoned', 'internal'] as const;
export type FitFailure = (typeof fitFailures)[number];

/** The words stored with the run: other users read them, so no error's internals. */
export const fitFailureMessages: Record<FitFailure, string> = {
  abandoned: 'The process fitting the model ended (restart or crash) before the fit was done',
  internal: 'The fit stopped on an error on the server; the error is in the server log',
};
