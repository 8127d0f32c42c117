import type { Actor } from '../../../auth/index.ts';
import { withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ForbiddenError } from '../../../lib/errors.ts';
import { fitBgNbd, probabilityNoTransaction } from '../models/bgnbd.ts';
import { summariesFromRows } from '../models/customer-summary.ts';
import {
  areaUnderRoc,
  brierScore,
  calibrationBins,
  type CalibrationBin,
} from '../models/evaluation.ts';
import { fitLogistic, predictLogistic } from '../models/logistic-regression.ts';
import { ModelDataError } from '../models/model-errors.ts';
import { classifierFeatures, ownerExamples } from './classifier-features.ts';
import { horizonWeeks } from './service-churn-refit.ts';

export type ScoreQuality = {
  auc: number | null;
  brier: number;
  calibration: CalibrationBin[];
};

export type ClassifierEvaluation = {
  runId: string;
  status: 'succeeded' | 'failed';
  trainCutoff: string;
  testCutoff: string;
  trainOwners: number;
  testOwners: number;
  /** share of holdout owners who came back within 12 months */
  holdoutVisitRate: number | null;
  logistic?: ScoreQuality & { weights: Record<string, number> };
  bgnbd?: ScoreQuality;
  errorCode?: string;
  errorMessage?: string;
};

function monthsBefore(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

/**
 * The supervised churn classifier, with a time split: logistic regression is trained on the
 * owners as they stood 24 months before `asOf` (label: came to service in the next 12 months)
 * and judged on the owners as they stood 12 months before `asOf` (label: came in the last 12
 * months), beside BG/NBD fitted on the visits before that same cutoff and asked the same
 * question (1 - P(no visit in 52 weeks)). AUC, Brier score and calibration of both are kept as
 * a model run. Complaints (12 months) and satisfaction (CSI of the follow-up calls, 24 months)
 * are features beside visits, purchases and contacts (classifier-features.ts).
 */
export async function evaluateChurnClassifier(
  db: Db,
  actor: Actor,
  asOf: string = new Date().toISOString().slice(0, 10),
): Promise<ClassifierEvaluation> {
  if (actor.scope.level !== 'group') {
    throw new ForbiddenError(
      'The churn models are fitted on the whole group: ask a group user',
    ).because('group_level_only');
  }
  const trainCutoff = monthsBefore(asOf, 24);
  const testCutoff = monthsBefore(asOf, 12);
  const [train, test] = await Promise.all([
    ownerExamples(db, trainCutoff),
    ownerExamples(db, testCutoff),
  ]);
  const base = {
    trainCutoff,
    testCutoff,
    trainOwners: train.length,
    testOwners: test.length,
    holdoutVisitRate: test.length
      ? test.reduce((sum, owner) => sum + owner.visited, 0) / test.length
      : null,
  };
  let evaluation: Omit<ClassifierEvaluation, 'runId'>;
  try {
    const model = fitLogistic(
      [...classifierFeatures],
      train.map((owner) => owner.features),
      train.map((owner) => owner.visited),
    );
    const labels = test.map((owner) => owner.visited);
    if (labels.length === 0) {
      throw new ModelDataError('no_customers', 'No owner to test on at the holdout cutoff.');
    }
    const logistic = test.map((owner) => predictLogistic(model, owner.features));
    const fit = fitBgNbd(summariesFromRows(test.map(({ x, tx, T }) => ({ x, tx, T }))));
    const bgnbd = test.map(
      (owner) => 1 - probabilityNoTransaction(fit.params, horizonWeeks, owner.x, owner.tx, owner.T),
    );
    const quality = (scores: number[]): ScoreQuality => ({
      auc: areaUnderRoc(scores, labels),
      brier: brierScore(scores, labels),
      calibration: calibrationBins(scores, labels),
    });
    evaluation = {
      ...base,
      status: 'succeeded',
      logistic: {
        ...quality(logistic),
        weights: Object.fromEntries(
          classifierFeatures.map((name, index) => [name, model.weights[index + 1]!]),
        ),
      },
      bgnbd: quality(bgnbd),
    };
  } catch (error) {
    if (!(error instanceof ModelDataError)) throw error;
    evaluation = {
      ...base,
      status: 'failed',
      errorCode: error.problem,
      errorMessage: error.message,
    };
  }
  const run = await withActor(db, actor, (tx) =>
    tx
      .insertInto('analytics_model_runs')
      .values({
        model: 'service_churn_classifier',
        status: evaluation.status,
        as_of: asOf,
        params: evaluation.logistic
          ? JSON.stringify({ weights: evaluation.logistic.weights })
          : null,
        customers: evaluation.trainOwners,
        repeat_customers: evaluation.testOwners,
        quality: JSON.stringify(evaluation),
        error_code: evaluation.errorCode ?? null,
        error_message: evaluation.errorMessage ?? null,
        started_by: actor.userId,
        finished_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { runId: run.id, ...evaluation };
}
