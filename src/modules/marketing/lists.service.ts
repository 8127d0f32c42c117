import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible, dealerInScope, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isValidEmail, normalizeEmail } from '../../lib/email.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { normalizePhone } from '../../lib/phone.ts';
import { audienceCondition } from './audience.ts';
import { findSegment, requireMarketing } from './segments.service.ts';

export type ListView = {
  id: string;
  name: string;
  source: 'frozen_segment' | 'csv';
  segmentId: string | null;
  dealerId: string | null;
  /** members the viewer may see (a list may hold people outside a narrower viewer's scope) */
  size: number;
  createdAt: string;
};

async function listView(db: Db, actor: Actor, id: string): Promise<ListView> {
  const row = await db
    .selectFrom('marketing_lists as l')
    .selectAll('l')
    .select((eb) =>
      eb
        .selectFrom('marketing_list_members as m')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('m.list_id', '=', 'l.id')
        .where(customerVisible(actor, sql.ref('m.customer_id')))
        .as('size'),
    )
    .where('l.id', '=', id)
    .executeTakeFirst();
  if (!row || (row.dealer_id !== null && !dealerInScope(actor, row.dealer_id))) {
    throw new NotFoundError('List');
  }
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    segmentId: row.segment_id,
    dealerId: row.dealer_id,
    size: Number(row.size ?? 0),
    createdAt: row.created_at.toISOString(),
  };
}

export async function findList(db: Db, actor: Actor, id: string): Promise<ListView> {
  requireMarketing(actor);
  return listView(db, actor, id);
}

export async function listLists(db: Db, actor: Actor): Promise<ListView[]> {
  requireMarketing(actor);
  let query = db
    .selectFrom('marketing_lists')
    .select('id')
    .orderBy('created_at', 'desc')
    .limit(200);
  if (actor.scope.level !== 'group') {
    const dealers = [...actor.scope.dealerIds];
    query = query.where((eb) =>
      eb.or([
        eb('dealer_id', 'is', null),
        ...(dealers.length ? [eb('dealer_id', 'in', dealers)] : []),
      ]),
    );
  }
  const ids = await query.execute();
  return Promise.all(ids.map((row) => listView(db, actor, row.id)));
}

/**
 * Freezes a segment: who matches now (in the actor's scope) becomes a static list that no
 * later change of data moves. One INSERT ... SELECT, whatever the size.
 */
