import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { seededRandom } from '../models/simulate.ts';
import { evaluateChurnClassifier } from './churn-classifier.ts';
import { classifierFeatures, ownerExamples } from './classifier-features.ts';

type Owner = { customer_id: string; vehicle_id: string };

async function createOwners(tx: Db, count: number, prefix: string): Promise<Owner[]> {
  const owners = await sql<Owner>`
    with people as (
      insert into customers (kind, last_name, display_name, sort_key)
      select 'person', ${prefix} || g, ${prefix} || g, ${prefix} || lpad(g::text, 4, '0')
        from generate_series(1, ${count}::int) g
      returning id
    )
    insert into vehicles (customer_id, make_name)
    select id, 'Xcar' from people
    returning customer_id, id as vehicle_id`.execute(tx);
  return [...owners.rows].sort((left, right) => left.customer_id.localeCompare(right.customer_id));
}

type Visit = { owner: Owner; day: string; csi?: number };
type Complaint = { owner: Owner; day: string };

/** Visits (with their follow-up call's CSI when given) and complaints, a few statements in all. */
async function record(tx: Db, dealerId: string, visits: Visit[], complaints: Complaint[] = []) {
  const rows = visits.map((visit) => ({ ...visit, id: randomUUID() }));
  for (let start = 0; start < rows.length; start += 1000) {
    const slice = rows.slice(start, start + 1000);
    await tx
      .insertInto('service_visits')
      .values(
        slice.map(({ id, owner, day }) => ({
          id,
          ...owner,
          dealer_id: dealerId,
          visit_date: day,
          visit_type: 'maintenance' as const,
          total_minor: 10_000_00,
          currency: 'RUB',
        })),
      )
      .execute();
    const calls = slice.filter((row) => row.csi !== undefined);
    if (calls.length === 0) continue;
    await tx
      .insertInto('service_follow_ups')
      .values(
        calls.map(({ id, owner, day, csi }) => {
          // the call three days after the visit
          const called = new Date(Date.parse(`${day}T12:00:00Z`) + 3 * 86_400_000);
          return {
            visit_id: id,
            customer_id: owner.customer_id,
            dealer_id: dealerId,
            due_at: called,
            csi_score: csi!,
            completed_at: called,
          };
        }),
      )
      .execute();
  }
  if (complaints.length === 0) return;
  await tx
    .insertInto('complaints')
    .values(
      complaints.map(({ owner, day }) => ({
        customer_id: owner.customer_id,
        dealer_id: dealerId,
        channel: 'phone' as const,
        category: 'repair_quality' as const,
        severity: 'high' as const,
        subject: 'Same noise again',
        opened_at: new Date(`${day}T10:00:00Z`),
        due_at: new Date(`${day}T10:00:00Z`),
      })),
    )
    .execute();
}

const feature = (row: number[], name: (typeof classifierFeatures)[number]) =>
  row[classifierFeatures.indexOf(name)];

/**
 * Seed 003 P9 names complaints and satisfaction among the churn signals: the classifier's
 * features carry the complaints of the last 12 months and the CSI of the follow-up calls, and
 * only what was known on the cutoff day.
 */
describe('churn classifier features: complaints and satisfaction', () => {
  let world: TestWorld;
  let db: Db;
  let actor: Actor;

  beforeAll(async () => {
    world = await createTestWorld();
    db = world.database.db;
    actor = systemActor('test');
  });
  afterAll(async () => world.close());

  it('counts complaints of the 12 months and the CSI of the 24 months before the cutoff only', async () => {
    const dealer = world.dealers.A.id;
    const [unhappy, quiet] = await withActor(db, actor, async (tx) => {
      const owners = await createOwners(tx, 2, 'Hand');
      const [first, second] = owners as [Owner, Owner];
      await record(
        tx,
        dealer,
        [
          { owner: first, day: '2023-01-10', csi: 4 },
          { owner: first, day: '2024-02-10', csi: 6 },
          // after the cutoff: counts for nothing
          { owner: first, day: '2024-08-10', csi: 10 },
          { owner: second, day: '2023-05-05' },
        ],
        [
          // 14 months before the cutoff: too old; then 2 in the last 12 months; then one after
          { owner: first, day: '2023-04-20' },
          { owner: first, day: '2023-12-01' },
          { owner: first, day: '2024-05-15' },
          { owner: first, day: '2024-09-01' },
        ],
      );
      return [first, second];
    });
    const examples = await ownerExamples(db, '2024-06-30');
    const byId = new Map(examples.map((example) => [example.customerId, example]));
    const first = byId.get(unhappy.customer_id)!.features;
    const second = byId.get(quiet.customer_id)!.features;
    expect(feature(first, 'logComplaints12m')).toBeCloseTo(Math.log1p(2), 10);
    // mean CSI (4 + 6) / 2 = 5: 5 short of delighted
    expect(feature(first, 'csiShortfall')).toBeCloseTo(5, 10);
    expect(feature(first, 'csiUnknown')).toBe(0);
    expect(feature(second, 'logComplaints12m')).toBe(0);
    // never asked is not "delighted": a flag, and no shortfall
    expect(feature(second, 'csiShortfall')).toBe(0);
    expect(feature(second, 'csiUnknown')).toBe(1);
    expect(first).toHaveLength(classifierFeatures.length);
    await withActor(db, actor, (tx) =>
      tx
        .deleteFrom('customers')
        .where('id', 'in', [unhappy.customer_id, quiet.customer_id])
        .execute(),
    );
  });

  it('learns that owners who complained and were unhappy on the follow-up call stop coming', async () => {
    const dealer = world.dealers.A.id;
    const random = seededRandom(11);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const dayMs = 86_400_000;
    await withActor(db, actor, async (tx) => {
      const owners = await createOwners(tx, 160, 'Sat');
      const visits: Visit[] = [];
      const complaints: Complaint[] = [];
      for (const [index, owner] of owners.entries()) {
        // a third complain after a visit, are unhappy on the call, and never come back: half
        // of them before the training cutoff (mid-2024), half before the holdout one (mid-2025)
        const unhappy = index % 3 === 0;
        const quitsAt = unhappy
          ? Date.parse(index % 2 === 0 ? '2024-03-01' : '2025-03-01') + random() * 60 * dayMs
          : Infinity;
        const every = 120 + Math.floor(random() * 120);
        let last = 0;
        for (
          let at = Date.parse('2020-01-01') + random() * every * dayMs;
          at < Math.min(quitsAt, Date.parse('2026-06-30'));
          at += every * dayMs
        ) {
          visits.push({ owner, day: day(at), csi: 8 + Math.floor(random() * 3) });
          last = at;
        }
        if (unhappy && last > 0) {
          visits.push({ owner, day: day(last + 30 * dayMs), csi: 2 });
          complaints.push({ owner, day: day(last + 32 * dayMs) });
        }
      }
      await record(tx, dealer, visits, complaints);
    });
    const evaluation = await evaluateChurnClassifier(db, actor, '2026-06-30');
    expect(evaluation.status).toBe('succeeded');
    const weights = evaluation.logistic!.weights;
    // more complaints and a larger CSI shortfall lower the chance of coming back
    expect(weights.logComplaints12m).toBeLessThan(0);
    expect(weights.csiShortfall).toBeLessThan(0);
    // the unhappy owners' last visit is recent at the cutoff: visit rhythm alone cannot tell
    // them apart, so the classifier now beats BG/NBD on them
    expect(evaluation.logistic!.auc).toBeGreaterThan(0.9);
    expect(evaluation.logistic!.auc).toBeGreaterThan(evaluation.bgnbd!.auc!);
  });
});
