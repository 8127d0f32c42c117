import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Journey } from './journey-row.ts';
import type { SplitStep } from './split.ts';
import { defaultConfidence } from './split-levels.ts';
import {
  splitResults,
  splitWinner,
  type BranchFigures,
  type BranchResult,
} from './split-results.ts';

/*
 * The automatic switch of a split (opt-in: `autoWinner` on the step). Once per runner pass and
 * set-based: one grouped query counts the branches of every undecided automatic split of every
 * enabled journey, the test runs in memory, and the winners are one insert (audited by the
 * table's trigger, attributed to the job). The runner then routes by the answered map.
 */

/** `journeyId:stepId` → the key of the branch everyone now goes to. */
export type SplitWinners = Map<string, string>;

export const winnerKey = (journeyId: string, stepId: string) => `${journeyId}:${stepId}`;

type Candidate = { journey: Journey; step: SplitStep & { autoWinner: { minPeople: number } } };

/** The automatic splits of these journeys (a journey without a goal has nothing to test). */
function automaticSplits(journeys: Journey[]): Candidate[] {
  return journeys.flatMap((journey) =>
    journey.goal
      ? journey.definition.steps.flatMap((step) =>
          step.type === 'split' && step.autoWinner
            ? [{ journey, step: step as Candidate['step'] }]
            : [],
        )
      : [],
  );
}

/** Whether any of these journeys has a split to decide (else the runner opens no transaction). */
export const hasAutomaticSplits = (journeys: Journey[]) => automaticSplits(journeys).length > 0;

/** Per split step of these journeys, its branches' people and conversions (one query). */
export async function branchFigures(
  db: Db | Tx,
  splits: { journeyId: string; stepId: string }[],
): Promise<Map<string, BranchFigures[]>> {
  if (splits.length === 0) return new Map();
  const rows = await sql<{ journey_id: string; step_id: string } & BranchFigures>`
      select l.journey_id, l.step_id, coalesce(l.detail, '') as key, count(*)::int as entered,
             count(*) filter (where e.status = 'converted')::int as converted
        from unnest(${splits.map((s) => s.journeyId)}::uuid[], ${splits.map((s) => s.stepId)}::text[])
             as c(journey_id, step_id)
        join journey_step_log l on l.journey_id = c.journey_id and l.step_id = c.step_id
        join journey_enrollments e on e.id = l.enrollment_id
       where l.outcome = 'split'
       group by l.journey_id, l.step_id, l.detail`.execute(db);
  const figures = new Map<string, BranchFigures[]>();
  for (const { journey_id, step_id, ...row } of rows.rows) {
    const key = winnerKey(journey_id, step_id);
    figures.set(key, [...(figures.get(key) ?? []), row]);
  }
  return figures;
}

/** The split's current branches in order, each with its figures (nought for a new one). */
export function figuresOfBranches(step: SplitStep, rows: BranchFigures[]): BranchFigures[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return step.branches.map((branch) => ({
    key: branch.key,
    entered: byKey.get(branch.key)?.entered ?? 0,
    converted: byKey.get(branch.key)?.converted ?? 0,
  }));
}

/** A winner one runner found, not yet recorded. */
export type SplitDecision = {
  journeyId: string;
  stepId: string;
  key: string;
  confidence: number;
  minPeople: number;
  results: BranchResult[];
};

/**
 * The winners recorded for these journeys, after deciding the automatic splits still open:
 * a split whose leader now beats every branch (each with `minPeople`) by the always-valid test
 * gets its winner, the moment and the figures written. Two runners deciding at once: the first
 * insert stands, and both answer its winner (`split-winner-race.api.test.ts`).
 */
export async function decideSplitWinners(
  tx: Tx,
  journeys: Journey[],
  now: Date,
): Promise<SplitWinners> {
  const { winners, decided } = await findSplitWinners(tx, journeys);
  return recordSplitWinners(tx, winners, decided, now);
}

/** The winners already recorded, and those the figures name for the splits still open. */
export async function findSplitWinners(
  tx: Tx,
  journeys: Journey[],
): Promise<{ winners: SplitWinners; decided: SplitDecision[] }> {
  const winners: SplitWinners = new Map();
  const candidates = automaticSplits(journeys);
  if (candidates.length === 0) return { winners, decided: [] };
  const recorded = await tx
    .selectFrom('journey_split_winners')
    .select(['journey_id', 'step_id', 'branch_key'])
    .where(
      'journey_id',
      'in',
      candidates.map((c) => c.journey.id),
    )
    .execute();
  for (const row of recorded) winners.set(winnerKey(row.journey_id, row.step_id), row.branch_key);
  const open = candidates.filter((c) => !winners.has(winnerKey(c.journey.id, c.step.id)));
  const figures = await branchFigures(
    tx,
    open.map((c) => ({ journeyId: c.journey.id, stepId: c.step.id })),
  );
  const decided: SplitDecision[] = [];
  for (const { journey, step } of open) {
    const confidence = step.confidence ?? defaultConfidence;
    const { minPeople } = step.autoWinner;
    const rows = figures.get(winnerKey(journey.id, step.id)) ?? [];
    const results = splitResults(figuresOfBranches(step, rows), confidence);
    const key = splitWinner(results, minPeople);
    if (key)
      decided.push({ journeyId: journey.id, stepId: step.id, key, confidence, minPeople, results });
  }
  return { winners, decided };
}

/**
 * Writes the decided winners (one insert, audited by the table's trigger) and answers every
 * winner to route by. A split another runner recorded since this one looked keeps that
 * runner's winner: the insert skips it and the row is read back, so both route the same way.
 */
export async function recordSplitWinners(
  tx: Tx,
  recorded: SplitWinners,
  decided: SplitDecision[],
  now: Date,
): Promise<SplitWinners> {
  const winners: SplitWinners = new Map(recorded);
  if (decided.length === 0) return winners;
  const written = await tx
    .insertInto('journey_split_winners')
    .values(
      decided.map((d) => ({
        journey_id: d.journeyId,
        step_id: d.stepId,
        branch_key: d.key,
        confidence: d.confidence,
        min_people: d.minPeople,
        figures: JSON.stringify({ branches: d.results }),
        decided_at: now,
        rule: 'always_valid' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['journey_id', 'step_id']).doNothing())
    .returning(['journey_id', 'step_id', 'branch_key'])
    .execute();
  for (const row of written) winners.set(winnerKey(row.journey_id, row.step_id), row.branch_key);
  if (written.length < decided.length) {
    const again = await tx
      .selectFrom('journey_split_winners')
      .select(['journey_id', 'step_id', 'branch_key'])
      .where(
        'journey_id',
        'in',
        decided.map((d) => d.journeyId),
      )
      .execute();
    for (const row of again) winners.set(winnerKey(row.journey_id, row.step_id), row.branch_key);
  }
  return winners;
}

/**
 * The branch a run takes at a split: the recorded winner while the split is automatic and the
 * winner is still one of its branches, else null (the hash decides, as for any split).
 */
export function winningBranch(
  winners: SplitWinners,
  journeyId: string,
  step: SplitStep,
): SplitStep['branches'][number] | null {
  if (!step.autoWinner) return null;
  const key = winners.get(winnerKey(journeyId, step.id));
  return step.branches.find((branch) => branch.key === key) ?? null;
}
