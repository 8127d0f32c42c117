import { sql } from 'kysely';
import type { Actor, Scope } from '../../auth/index.ts';
import { can, dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { audienceCondition, audienceMatch } from './audience.ts';
import { segmentQueryOptions, withSegmentQuerySettings } from './segment-query-settings.ts';
import type { Condition, SegmentBody } from './segment.schemas.ts';

export type SegmentView = {
  id: string;
  name: string;
  description: string | null;
  definition: Condition;
  dealerId: string | null;
  lastCount: number | null;
  lastCountedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type SegmentMember = {
  id: string;
  displayName: string;
  lifecycleStage: string;
  email: string | null;
  phone: string | null;
  city: string | null;
};

export function requireMarketing(actor: Actor, write = false): void {
  if (!can(actor, write ? 'marketing:write' : 'marketing:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (marketing)`);
  }
}

/**
 * The live count's query: the customers of the scope who match the tree, with the visit summary
 * left-joined once for the conditions under an OR or a NOT (segment-compiler.ts,
 * visitSummaryJoined). The summary's key is customer_id, so the join adds no row; PostgreSQL
 * drops it when nothing reads it.
 *
 * `parallel` says whether the count should let PostgreSQL split it over parallel workers: when
 * the tree reads the joined summary. Such a tree is tested on every customer (the OR or NOT
 * cannot be a semi-join), and a join lets the workers share its hashes; the owners segment of
 * bench/segment-count.ts: 2.1–2.4 s → 1.1–1.4 s at load 5 (1.6 s with the join alone). Trees of
 * semi-joins only stay serial: in parallel the dormant segment read the consent ids in every
 * worker and came out no faster, often slower (bench/RESULTS.md).
 */
export function segmentCountQuery(db: Db, scope: Scope, tree: Condition, today = new Date()) {
  const audience = audienceMatch(scope, tree, today, {
    ...segmentQueryOptions(scope),
    visitSummaryJoined: true,
  });
  const query = db
    .selectFrom('customers as c')
    .leftJoin('marketing_visit_summary as visit_summary', 'visit_summary.customer_id', 'c.id')
    .select(sql<string>`count(*)`.as('n'))
    .where(audience.condition);
  return { query, parallel: audience.readsJoinedSummary };
}

/** How many customers of the actor's scope match the tree (the live count of the builder). */
export async function countSegment(db: Db, actor: Actor, tree: Condition): Promise<number> {
  requireMarketing(actor);
  const count = segmentCountQuery(db, actor.scope, tree);
  const result = await withSegmentQuerySettings(
    db,
    (tx) => tx.executeQuery(count.query.compile()),
    { parallel: count.parallel },
  );
  return Number(result.rows[0]!.n);
}

/** A page of the matching customers, by name, to see who is in. */
export async function previewSegment(
  db: Db,
  actor: Actor,
  tree: Condition,
  page: { limit: number; offset: number },
): Promise<{ items: SegmentMember[]; total: number }> {
  requireMarketing(actor);
  const [rows, total] = await Promise.all([
    // the same audience condition as the count, so the same plan cost and JIT compilation
    withSegmentQuerySettings(db, (tx) =>
      tx
        .selectFrom('customers as c')
        .select([
          'c.id',
          'c.display_name',
          'c.lifecycle_stage',
          sql<string | null>`(select e.address from customer_emails e where e.customer_id = c.id
          order by e.is_primary desc, e.created_at limit 1)`.as('email'),
          sql<string | null>`(select p.e164 from customer_phones p where p.customer_id = c.id
          order by p.is_primary desc, p.created_at limit 1)`.as('phone'),
          sql<string | null>`(select a.city from customer_addresses a where a.customer_id = c.id
          order by a.is_primary desc, a.created_at limit 1)`.as('city'),
        ])
        // as before: walking customers in name order, the first page is found by probing consent
        // for each (1.0-1.5 s on bench at load 7; with the count's consent join 3.8-4.9 s)
        .where(audienceCondition(actor.scope, tree))
        .orderBy('c.sort_key')
        .orderBy('c.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
    ),
    countSegment(db, actor, tree),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      lifecycleStage: row.lifecycle_stage,
      email: row.email,
      phone: row.phone,
      city: row.city,
    })),
  };
}

type SegmentRow = {
  id: string;
  name: string;
  description: string | null;
  definition: unknown;
  dealer_id: string | null;
  last_count: number | null;
  last_counted_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function view(row: SegmentRow): SegmentView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition: row.definition as Condition,
    dealerId: row.dealer_id,
    lastCount: row.last_count,
    lastCountedAt: row.last_counted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A dealer's segments are his own; a segment made above dealer level (dealer_id null) is a
 * shared definition every marketing user may use — it is always evaluated in the user's scope.
 */
export async function findSegment(db: Db, actor: Actor, id: string): Promise<SegmentView> {
  requireMarketing(actor);
  const row = await db
    .selectFrom('marketing_segments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (row.dealer_id !== null && !dealerInScope(actor, row.dealer_id))) {
    throw new NotFoundError('Segment');
  }
  return view(row);
}

export async function listSegments(db: Db, actor: Actor): Promise<SegmentView[]> {
  requireMarketing(actor);
  let query = db.selectFrom('marketing_segments').selectAll().orderBy('name').limit(500);
  if (actor.scope.level !== 'group') {
    const dealers = [...actor.scope.dealerIds];
    query = query.where((eb) =>
      eb.or([
        eb('dealer_id', 'is', null),
        ...(dealers.length ? [eb('dealer_id', 'in', dealers)] : []),
      ]),
    );
  }
  return (await query.execute()).map(view);
}

export async function createSegment(db: Db, actor: Actor, body: SegmentBody): Promise<SegmentView> {
  requireMarketing(actor, true);
  const count = await countSegment(db, actor, body.definition);
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('marketing_segments')
      .values({
        name: body.name,
        description: body.description ?? null,
        definition: JSON.stringify(body.definition),
        dealer_id: actor.dealerId,
        last_count: count,
        last_counted_at: new Date(),
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return view(row);
}

/** Only the segment's own level may change it: a dealer cannot edit the group's segments. */
async function assertEditable(db: Db, actor: Actor, id: string): Promise<SegmentView> {
  requireMarketing(actor, true);
  const segment = await findSegment(db, actor, id);
  if (segment.dealerId === null && actor.dealerId !== null) {
    throw new ForbiddenError('A segment of the group is changed by the group').because(
      'group_level_only',
    );
  }
  return segment;
}

export async function updateSegment(
  db: Db,
  actor: Actor,
  id: string,
  body: SegmentBody,
): Promise<SegmentView> {
  await assertEditable(db, actor, id);
  const count = await countSegment(db, actor, body.definition);
  const row = await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_segments')
      .set({
        name: body.name,
        description: body.description ?? null,
        definition: JSON.stringify(body.definition),
        last_count: count,
        last_counted_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return view(row);
}

export async function deleteSegment(db: Db, actor: Actor, id: string): Promise<void> {
  await assertEditable(db, actor, id);
  const used = await db
    .selectFrom('marketing_campaigns')
    .select('id')
    .where('segment_id', '=', id)
    .executeTakeFirst();
  if (used) throw new ConflictError('A campaign uses this segment').because('segment_in_use');
  await withActor(db, actor, (tx) =>
    tx.deleteFrom('marketing_segments').where('id', '=', id).execute(),
  );
}
