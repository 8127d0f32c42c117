import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  bestCustomerModel,
  fitBestCustomerModel,
} from './best-customers/best-customers.service.ts';
import { evaluateChurnClassifier } from './churn/churn-classifier.ts';
import { refitServiceChurnModel } from './churn/service-churn-refit.ts';
import type { ModelKind } from './schema.ts';

export type ScheduledRefit = {
  model: ModelKind;
  /** the best-customer profile's model series */
  series?: string;
  status: 'succeeded' | 'failed';
  runId?: string;
  error?: string;
};

const hourMs = 3_600_000;

async function lastStarted(db: Db, model: ModelKind): Promise<Date | undefined> {
  const row = await db
    .selectFrom('analytics_model_runs')
    .select('started_at')
    .where('model', '=', model)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.started_at;
}

/**
 * Every model whose last run is older than `maxAgeHours` is refitted on today's data, so the
 * quality figures kept with each run follow the data ("models refit on a schedule"):
 * - the after-sales churn model (BG/NBD + Gamma-Gamma), also fitted when it never was;
 * - the supervised churn classifier's evaluation against BG/NBD (a history too short for it is
 *   a failed run naming the reason, as for BG/NBD);
 * - each model series' best-customer profile an analyst has fitted before, with the window he
 *   chose (a series nobody asked for is not fitted).
 * One model failing (a failed run is kept with its reason by the fit itself; anything else is
 * reported here) does not stop the others.
 */
export async function refitDueModels(
  db: Db,
  actor: Actor,
  maxAgeHours: number,
  now: Date = new Date(),
): Promise<ScheduledRefit[]> {
  const due = (last: Date | undefined) =>
    !last || now.getTime() - last.getTime() >= maxAgeHours * hourMs;
  const today = now.toISOString().slice(0, 10);
  const results: ScheduledRefit[] = [];
  const attempt = async (
    model: ModelKind,
    fit: () => Promise<{ runId: string; status: 'succeeded' | 'failed' }>,
    series?: string,
  ) => {
    try {
      const { runId, status } = await fit();
      results.push({ model, ...(series === undefined ? {} : { series }), status, runId });
    } catch (error) {
      results.push({
        model,
        ...(series === undefined ? {} : { series }),
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  if (due(await lastStarted(db, 'service_bgnbd'))) {
    await attempt('service_bgnbd', () => refitServiceChurnModel(db, actor, today));
  }
  if (due(await lastStarted(db, 'service_churn_classifier'))) {
    await attempt('service_churn_classifier', () => evaluateChurnClassifier(db, actor, today));
  }
  // the latest fit of each series, with the window it used
  const profiles = await sql<{ series: string; window_months: string | null; started_at: Date }>`
    select distinct on (lower(params ->> 'series'))
           params ->> 'series' as series, params ->> 'windowMonths' as window_months, started_at
      from analytics_model_runs
     where model = ${bestCustomerModel} and coalesce(params ->> 'series', '') <> ''
     order by lower(params ->> 'series'), started_at desc`.execute(db);
  for (const profile of profiles.rows) {
    if (!due(profile.started_at)) continue;
    const windowMonths = profile.window_months ? Number(profile.window_months) : undefined;
    await attempt(
      'best_customer_nb',
      async () => {
        const run = await fitBestCustomerModel(db, actor, {
          series: profile.series,
          asOf: today,
          ...(windowMonths ? { windowMonths } : {}),
        });
        return { runId: run.id, status: run.status === 'succeeded' ? 'succeeded' : 'failed' };
      },
      profile.series,
    );
  }
  return results;
}
