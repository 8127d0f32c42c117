import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible, leadRowVisible, withActor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import type { DuplicatePairStatus, PairContribution } from '../schema.ts';
import { duplicateSettings } from './settings.service.ts';

/** A pair's key: its two customers in the stored order (a < b). */
export function pairKey(x: string, y: string): { a: string; b: string } {
  return x < y ? { a: x, b: y } : { a: y, b: x };
}

export type DuplicatePairItem = {
  customerA: { id: string; displayName: string };
  customerB: { id: string; displayName: string };
  probability: number;
  weight: number;
  household: boolean;
  status: DuplicatePairStatus;
  updatedAt: string;
};

export type QueueQuery = {
  minProbability?: number | undefined;
  maxProbability?: number | undefined;
  status?: DuplicatePairStatus | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
};

/** Both people in the actor's scope, or the pair does not exist for him. */
function bothVisible(actor: Actor) {
  return sql<boolean>`${customerVisible(actor, sql.ref('p.customer_a'))}
    and ${customerVisible(actor, sql.ref('p.customer_b'))}`;
}

/**
 * The review queue: by default the open pairs between the two thresholds, most probable first.
 * Only pairs whose both people the actor may see; tombstones never appear.
 */
export async function reviewQueue(
  db: Db,
  actor: Actor,
  query: QueueQuery,
): Promise<{
  items: DuplicatePairItem[];
  total: number;
  reviewLower: number;
  reviewUpper: number;
}> {
  const settings = await duplicateSettings(db);
  const min = query.minProbability ?? settings.reviewLower;
  const max = query.maxProbability ?? 1;
  const status = query.status ?? 'open';
  const where = sql`p.status = ${status} and p.probability >= ${min} and p.probability <= ${max}
    and a.merged_into is null and b.merged_into is null and ${bothVisible(actor)}`;
  const rows = await sql<{
    customer_a: string;
    customer_b: string;
    name_a: string;
    name_b: string;
    probability: number;
    weight: number;
    household: boolean;
    status: DuplicatePairStatus;
    updated_at: Date;
  }>`
    select p.customer_a, p.customer_b, a.display_name as name_a, b.display_name as name_b,
           p.probability, p.weight, p.household, p.status, p.updated_at
      from duplicate_pairs p
      join customers a on a.id = p.customer_a
      join customers b on b.id = p.customer_b
     where ${where}
     order by p.probability desc, p.customer_a, p.customer_b
     limit ${query.limit ?? 50} offset ${query.offset ?? 0}`.execute(db);
  const count = await sql<{ n: number }>`
    select count(*)::int as n from duplicate_pairs p
      join customers a on a.id = p.customer_a
      join customers b on b.id = p.customer_b
     where ${where}`.execute(db);
  return {
    items: rows.rows.map((row) => ({
      customerA: { id: row.customer_a, displayName: row.name_a },
      customerB: { id: row.customer_b, displayName: row.name_b },
      probability: Number(row.probability),
      weight: Number(row.weight),
      household: row.household,
      status: row.status,
      updatedAt: row.updated_at.toISOString(),
    })),
    total: count.rows[0]!.n,
    reviewLower: settings.reviewLower,
    reviewUpper: settings.reviewUpper,
  };
}

export type ComparedCustomer = {
  id: string;
  displayName: string;
  fields: Record<string, string | number | string[] | null>;
  phones: { e164: string; raw: string; isPrimary: boolean }[];
  emails: { address: string; isPrimary: boolean }[];
  addresses: { text: string; isPrimary: boolean }[];
  vehicles: { id: string; vin: string | null; name: string; plate: string | null }[];
  leads: { id: string; stage: string; dealer: string | null; createdAt: string }[];
  dealers: { id: string; name: string; relations: string[] }[];
  createdAt: string;
  updatedAt: string;
};

export type PairComparison = {
  pair: DuplicatePairItem;
  explanation: PairContribution[];
  customers: [ComparedCustomer, ComparedCustomer];
};

const comparedFields = [
  'first_name',
  'middle_name',
  'last_name',
  'birth_date',
  'gender',
  'lifecycle_stage',
  'occupation',
  'employer',
  'income_band',
  'marital_status',
  'preferred_language',
  'preferred_channel',
  'source',
  'categories',
] as const;

