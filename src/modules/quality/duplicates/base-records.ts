import { sql, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../../auth/index.ts';
import { customerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { PersonRecord } from '../matching/index.ts';

type BaseRow = {
  id: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  birth_date: string | null;
  gender: string | null;
  phones: string | null;
  email: string | null;
  street: string | null;
  city: string | null;
  postcode: string | null;
  vin: string | null;
  display_name: string;
};

/**
 * The engine's view of customers: names, birth date, gender, every phone, the primary e-mail
 * and address, the VIN of a car he owns now. One statement for a set of customers (by keyset
 * or by id), never one per customer.
 */
function recordsQuery(condition: ReturnType<typeof sql>, limit: number | null) {
  return sql<BaseRow>`
    select c.id, c.first_name, c.middle_name, c.last_name, c.birth_date::text as birth_date,
           nullif(c.gender, 'unknown') as gender,
           (select string_agg(p.e164, ';' order by p.is_primary desc, p.created_at)
              from customer_phones p where p.customer_id = c.id) as phones,
           (select e.normalized from customer_emails e where e.customer_id = c.id
             order by e.is_primary desc, e.created_at limit 1) as email,
           a.street, a.city, a.postcode,
           (select v.vin from vehicles v where v.customer_id = c.id and v.vin is not null
             order by v.created_at limit 1) as vin, c.display_name
      from customers c
      left join lateral (
        select concat_ws(' ', x.street, x.building) as street, x.city, x.postcode
          from customer_addresses x where x.customer_id = c.id
         order by x.is_primary desc, x.created_at limit 1) a on true
     where c.kind = 'person' and c.merged_into is null and ${condition}
     order by c.id
     ${limit === null ? sql`` : sql`limit ${limit}`}`;
}

function toRecord(row: BaseRow): PersonRecord {
  return {
    id: row.id,
    firstName: row.first_name ?? undefined,
    middleName: row.middle_name ?? undefined,
    lastName: row.last_name ?? undefined,
    birthDate: row.birth_date ?? undefined,
    gender: row.gender ?? undefined,
    phone: row.phones ?? undefined,
    email: row.email ?? undefined,
    address: row.street || undefined,
    city: row.city ?? undefined,
    postcode: row.postcode ?? undefined,
    vin: row.vin ?? undefined,
  };
}

/** The persons in the actor's scope, read in batches in id order (a million is 200 reads). */
export async function* streamScopeRecords(
  db: Db,
  actor: Actor,
  batchSize = 5000,
): AsyncGenerator<PersonRecord[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const visible = customerVisible(actor, sql.ref('c.id'));
    const rows = await recordsQuery(sql`c.id > ${after}::uuid and ${visible}`, batchSize).execute(
      db,
    );
    if (rows.rows.length === 0) return;
    yield rows.rows.map(toRecord);
    after = rows.rows[rows.rows.length - 1]!.id;
    if (rows.rows.length < batchSize) return;
  }
}

/** How many persons a run will read (the progress bar's total). */
export async function countScopePersons(db: Db, actor: Actor): Promise<number> {
  const visible = customerVisible(actor, sql.ref('c.id'));
  const row = await sql<{ n: number }>`
    select count(*)::int as n from customers c
     where c.kind = 'person' and c.merged_into is null and ${visible}`.execute(db);
  return row.rows[0]!.n;
}

/** Given customers in the engine's form (the check at capture, a pair's explanation). */
export async function recordsByIds(db: Db | Tx, ids: readonly string[]): Promise<PersonRecord[]> {
  if (ids.length === 0) return [];
  const rows = await recordsQuery(sql`c.id = any(${[...ids]}::uuid[])`, null).execute(db);
  return rows.rows.map(toRecord);
}

export type NamedRecord = { record: PersonRecord; displayName: string };

/**
 * The customers a query of ids selects, with their names as shown: the check at capture reads
 * its candidates and their records in one statement (each round trip counts at 50 ms).
 */
export async function namedRecordsIn(
  db: Db | Tx,
  ids: RawBuilder<{ id: string }>,
): Promise<NamedRecord[]> {
  const rows = await recordsQuery(sql`c.id in (select q.id from (${ids}) q)`, null).execute(db);
  return rows.rows.map((row) => ({ record: toRecord(row), displayName: row.display_name }));
}
