import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { conditionSchema } from './segment.schemas.ts';
import { compileCondition } from './segment-compiler.ts';

/** The churn condition compiles to one parameterised test on the latest succeeded run. */
describe('compiling the churn condition', () => {
  // compiles only, never connects
  const db = new Kysely<Record<string, never>>({
    dialect: new PostgresDialect({ pool: {} as never }),
  });
  const compiled = (definition: unknown) =>
    sql`select 1 from customers c where ${compileCondition(conditionSchema.parse(definition))}`.compile(
      db,
    );

  it('binds every bound as a parameter and reads only the latest succeeded run', () => {
    const query = compiled({
      type: 'churn',
      maxPActive: 0.3,
      minPActive: 0.05,
      segments: ['at_risk', 'hibernating'],
      minExpectedVisits: 0.5,
      minRevenueAtRisk: 1_000_000,
    });
    expect(query.parameters).toEqual([0.3, 0.05, ['at_risk', 'hibernating'], 0.5, 1_000_000]);
    expect(query.sql).toContain(
      '"c"."id" in (select s.customer_id from analytics_service_scores s',
    );
    expect(query.sql).toContain("r.status = 'succeeded'");
    expect(query.sql).toContain('order by r.started_at desc limit 1');
    expect(query.sql).toContain('s.p_active < $1');
    expect(query.sql).toContain('s.p_active >= $2');
  });

  it('tests only the bounds given, and a not keeps customers without a score', () => {
    const query = compiled({ type: 'not', condition: { type: 'churn', maxPActive: 0.3 } });
    expect(query.parameters).toEqual([0.3]);
    expect(query.sql).not.toContain('rfm_segment');
    expect(query.sql).toContain('not coalesce("c"."id" in (select s.customer_id');
  });

  it('refuses a condition without a bound or with bounds crossed', () => {
    expect(conditionSchema.safeParse({ type: 'churn' }).success).toBe(false);
    expect(conditionSchema.safeParse({ type: 'churn', maxPActive: 2 }).success).toBe(false);
    expect(
      conditionSchema.safeParse({ type: 'churn', minPActive: 0.4, maxPActive: 0.4 }).success,
    ).toBe(false);
    expect(conditionSchema.safeParse({ type: 'churn', segments: ['champions'] }).success).toBe(
      true,
    );
  });
});
