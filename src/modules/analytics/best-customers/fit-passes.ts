import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { GainsReport } from './gains.ts';
import type { NaiveBayesModel } from './naive-bayes.ts';
import type { FeatureRow } from './profile-features.ts';
import { countedModel } from './sql-counts.ts';
import { saveWeights, scoredRelation, sqlGains } from './sql-scoring.ts';

type Counted = { model: NaiveBayesModel; interestTags: string[] };

/**
 * The fit's passes before the kept list: the train model counted, kept and tested on the
 * holdout (gains), then the final model counted on the same holdout people. Those people
 * (a profile relation over ownerships, addresses and dealers: minutes at a million) are read
 * once into a temporary table that both the test and the final counts read; it lives on one
 * connection and is dropped at the end, whatever happens.
 */
export async function fitPasses(
  db: Db,
  runId: string,
  trainPeople: RawBuilder<FeatureRow>,
  holdoutPeople: RawBuilder<FeatureRow>,
): Promise<{ train: Counted; holdout: GainsReport; final: Counted }> {
  return db.connection().execute(async (conn) => {
    await sql`drop table if exists pg_temp.best_customer_holdout`.execute(conn);
    await sql`create temporary table best_customer_holdout as ${holdoutPeople}`.execute(conn);
    try {
      // the planner's row counts for the joins on the kept weights
      await sql`analyze pg_temp.best_customer_holdout`.execute(conn);
      const held = sql<FeatureRow>`select * from pg_temp.best_customer_holdout`;
      const train = await countedModel(conn, trainPeople);
      await saveWeights(conn, runId, 'train', train.model);
      const tested = scoredRelation(runId, 'train', train.model, train.interestTags, held);
      const holdout = await sqlGains(conn, tested.relation);
      const final = await countedModel(conn, held);
      await saveWeights(conn, runId, 'final', final.model);
      return { train, holdout, final };
    } finally {
      await sql`drop table if exists pg_temp.best_customer_holdout`.execute(conn);
    }
  });
}
