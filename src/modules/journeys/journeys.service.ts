import Handlebars from 'handlebars';
import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { customerCategories, lifecycleStages } from '../customers/index.ts';
import { compileTemplate, type TemplateContent } from '../marketing/index.ts';
import { branchKeyProblems } from './branch-keys.ts';
import { graphProblems } from './graph.ts';
import { journeyFromRow, type Journey } from './journey-row.ts';
import type { JourneyBody } from './journey.schemas.ts';
import { defaultConfidence, type SplitConfidence } from './split-levels.ts';
import { splitResults, type BranchFigures, type BranchResult } from './split-results.ts';
import { branchFigures, figuresOfBranches, winnerKey } from './split-winner.ts';
import type { SplitStep } from './split.ts';
import type { WinnerRule } from './schema.ts';

/**
 * Journeys as managers see them: list, create, edit, enable, disable, with per-step counts.
 * Who sees a journey follows its owner (like campaigns): a dealer's journey is seen at that
 * dealer and above it; a brand's by the brand and the group; the group's by the group only —
 * a dealer sees its own journeys and nothing else.
 */
export function requireJourneys(actor: Actor, write = false): void {
  if (!can(actor, write ? 'journeys:write' : 'journeys:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (journeys)`);
  }
}

function visibleTo(actor: Actor, journey: Pick<Journey, 'ownerLevel' | 'dealerId' | 'brandId'>) {
  if (actor.scope.level === 'group') return true;
  if (journey.ownerLevel === 'dealer') return dealerInScope(actor, journey.dealerId);
  if (journey.ownerLevel === 'brand')
    return actor.brandId !== null && actor.brandId === journey.brandId;
  return false;
}

function assertMayOwn(
  actor: Actor,
  body: Pick<JourneyBody, 'ownerLevel' | 'dealerId' | 'brandId'>,
) {
  if (actor.scope.level === 'group') return;
  if (body.ownerLevel === 'dealer' && body.dealerId && dealerInScope(actor, body.dealerId)) return;
  if (body.ownerLevel === 'brand' && actor.brandId && actor.brandId === body.brandId) return;
  throw new ForbiddenError(`You may not run a ${body.ownerLevel} journey for this owner`);
}

const handlebars = Handlebars.create();

/** Everything a journey must satisfy beyond its shape, as field problems naming the place. */
async function checkBody(db: Db, actor: Actor, body: JourneyBody): Promise<void> {
  assertMayOwn(actor, body);
  const problems: FieldProblem[] = [
    ...graphProblems(body.definition),
    ...branchKeyProblems(body.definition),
  ];
  for (const [i, step] of body.definition.steps.entries()) {
    const path = `definition.steps.${i}`;
    if (step.type === 'send') {
      for (const [language, content] of Object.entries(step.content)) {
        try {
          if (step.channel === 'email') {
            await compileTemplate(content as TemplateContent, `${path}.content.${language}`);
          } else {
            handlebars.precompile((content as { text: string }).text);
          }
        } catch (error) {
          if (error instanceof ValidationError) problems.push(...error.fields);
          else
            problems.push({
              path: `${path}.content.${language}.text`,
              message: error instanceof Error ? error.message.split('\n')[0]! : 'not a template',
              code: 'invalid',
            });
        }
      }
    }
    if (step.type === 'split' && step.autoWinner && !body.goal) {
      // the switch tests the branches' conversions: without a goal there are none
      problems.push({
        path: `${path}.autoWinner`,
        message: 'the journey needs a goal to pick a winner by',
        code: 'required',
      });
    }
    if (step.type === 'update') {
      const allowed: readonly string[] | undefined =
        step.field === 'lifecycle_stage'
          ? lifecycleStages
          : step.field === 'add_category'
            ? customerCategories
            : undefined;
      if (allowed && !allowed.includes(step.value)) {
        problems.push({
          path: `${path}.value`,
          message: `one of ${allowed.join(', ')}`,
          code: 'invalid_enum',
          params: { allowed: allowed.join(', ') },
        });
      }
    }
  }
  if (
    body.trigger.type === 'segment_entered' &&
    !body.trigger.segmentId === !body.trigger.condition
  ) {
    problems.push({
      path: 'trigger.segmentId',
      message: 'a saved segment or a condition, one of the two',
      code: 'required',
    });
  } else if (body.trigger.type === 'segment_entered' && body.trigger.segmentId) {
    const segment = await db
      .selectFrom('marketing_segments')
      .select(['id', 'dealer_id'])
      .where('id', '=', body.trigger.segmentId)
      .executeTakeFirst();
    if (!segment || (segment.dealer_id && !dealerInScope(actor, segment.dealer_id))) {
      problems.push({ path: 'trigger.segmentId', message: 'no such segment', code: 'unknown' });
    }
  }
  if (problems.length) throw new ValidationError(problems);
}

function rowValues(body: JourneyBody) {
  return {
    name: body.name,
    description: body.description ?? null,
    owner_level: body.ownerLevel,
    brand_id: body.ownerLevel === 'brand' ? body.brandId! : null,
    dealer_id: body.ownerLevel === 'dealer' ? body.dealerId! : null,
    trigger: JSON.stringify(body.trigger),
    definition: JSON.stringify(body.definition),
    reentry: body.reentry,
    reentry_days: body.reentry === 'every' ? body.reentryDays! : null,
    goal: body.goal ? JSON.stringify(body.goal) : null,
    default_language: body.defaultLanguage,
  };
}

export async function findJourney(db: Db, actor: Actor, id: string): Promise<Journey> {
  requireJourneys(actor);
  const row = await db.selectFrom('journeys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Journey');
  const journey = journeyFromRow(row);
  if (!visibleTo(actor, journey)) throw new NotFoundError('Journey');
  return journey;
}

export type JourneyTotals = {
  entered: number;
  active: number;
  completed: number;
  exited: number;
  converted: number;
};

export type JourneySummary = Journey & { totals: JourneyTotals };

/** The journeys the actor may see, with their totals, by name. */
export async function listJourneys(db: Db, actor: Actor): Promise<JourneySummary[]> {
  requireJourneys(actor);
  let query = db.selectFrom('journeys as j').selectAll('j');
  if (actor.scope.level !== 'group') {
    const dealers = [...actor.scope.dealerIds];
    query = query.where((eb) =>
      eb.or([
        dealers.length ? eb('j.dealer_id', 'in', dealers) : eb.val(false),
        actor.brandId
          ? eb.and([eb('j.owner_level', '=', 'brand'), eb('j.brand_id', '=', actor.brandId)])
          : eb.val(false),
      ]),
    );
  }
  const rows = await query.orderBy('j.name').orderBy('j.id').execute();
  const totals = await totalsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    ...journeyFromRow(row),
    totals: totals.get(row.id) ?? emptyTotals(),
  }));
}

