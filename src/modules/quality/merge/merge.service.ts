import { sql } from 'kysely';
import type { Actor, Tx } from '../../../auth/index.ts';
import { customerVisible, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { displayName, searchText, sortKey, type CustomerKind } from '../../customers/index.ts';
import { pairKey } from '../duplicates/review.service.ts';
import { customerMovers, type MovedRows } from './customer-movers.ts';
import { defaultSurvivor, survivingValues, type FieldChoice } from './survivorship.ts';

export type MergeRecord = {
  id: string;
  survivorId: string;
  loserId: string;
  survivorName: string;
  loserName: string;
  automatic: boolean;
  probability: number | null;
  mergedAt: string;
  undoneAt: string | null;
  /** the survivor's fields that took the loser's value, and by which rule */
  fields: FieldChoice[];
  /** rows moved per table (`table.column`) */
  moved: Record<string, number>;
};

export type MergeOptions = {
  survivorId?: string | undefined;
  automatic?: boolean;
  probability?: number | null;
};

type CustomerFull = Awaited<ReturnType<typeof lockCustomers>>[number];

async function lockCustomers(tx: Tx, ids: string[]) {
  return tx
    .selectFrom('customers')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

async function visibleIds(tx: Db | Tx, actor: Actor, ids: string[]): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.id', 'in', ids)
    .where((eb) => customerVisible(actor, eb.ref('c.id')))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Counts per table of what the movers moved (the merge record keeps the rows themselves). */
function movedCounts(moved: Record<string, MovedRows>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const part of Object.values(moved)) {
    for (const [key, value] of Object.entries(part)) {
      const moves = value as { moved?: unknown[] } | null;
      if (moves && Array.isArray(moves.moved) && moves.moved.length) {
        counts[key] = (counts[key] ?? 0) + moves.moved.length;
      }
    }
  }
  return counts;
}

const derivedColumns = ['display_name', 'sort_key', 'search_text'] as const;

/**
 * Merge two records of one person: survivorship field by field, every row of the loser moved
 * by its owning module's mover, the loser kept as a tombstone pointing to the survivor. One
 * transaction, audited; `customer_merges` keeps what moved so that undo puts it back.
 */
export async function mergeCustomers(
  db: Db,
  actor: Actor,
  x: string,
  y: string,
  options: MergeOptions = {},
): Promise<MergeRecord> {
  if (x === y) throw new ValidationError([{ path: 'loserId', message: 'is the survivor' }]);
  if (options.survivorId && options.survivorId !== x && options.survivorId !== y) {
    throw new ValidationError([{ path: 'survivorId', message: 'is not one of the pair' }]);
  }
  const id = await withActor(db, actor, async (tx) => {
    const rows = await lockCustomers(tx, [x, y]);
    const visible = await visibleIds(tx, actor, [x, y]);
    if (rows.length !== 2 || visible.size !== 2) throw new NotFoundError('Customer');
    const [first, second] = rows as [CustomerFull, CustomerFull];
    if (first.merged_into || second.merged_into) {
      throw new ConflictError('One of the two records was already merged into another').because(
        'already_merged',
      );
    }
    if (first.kind !== second.kind) {
      throw new ValidationError([
        { path: 'loserId', message: 'a person and a company cannot be merged' },
      ]);
    }
    const [survivor, loser] = options.survivorId
      ? options.survivorId === first.id
        ? [first, second]
        : [second, first]
      : defaultSurvivor(first, second);

    const { values, choices } = survivingValues(survivor, loser);
    const merged = { ...survivor, ...values } as CustomerFull;
    const names = {
      kind: merged.kind as CustomerKind,
      firstName: merged.first_name,
      middleName: merged.middle_name,
      lastName: merged.last_name,
      companyName: merged.company_name,
      legalForm: merged.legal_form,
      taxId: merged.tax_id,
    };
    const survivorBefore: Record<string, unknown> = {};
    for (const field of [...Object.keys(values), ...derivedColumns]) {
      survivorBefore[field] = survivor[field as keyof CustomerFull];
    }
    await tx
      .updateTable('customers')
      .set({
        ...values,
        display_name: displayName(names),
        sort_key: sortKey(names),
        search_text: searchText(names),
      })
      .where('id', '=', survivor.id)
      .execute();

    const moved: Record<string, MovedRows> = {};
    for (const mover of customerMovers()) {
      moved[mover.name] = await mover.reassignCustomer(tx, loser.id, survivor.id);
    }
    await tx
      .updateTable('customers')
      .set({ merged_into: survivor.id })
      .where('id', '=', loser.id)
      .execute();
    // the loser's quality score is derived data: the next scoring run scores the survivor anew
    await tx.deleteFrom('customer_quality').where('customer_id', '=', loser.id).execute();
    const key = pairKey(survivor.id, loser.id);
    await tx
      .updateTable('duplicate_pairs')
      .set({ status: 'merged', decided_by: actor.userId, decided_at: new Date() })
      .where('customer_a', '=', key.a)
      .where('customer_b', '=', key.b)
      .execute();

    const { search_text: _text, search_vector: _vector, ...loserBefore } = loser;
    const record = await tx
      .insertInto('customer_merges')
      .values({
        survivor_id: survivor.id,
        loser_id: loser.id,
        probability: options.probability ?? null,
        automatic: options.automatic ?? false,
        survivor_before: JSON.stringify(survivorBefore) as unknown as Record<string, unknown>,
        loser_before: JSON.stringify(loserBefore) as unknown as Record<string, unknown>,
        moved: JSON.stringify({ ...moved, fields: choices }) as unknown as Record<string, unknown>,
        merged_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return record.id;
  });
  return getMerge(db, actor, id);
}

function mergeQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('customer_merges as m')
    .innerJoin('customers as s', 's.id', 'm.survivor_id')
    .innerJoin('customers as l', 'l.id', 'm.loser_id')
    .select([
      'm.id',
      'm.survivor_id',
      'm.loser_id',
      's.display_name as survivor_name',
      'l.display_name as loser_name',
      'm.automatic',
      'm.probability',
      'm.merged_at',
      'm.undone_at',
      'm.moved',
    ])
    .where((eb) => customerVisible(actor, eb.ref('m.survivor_id')));
}

type MergeRow = Awaited<ReturnType<ReturnType<typeof mergeQuery>['execute']>>[number];

function mergeView(row: MergeRow): MergeRecord {
  const { fields, ...movers } = row.moved as Record<string, unknown>;
  return {
    id: row.id,
    survivorId: row.survivor_id,
    loserId: row.loser_id,
    survivorName: row.survivor_name,
    loserName: row.loser_name,
    automatic: row.automatic,
    probability: row.probability === null ? null : Number(row.probability),
    mergedAt: row.merged_at.toISOString(),
    undoneAt: row.undone_at?.toISOString() ?? null,
    fields: (fields as FieldChoice[] | undefined) ?? [],
    moved: movedCounts(movers as Record<string, MovedRows>),
  };
}

export async function getMerge(db: Db, actor: Actor, id: string): Promise<MergeRecord> {
  const row = await mergeQuery(db, actor).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Merge');
  return mergeView(row);
}

/** Recent merges whose survivor I may see (optionally of one customer), latest first. */
export async function listMerges(
  db: Db,
  actor: Actor,
  query: { customerId?: string | undefined; limit?: number; offset?: number },
): Promise<MergeRecord[]> {
  let q = mergeQuery(db, actor);
  if (query.customerId) {
    const customerId = query.customerId;
    q = q.where((eb) =>
      eb.or([eb('m.survivor_id', '=', customerId), eb('m.loser_id', '=', customerId)]),
    );
  }
  const rows = await q
    .orderBy('m.merged_at', 'desc')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map(mergeView);
}

/**
 * Undo a merge: every mover puts its rows back, the survivor gets his fields of before the
 * merge, the loser lives again and the pair returns to the queue. Merges are undone latest
 * first: a later merge that involves either record must be undone before.
 */
export async function undoMerge(db: Db, actor: Actor, id: string): Promise<MergeRecord> {
  await withActor(db, actor, async (tx) => {
    const merge = await tx
      .selectFrom('customer_merges')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!merge || !(await visibleIds(tx, actor, [merge.survivor_id])).size) {
      throw new NotFoundError('Merge');
    }
    if (merge.undone_at)
      throw new ConflictError('This merge was already undone').because('merge_undone_already');
    const later = await tx
      .selectFrom('customer_merges')
      .select('id')
      .where('undone_at', 'is', null)
      .where('id', '<>', merge.id)
      // compared in SQL: a JavaScript Date drops the microseconds PostgreSQL keeps, and the
      // merge itself then looked later than itself
      .where(
        'merged_at',
        '>',
        sql<Date>`(select m.merged_at from customer_merges m where m.id = ${merge.id})`,
      )
      .where((eb) =>
        eb.or([
          eb('survivor_id', 'in', [merge.survivor_id, merge.loser_id]),
          eb('loser_id', 'in', [merge.survivor_id, merge.loser_id]),
        ]),
      )
      .executeTakeFirst();
    if (later)
      throw new ConflictError('Undo the later merge of these customers first').because(
        'later_merge_first',
      );
    await lockCustomers(tx, [merge.survivor_id, merge.loser_id]);

    const moved = merge.moved as Record<string, MovedRows>;
    for (const mover of customerMovers().reverse()) {
      const part = moved[mover.name];
      if (part) await mover.restoreCustomer(tx, merge.loser_id, merge.survivor_id, part);
    }
    await tx
      .updateTable('customers')
      .set(merge.survivor_before as Record<string, never>)
      .where('id', '=', merge.survivor_id)
      .execute();
    await tx
      .updateTable('customers')
      .set({ merged_into: null })
      .where('id', '=', merge.loser_id)
      .execute();
    const key = pairKey(merge.survivor_id, merge.loser_id);
    await tx
      .updateTable('duplicate_pairs')
      .set({ status: 'open', decided_by: actor.userId, decided_at: new Date() })
      .where('customer_a', '=', key.a)
      .where('customer_b', '=', key.b)
      .where('status', '=', 'merged')
      .execute();
    await tx
      .updateTable('customer_merges')
      .set({ undone_at: new Date(), undone_by: actor.userId })
      .where('id', '=', id)
      .execute();
  });
  return getMerge(db, actor, id);
}

/**
 * The automatic merge after a run (when enabled): pairs of the run at or above the upper
 * threshold, most probable first; never a household pair. A record already merged in this
 * pass is skipped (its pair with a third record is reviewed next time).
 */
export async function autoMergeRun(db: Db, actor: Actor, runId: string): Promise<number> {
  const { review_upper: upper } = await db
    .selectFrom('quality_settings')
    .select('review_upper')
    .executeTakeFirstOrThrow();
  const pairs = await sql<{ customer_a: string; customer_b: string; probability: number }>`
    select p.customer_a, p.customer_b, p.probability from duplicate_pairs p
     where p.run_id = ${runId} and p.status = 'open' and not p.household
       and p.probability >= ${upper}
       and ${customerVisible(actor, sql.ref('p.customer_a'))}
       and ${customerVisible(actor, sql.ref('p.customer_b'))}
     order by p.probability desc, p.customer_a, p.customer_b`.execute(db);
  let merged = 0;
  const touched = new Set<string>();
  for (const pair of pairs.rows) {
    if (touched.has(pair.customer_a) || touched.has(pair.customer_b)) continue;
    await mergeCustomers(db, actor, pair.customer_a, pair.customer_b, {
      automatic: true,
      probability: Number(pair.probability),
    });
    touched.add(pair.customer_a);
    touched.add(pair.customer_b);
    merged++;
  }
  return merged;
}