export async function freezeSegment(
  db: Db,
  actor: Actor,
  segmentId: string,
  name: string,
): Promise<ListView> {
  requireMarketing(actor, true);
  const segment = await findSegment(db, actor, segmentId);
  const listId = await withActor(db, actor, async (tx) => {
    const list = await tx
      .insertInto('marketing_lists')
      .values({
        name,
        source: 'frozen_segment',
        segment_id: segment.id,
        dealer_id: actor.dealerId,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('marketing_list_members')
      .columns(['list_id', 'customer_id'])
      .expression((eb) =>
        eb
          .selectFrom('customers as c')
          .select([sql<string>`${list.id}::uuid`.as('list_id'), 'c.id'])
          .where(audienceCondition(actor.scope, segment.definition)),
      )
      .execute();
    return list.id;
  });
  return listView(db, actor, listId);
}

export type ImportRowReport = {
  line: number;
  status: 'added' | 'duplicate' | 'not_found' | 'invalid';
  message: string | null;
  customerId: string | null;
};

export type ListImportReport = { list: ListView; added: number; rows: ImportRowReport[] };

type Key = { kind: 'id' | 'email' | 'phone'; value: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One CSV row's way to find the person: a customer id, else an e-mail, else a phone. */
function rowKey(row: Record<string, string>, country: string): Key | string {
  const id = row.customer_id?.trim();
  if (id)
    return uuidPattern.test(id) ? { kind: 'id', value: id.toLowerCase() } : 'not a customer id';
  const email = row.email?.trim();
  if (email)
    return isValidEmail(email)
      ? { kind: 'email', value: normalizeEmail(email) }
      : 'not an e-mail address';
  const phone = row.phone?.trim();
  if (phone) {
    const normalized = normalizePhone(phone, country);
    return normalized ? { kind: 'phone', value: normalized.e164 } : 'not a phone number';
  }
  return 'no customer_id, email or phone';
}

/**
 * A static list from a CSV file with a header naming customer_id, email or phone. Every row
 * gets a line in the report; a person the actor may not see is "not found" (never a hint
 * that he exists). Matching is set-based: one query per key kind for the whole file.
 */
export async function importList(
  db: Db,
  actor: Actor,
  input: { name: string; csv: string },
  defaultCountry: string,
): Promise<ListImportReport> {
  requireMarketing(actor, true);
  let records: Record<string, string>[];
  try {
    records = parse(input.csv, {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
      delimiter: input.csv.split('\n', 1)[0]!.includes(';') ? ';' : ',',
    }) as Record<string, string>[];
  } catch (error) {
    throw new ValidationError([
      { path: 'csv', message: error instanceof Error ? error.message : 'unreadable CSV' },
    ]);
  }
  const header = Object.keys(records[0] ?? {});
  if (!['customer_id', 'email', 'phone'].some((column) => header.includes(column))) {
    throw new ValidationError([
      { path: 'csv', message: 'the header must name customer_id, email or phone', code: 'invalid' },
    ]);
  }
  if (records.length > 100_000) {
    throw new ValidationError([
      { path: 'csv', message: 'at most 100000 rows', code: 'too_many', params: { max: 100_000 } },
    ]);
  }
  const keys = records.map((record) => rowKey(record, defaultCountry));
  const wanted = (kind: Key['kind']) => [
    ...new Set(
      keys.flatMap((key) => (typeof key !== 'string' && key.kind === kind ? [key.value] : [])),
    ),
  ];
  const visible = (ref: string) => customerVisible(actor, sql.ref(ref));
  const [byId, byEmail, byPhone] = await Promise.all([
    wanted('id').length
      ? db
          .selectFrom('customers as c')
          .select(['c.id as key', 'c.id'])
          .where('c.id', 'in', wanted('id'))
          .where(visible('c.id'))
          .execute()
      : [],
    wanted('email').length
      ? db
          .selectFrom('customer_emails as e')
          .select(['e.normalized as key', 'e.customer_id as id'])
          .where('e.normalized', 'in', wanted('email'))
          .where(visible('e.customer_id'))
          .orderBy('e.is_primary', 'desc')
          .execute()
      : [],
    wanted('phone').length
      ? db
          .selectFrom('customer_phones as p')
          .select(['p.e164 as key', 'p.customer_id as id'])
          .where('p.e164', 'in', wanted('phone'))
          .where(visible('p.customer_id'))
          .orderBy('p.is_primary', 'desc')
          .execute()
      : [],
  ]);
  const found = new Map<string, string>();
  for (const [kind, rows] of [
    ['id', byId],
    ['email', byEmail],
    ['phone', byPhone],
  ] as const) {
    for (const row of rows)
      if (!found.has(`${kind}:${row.key}`)) found.set(`${kind}:${row.key}`, row.id);
  }
  const seen = new Set<string>();
  const rows: ImportRowReport[] = keys.map((key, index) => {
    // line 1 is the header
    const line = index + 2;
    if (typeof key === 'string') return { line, status: 'invalid', message: key, customerId: null };
    const id = found.get(`${key.kind}:${key.value}`);
    if (!id) return { line, status: 'not_found', message: 'no such customer', customerId: null };
    if (seen.has(id)) {
      return { line, status: 'duplicate', message: 'already on the list', customerId: id };
    }
    seen.add(id);
    return { line, status: 'added', message: null, customerId: id };
  });
  const listId = await withActor(db, actor, async (tx) => {
    const list = await tx
      .insertInto('marketing_lists')
      .values({
        name: input.name,
        source: 'csv',
        dealer_id: actor.dealerId,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = [...seen];
    for (let start = 0; start < members.length; start += 5000) {
      await tx
        .insertInto('marketing_list_members')
        .values(
          members.slice(start, start + 5000).map((id) => ({ list_id: list.id, customer_id: id })),
        )
        .execute();
    }
    return list.id;
  });
  return { list: await listView(db, actor, listId), added: seen.size, rows };
}