const emptyTotals = (): JourneyTotals => ({
  entered: 0,
  active: 0,
  completed: 0,
  exited: 0,
  converted: 0,
});

async function totalsOf(db: Db, ids: string[]): Promise<Map<string, JourneyTotals>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{
    journey_id: string;
    entered: number;
    active: number;
    completed: number;
    exited: number;
    converted: number;
  }>`select journey_id, count(*)::int as entered,
         count(*) filter (where status = 'active')::int as active,
         count(*) filter (where status = 'completed')::int as completed,
         count(*) filter (where status = 'exited')::int as exited,
         count(*) filter (where status = 'converted')::int as converted
       from journey_enrollments where journey_id = any(${ids}::uuid[])
      group by journey_id`.execute(db);
  return new Map(rows.rows.map(({ journey_id, ...totals }) => [journey_id, totals]));
}

export type StepStats = {
  stepId: string;
  /** people who passed the step */
  reached: number;
  /** people on the step now (waiting at a wait step, or due) */
  waiting: number;
  /** messages written to the outbox, and of them those the provider accepted */
  sent: number;
  delivered: number;
  /** messages stopped by consent, do-not-contact or a cap */
  blocked: number;
  yes: number;
  no: number;
  /** e-mails opened (pixel or a click) and clicked, one per person */
  opened: number;
  clicked: number;
  /** points steps: people awarded, and people skipped (not club members) */
  awarded: number;
  skipped: number;
  /** people who passed the step and reached the journey's goal */
  converted: number;
  /** split steps: per branch, in the step's order, who went down it and who of them converted */
  branches: BranchStats[];
  /** split steps: branches people took that the step no longer has (removed by an edit) */
  formerBranches: BranchStats[];
  /** split steps: the branches tested against the leader, and the switch if one was made */
  splitTest: SplitTest | null;
};

