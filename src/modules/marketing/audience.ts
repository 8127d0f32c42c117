import { sql, type RawBuilder } from 'kysely';
import type { Scope } from '../../auth/index.ts';
import { customerVisible, singleDealerScopeLinks, systemActor } from '../../auth/index.ts';
import type { Condition } from './segment.schemas.ts';
import { compileSegment, type CompileOptions } from './segment-compiler.ts';

/**
 * The customers of a scope who match a condition tree, as one SQL condition on `c`. The scope
 * comes from auth/scope.ts (the one place that decides who sees whom); a scope of one dealer
 * is the index range of its customer_dealers rows, which is cheaper than a per-row check.
 */
export function audienceCondition(
  scope: Scope,
  tree: Condition,
  today: Date = new Date(),
  options: Pick<CompileOptions, 'consentAsJoin' | 'consentProbe'> = {},
): RawBuilder<boolean> {
  return audienceMatch(scope, tree, today, options).condition;
}

/** audienceCondition, and whether it reads the joined visit summary (compileSegment) */
export function audienceMatch(
  scope: Scope,
  tree: Condition,
  today: Date,
  options: Pick<CompileOptions, 'consentAsJoin' | 'visitSummaryJoined'>,
): { condition: RawBuilder<boolean>; readsJoinedSummary: boolean } {
  const links = singleDealerScopeLinks(scope);
  const inScope = links
    ? sql<boolean>`c.id in (${links})`
    : customerVisible({ ...systemActor('api'), scope }, sql.ref('c.id'));
  const compiled = compileSegment(tree, today, options);
  return {
    condition: sql<boolean>`(${inScope} and ${compiled.condition})`,
    readsJoinedSummary: compiled.readsJoinedSummary,
  };
}
