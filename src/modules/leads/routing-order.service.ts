import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { assertSettingsEditor, listRules, rulesQuery, type RuleView } from './settings.service.ts';

/**
 * Puts the routing rules the actor sees into the order given, in one transaction: `ids` must
 * name each of them exactly once (a list missing a rule was read before someone added one, and
 * would leave that rule's place to chance). The rules keep the positions they hold between
 * them, handed out in the new order, so that rules the actor does not see (another dealer's)
 * keep their places; at group level every rule is seen and they are numbered 10, 20, 30 ...
 */
export async function reorderRules(
  db: Db,
  actor: Actor,
  ids: readonly string[],
): Promise<RuleView[]> {
  assertSettingsEditor(actor);
  await withActor(db, actor, async (tx) => {
    // the rows locked, so that two reorders (or a reorder and a new rule's PATCH) queue
    const current = await rulesQuery(tx, actor)
      .clearSelect()
      .select(['r.id', 'r.position'])
      .orderBy('r.position')
      .orderBy('r.id')
      .forUpdate('r')
      .execute();
    checkOrder(
      ids,
      current.map((rule) => rule.id),
    );
    const slots =
      actor.scope.level === 'group'
        ? current.map((_, index) => (index + 1) * 10)
        : strictlyIncreasing(current.map((rule) => rule.position));
    // ids name every rule once (checked above), so slot i is the place of ids[i]: one statement
    // for the whole list; a rule already in its place is not written (nor audited)
    await sql`
      update lead_routing_rules r
         set position = v.position
        from unnest(${[...ids]}::uuid[], ${slots}::int[]) as v(id, position)
       where r.id = v.id and r.position <> v.position`.execute(tx);
  });
  return listRules(db, actor);
}

function checkOrder(ids: readonly string[], visible: readonly string[]): void {
  const problems: FieldProblem[] = [];
  const known = new Set(visible);
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    if (!known.has(id)) {
      problems.push({ path: `ids.${index}`, message: 'no such rule', code: 'unknown' });
    } else if (seen.has(id)) {
      problems.push({ path: `ids.${index}`, message: 'given twice', code: 'duplicate' });
    }
    seen.add(id);
  }
  const missing = visible.filter((id) => !seen.has(id));
  if (missing.length > 0) {
    problems.push({
      path: 'ids',
      message: `every rule once: ${missing.length} missing (the rules changed meanwhile)`,
      code: 'rules_missing',
      params: { count: missing.length },
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Ties made apart (a rule added at a taken position), so the new order holds exactly. */
function strictlyIncreasing(positions: number[]): number[] {
  const result: number[] = [];
  for (const position of positions) {
    const last = result.at(-1);
    result.push(last !== undefined && position <= last ? last + 1 : position);
  }
  return result;
}