export type SplitTest = {
  confidence: number;
  /** the opt-in automatic switch, null when the split stays a split */
  autoWinner: { minPeople: number } | null;
  branches: BranchResult[];
  /** the branch everyone goes to since `decidedAt`, with the figures of that moment */
  winner: {
    key: string;
    /** ISO time (as the API answers it, so the web reads the same type) */
    decidedAt: string;
    confidence: number;
    minPeople: number;
    /** the test that decided: 'fixed' for winners switched before the always-valid rule */
    rule: WinnerRule;
    branches: RecordedResult[];
  } | null;
};

/** A branch as recorded at a switch: winners from before migration 0247 lack the mSPRT. */
export type RecordedResult = Omit<BranchResult, 'sequentialPValue' | 'decisive'> &
  Partial<Pick<BranchResult, 'sequentialPValue' | 'decisive'>>;

/** A split branch's figures, by the branch's key (they stay with it when branches move). */
export type BranchStats = BranchFigures;

export type JourneyDetail = Journey & { totals: JourneyTotals; steps: StepStats[] };

/** A journey with the counts of each of its steps (one grouped query over its log). */
export async function getJourney(db: Db, actor: Actor, id: string): Promise<JourneyDetail> {
  const journey = await findJourney(db, actor, id);
  const splitSteps = journey.definition.steps.filter((step) => step.type === 'split');
  const hasSplit = splitSteps.length > 0;
  const [logged, waiting, branchRows, totals, winners] = await Promise.all([
    sql<Omit<StepStats, 'waiting'> & { step_id: string }>`
      select l.step_id, count(*)::int as reached,
             count(*) filter (where l.outcome = 'queued')::int as sent,
             count(*) filter (where m.status = 'sent')::int as delivered,
             count(*) filter (where l.outcome = 'blocked')::int as blocked,
             count(*) filter (where l.outcome = 'yes')::int as yes,
             count(*) filter (where l.outcome = 'no')::int as no,
             count(*) filter (where l.opened_at is not null)::int as opened,
             count(*) filter (where l.clicked_at is not null)::int as clicked,
             count(*) filter (where l.outcome = 'points')::int as awarded,
             count(*) filter (where l.outcome = 'skipped')::int as skipped,
             count(*) filter (where e.status = 'converted')::int as converted
        from journey_step_log l
        join journey_enrollments e on e.id = l.enrollment_id
        left join outbox_messages m on m.id = l.message_id
       where l.journey_id = ${id}
       group by l.step_id`.execute(db),
    sql<{ step_id: string; n: number }>`select step_id, count(*)::int as n
        from journey_enrollments
       where journey_id = ${id} and status = 'active' and step_id is not null
       group by step_id`.execute(db),
    // the split step logs the key of the branch taken; a journey without one reads nothing
    branchFigures(
      db,
      splitSteps.map((step) => ({ journeyId: id, stepId: step.id })),
    ),
    totalsOf(db, [id]),
    hasSplit
      ? db.selectFrom('journey_split_winners').selectAll().where('journey_id', '=', id).execute()
      : [],
  ]);
  const winnerBy = new Map(winners.map((row) => [row.step_id, row]));
  const byStep = new Map(logged.rows.map((row) => [row.step_id, row]));
  const waitingBy = new Map(waiting.rows.map((row) => [row.step_id, row.n]));
  return {
    ...journey,
    totals: totals.get(id) ?? emptyTotals(),
    steps: journey.definition.steps.map((step) => {
      const row = byStep.get(step.id);
      return {
        stepId: step.id,
        reached: row?.reached ?? 0,
        waiting: waitingBy.get(step.id) ?? 0,
        sent: row?.sent ?? 0,
        delivered: row?.delivered ?? 0,
        blocked: row?.blocked ?? 0,
        yes: row?.yes ?? 0,
        no: row?.no ?? 0,
        opened: row?.opened ?? 0,
        clicked: row?.clicked ?? 0,
        awarded: row?.awarded ?? 0,
        skipped: row?.skipped ?? 0,
        converted: row?.converted ?? 0,
        ...(step.type === 'split'
          ? withTest(
              splitFigures(step, branchRows.get(winnerKey(id, step.id)) ?? []),
              step.confidence ?? defaultConfidence,
              step.autoWinner ?? null,
              winnerBy.get(step.id),
            )
          : { branches: [], formerBranches: [], splitTest: null }),
      };
    }),
  };
}