async function compared(db: Db, actor: Actor, id: string): Promise<ComparedCustomer> {
  const row = await db
    .selectFrom('customers')
    .select([...comparedFields, 'id', 'display_name', 'created_at', 'updated_at'])
    .select(sql<string | null>`birth_date::text`.as('birth_text'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const [phones, emails, addresses, vehicles, leads, dealers] = await Promise.all([
    db
      .selectFrom('customer_phones')
      .select(['e164', 'raw', 'is_primary'])
      .where('customer_id', '=', id)
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('customer_emails')
      .select(['address', 'is_primary'])
      .where('customer_id', '=', id)
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('customer_addresses')
      .select([
        'is_primary',
        sql<string>`concat_ws(', ', postcode, city, street, building, apartment)`.as('text'),
      ])
      .where('customer_id', '=', id)
      .orderBy('is_primary', 'desc')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('vehicles')
      .select([
        'id',
        'vin',
        'plate',
        sql<string>`concat_ws(' ', make_name, model_name, model_year)`.as('name'),
      ])
      .where('customer_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('leads as l')
      .leftJoin('dealers as d', 'd.id', 'l.dealer_id')
      .select(['l.id', 'l.stage', 'd.name as dealer', 'l.created_at'])
      .where('l.customer_id', '=', id)
      // the leads list's rule: another dealer's or (for a brand-level actor) brand's are hidden
      .where((eb) =>
        leadRowVisible(actor, {
          dealerId: eb.ref('l.dealer_id'),
          brandId: eb.ref('l.brand_id'),
          assignedUserId: eb.ref('l.assigned_user_id'),
        }),
      )
      .orderBy('l.created_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('customer_dealers as cd')
      .innerJoin('dealers as d', 'd.id', 'cd.dealer_id')
      .select(['d.id', 'd.name', 'cd.relations'])
      .where('cd.customer_id', '=', id)
      .orderBy('d.name')
      .execute(),
  ]);
  const fields: ComparedCustomer['fields'] = {};
  for (const field of comparedFields) {
    const value = field === 'birth_date' ? row.birth_text : row[field];
    fields[field] = Array.isArray(value) ? value : value == null ? null : String(value);
  }
  return {
    id: row.id,
    displayName: row.display_name,
    fields,
    phones: phones.map((p) => ({ e164: p.e164, raw: p.raw, isPrimary: p.is_primary })),
    emails: emails.map((e) => ({ address: e.address, isPrimary: e.is_primary })),
    addresses: addresses.map((a) => ({ text: a.text, isPrimary: a.is_primary })),
    vehicles: vehicles.map((v) => ({ id: v.id, vin: v.vin, name: v.name, plate: v.plate })),
    leads: leads.map((l) => ({
      id: l.id,
      stage: l.stage,
      dealer: l.dealer,
      createdAt: l.created_at.toISOString(),
    })),
    dealers: dealers.map((d) => ({ id: d.id, name: d.name, relations: d.relations })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function findPair(db: Db, actor: Actor, x: string, y: string) {
  const { a, b } = pairKey(x, y);
  const row = await sql<{
    customer_a: string;
    customer_b: string;
    name_a: string;
    name_b: string;
    probability: number;
    weight: number;
    household: boolean;
    status: DuplicatePairStatus;
    explanation: PairContribution[];
    updated_at: Date;
  }>`
    select p.customer_a, p.customer_b, a.display_name as name_a, b.display_name as name_b,
           p.probability, p.weight, p.household, p.status, p.explanation, p.updated_at
      from duplicate_pairs p
      join customers a on a.id = p.customer_a
      join customers b on b.id = p.customer_b
     where p.customer_a = ${a} and p.customer_b = ${b} and ${bothVisible(actor)}`.execute(db);
  const found = row.rows[0];
  if (!found) throw new NotFoundError('Duplicate pair');
  return found;
}

/** Side by side: both records, their contacts, cars, leads and dealers, and the field weights. */
export async function comparePair(
  db: Db,
  actor: Actor,
  x: string,
  y: string,
): Promise<PairComparison> {
  const row = await findPair(db, actor, x, y);
  const [left, right] = await Promise.all([
    compared(db, actor, row.customer_a),
    compared(db, actor, row.customer_b),
  ]);
  return {
    pair: {
      customerA: { id: row.customer_a, displayName: row.name_a },
      customerB: { id: row.customer_b, displayName: row.name_b },
      probability: Number(row.probability),
      weight: Number(row.weight),
      household: row.household,
      status: row.status,
      updatedAt: row.updated_at.toISOString(),
    },
    explanation: row.explanation,
    customers: [left, right],
  };
}

export type PairDecision = 'not_duplicate' | 'skip' | 'reopen';

const statusAfter: Record<PairDecision, DuplicatePairStatus> = {
  not_duplicate: 'not_duplicate',
  skip: 'skipped',
  reopen: 'open',
};

/**
 * "Not a duplicate" (remembered: re-runs keep it out of the queue), "skip" (ask again later) or
 * "reopen": back into the queue, so that a mistaken "not a duplicate" (one key press) is not
 * final. A merged pair is reopened by undoing its merge, not here.
 */
export async function decidePair(
  db: Db,
  actor: Actor,
  x: string,
  y: string,
  decision: PairDecision,
): Promise<void> {
  const row = await findPair(db, actor, x, y);
  if (row.status === 'merged') {
    throw new ConflictError('This pair was merged: undo the merge instead', [
      { path: 'decision', message: 'the pair was merged', code: 'quality.pair_merged' },
    ]).because('pair_merged');
  }
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('duplicate_pairs')
      .set({ status: statusAfter[decision], decided_by: actor.userId, decided_at: new Date() })
      .where('customer_a', '=', row.customer_a)
      .where('customer_b', '=', row.customer_b)
      .execute(),
  );
}