/** A split's figures by branch key: the current branches in order, then the removed ones. */
function splitFigures(
  step: SplitStep,
  rows: BranchStats[],
): Pick<StepStats, 'branches' | 'formerBranches'> {
  const keys = new Set(step.branches.map((branch) => branch.key));
  return {
    branches: figuresOfBranches(step, rows),
    formerBranches: rows
      .filter((row) => !keys.has(row.key))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

type WinnerRow = {
  branch_key: string;
  decided_at: Date;
  confidence: number;
  min_people: number;
  rule: WinnerRule;
  figures: unknown;
};

/** A split's figures with its test, and the winner recorded for it (if any). */
function withTest(
  figures: Pick<StepStats, 'branches' | 'formerBranches'>,
  confidence: SplitConfidence,
  autoWinner: { minPeople: number } | null,
  winner: WinnerRow | undefined,
): Pick<StepStats, 'branches' | 'formerBranches' | 'splitTest'> {
  return {
    ...figures,
    splitTest: {
      confidence,
      autoWinner,
      branches: splitResults(figures.branches, confidence),
      winner: winner
        ? {
            key: winner.branch_key,
            decidedAt: winner.decided_at.toISOString(),
            confidence: winner.confidence,
            minPeople: winner.min_people,
            rule: winner.rule,
            branches: (winner.figures as { branches: RecordedResult[] }).branches,
          }
        : null,
    },
  };
}

export async function createJourney(
  db: Db,
  actor: Actor,
  body: JourneyBody,
): Promise<JourneyDetail> {
  requireJourneys(actor, true);
  await checkBody(db, actor, body);
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('journeys')
      .values({ ...rowValues(body), created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return getJourney(db, actor, row.id);
}

/**
 * Replaces a journey's settings and steps. People already on their way go on from the step
 * they are on (same id); people on a step that was removed leave the journey at their next
 * turn ("step_removed"), which the statistics show.
 */
export async function updateJourney(
  db: Db,
  actor: Actor,
  id: string,
  body: JourneyBody,
): Promise<JourneyDetail> {
  requireJourneys(actor, true);
  const current = await findJourney(db, actor, id);
  assertMayOwn(actor, current);
  await checkBody(db, actor, body);
  await withActor(db, actor, (tx) =>
    tx.updateTable('journeys').set(rowValues(body)).where('id', '=', id).execute(),
  );
  return getJourney(db, actor, id);
}

/**
 * Enabling starts reading the trigger's events from now on (a journey enabled today does not
 * enrol everyone delivered last year); disabling pauses it: nobody enters, nobody moves, and
 * enabling again resumes the people where they stopped.
 */
export async function setJourneyEnabled(
  db: Db,
  actor: Actor,
  id: string,
  enabled: boolean,
): Promise<JourneyDetail> {
  requireJourneys(actor, true);
  const current = await findJourney(db, actor, id);
  assertMayOwn(actor, current);
  if (current.enabled !== enabled) {
    await withActor(db, actor, (tx) =>
      tx
        .updateTable('journeys')
        .set({ enabled, ...(enabled ? { enabled_at: new Date() } : {}) })
        .where('id', '=', id)
        .execute(),
    );
  }
  return getJourney(db, actor, id);
}
