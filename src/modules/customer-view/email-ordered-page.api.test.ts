import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser, customerVisible } from '../../auth/index.ts';
import {
  apiAs,
  createTestWorld,
  type TestUserKey,
  type TestWorld,
} from '../../testing/test-world.ts';
import {
  customerIn,
  displayName,
  emailIds,
  searchText,
  sortKey,
  type NameParts,
} from '../customers/index.ts';
import { searchExactCountLimit } from './customer-list.ts';

type Holder = {
  parts: NameParts;
  emails: string[];
  dealers: ('A' | 'B')[];
  consultant?: 1 | 2;
};

const surnames = 'Алексеев Борисов Васильев Громов Дмитриев Егоров Жуков Зайцев Ivanov Smith'.split(
  ' ',
);

/**
 * More info@ mailboxes at dealer A than a search counts, split between two consultants and
 * nobody (so that each consultant also sees more than are counted); a few at dealer B whose
 * names sort among A's; one customer with two info@ addresses and one linked to both dealers
 * (each found once); local parts that start like "info" but are not it, and ones with the
 * `like` wildcards in them.
 */
function holders(): Holder[] {
  const list: Holder[] = [];
  const person = (i: number): NameParts => ({
    kind: 'person',
    lastName: surnames[i % surnames.length]!,
    firstName: `Имя${(i * 7919) % 1013}`,
  });
  for (let i = 0; i < searchExactCountLimit * 1.65; i++) {
    const consultant = i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : undefined;
    list.push({ parts: person(i), emails: [`info@firm${i}.ru`], dealers: ['A'], consultant });
  }
  for (let i = 0; i < 30; i++) {
    list.push({ parts: person(i * 13), emails: [`info@b${i}.ru`], dealers: ['B'] });
  }
  list.push({ parts: person(5), emails: ['info@one.ru', 'INFO@two.ru'], dealers: ['B'] });
  list.push({ parts: person(6), emails: ['info@both.ru'], dealers: ['A', 'B'] });
  list.push({
    parts: { kind: 'company', companyName: 'Автопарк', legalForm: 'ООО' },
    emails: ['info@avtopark.ru', 'fleet@avtopark.ru'],
    dealers: ['B'],
  });
  list.push({ parts: person(7), emails: ['info.desk@x.ru', 'infos@x.ru'], dealers: ['A', 'B'] });
  list.push({ parts: person(8), emails: ['in_fo@x.ru'], dealers: ['B'] });
  list.push({ parts: person(9), emails: ['inxfo@x.ru', 'sales@x.ru'], dealers: ['B'] });
  list.push({ parts: person(10), emails: ['sales@y.ru'], dealers: ['A'], consultant: 1 });
  return list;
}

describe('a bare e-mail local part ("info@"): "1,000+", the first page in name order, only my part of the base', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    const list = holders();
    const ids = await db
      .insertInto('customers')
      .values(
        list.map(({ parts }) => ({
          kind: parts.kind,
          last_name: parts.lastName ?? null,
          first_name: parts.firstName ?? null,
          company_name: parts.companyName ?? null,
          legal_form: parts.legalForm ?? null,
          display_name: displayName(parts),
          sort_key: sortKey(parts),
          search_text: searchText(parts),
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('customer_emails')
      .values(
        list.flatMap((holder, index) =>
          holder.emails.map((address) => ({
            customer_id: ids[index]!.id,
            address,
            normalized: address.toLowerCase(),
          })),
        ),
      )
      .execute();
    await db
      .insertInto('customer_dealers')
      .values(
        list.flatMap((holder, index) =>
          holder.dealers.map((dealer) => ({
            customer_id: ids[index]!.id,
            dealer_id: world.dealers[dealer].id,
            relations: ['prospect' as const],
            assigned_user_id:
              dealer === 'A' && holder.consultant
                ? world.users[holder.consultant === 1 ? 'consultantA1' : 'consultantA2'].id
                : null,
          })),
        ),
      )
      .execute();
    await sql`analyze customers`.execute(db);
  });
  afterAll(async () => world.close());

  /** What the address index says, sorted: the answer the walk must give. */
  async function expected(user: TestUserKey, search: string, direction: 'asc' | 'desc') {
    const db = world.database.db;
    const row = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', world.users[user].id)
      .executeTakeFirstOrThrow();
    const actor = await actorForUser(db, row);
    const rows = await db
      .selectFrom('customers as c')
      .select('c.id')
      .where((eb) => customerVisible(actor, eb.ref('c.id')))
      .where('c.merged_into', 'is', null)
      .where((eb) => customerIn(eb.ref('c.id'), [emailIds(search.toLowerCase())]))
      .orderBy('c.sort_key', direction)
      .orderBy('c.id', direction)
      .execute();
    return rows.map((row) => row.id);
  }

  /** Rows of the two tables that differ from their definition (both ways). */
  async function derivedRowsOff(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from (
                (select customer_id, local_part, sort_key from customer_email_local_parts
                 except all
                 select customer_id, local_part, sort_key from customer_email_local_parts_source)
                union all
                (select customer_id, local_part, sort_key from customer_email_local_parts_source
                 except all
                 select customer_id, local_part, sort_key from customer_email_local_parts)) a)
           + (select count(*) from (
                (select dealer_id, local_part, sort_key, customer_id, assigned_user_id
                   from customer_dealer_email_local_parts
                 except all
                 select l.dealer_id, s.local_part, s.sort_key, s.customer_id, l.assigned_user_id
                   from customer_email_local_parts_source s
                   join customer_dealers l on l.customer_id = s.customer_id)
                union all
                (select l.dealer_id, s.local_part, s.sort_key, s.customer_id, l.assigned_user_id
                   from customer_email_local_parts_source s
                   join customer_dealers l on l.customer_id = s.customer_id
                 except all
                 select dealer_id, local_part, sort_key, customer_id, assigned_user_id
                   from customer_dealer_email_local_parts)) b) as n`.execute(world.database.db);
    return Number(rows[0]!.n);
  }

  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
  const search = (term: string, more = '') =>
    `/api/customers?search=${encodeURIComponent(term)}${more}`;

  it('a group admin searching info@ is told "more than 1,000" and gets the first by name', async () => {
    const answer = await apiAs(world, 'admin').get(search('info@', '&limit=20'));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.total).toBe(searchExactCountLimit);
    expect(answer.body.totalCapped).toBe(true);
    expect(answer.body.totalExact).toBe(false);
    const all = await expected('admin', 'info@', 'asc');
    expect(all.length).toBeGreaterThan(searchExactCountLimit);
    expect(ids(answer.body)).toEqual(all.slice(0, 20));
    expect(await derivedRowsOff()).toBe(0);
  });

  it('pages on, and backwards, in the same order', async () => {
    const all = await expected('admin', 'info@', 'asc');
    const third = await apiAs(world, 'admin').get(search('info@', '&limit=25&offset=50'));
    expect(ids(third.body)).toEqual(all.slice(50, 75));
    const last = await apiAs(world, 'admin').get(search('info@', '&limit=25&sort=-name'));
    expect(ids(last.body)).toEqual([...all].reverse().slice(0, 25));
  });

  it('dealer B sees and counts only his info@, each customer once', async () => {
    const answer = await apiAs(world, 'managerB').get(search('info@', '&limit=50'));
    expect(answer.body.totalExact).toBe(true);
    expect(answer.body.total).toBe(33);
    const all = await expected('managerB', 'info@', 'asc');
    expect(ids(answer.body)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(
      answer.body.items.every((c: { dealerCodes: string[] }) => c.dealerCodes.includes('B')),
    ).toBe(true);
  });

  it("a consultant finds his own and the unassigned info@, never his colleague's", async () => {
    const answer = await apiAs(world, 'consultantA1').get(search('info@', '&limit=100'));
    const colleagues = await world.database.db
      .selectFrom('customer_dealers')
      .select('customer_id')
      .where('assigned_user_id', '=', world.users.consultantA2.id)
      .execute();
    const theirs = new Set(colleagues.map((row) => row.customer_id));
    expect(ids(answer.body).some((id: string) => theirs.has(id))).toBe(false);
    // 550 of his own and 550 (and one linked to A and B) unassigned at A: more than are counted
    expect(answer.body.totalCapped).toBe(true);
    expect(ids(answer.body)).toEqual(
      (await expected('consultantA1', 'info@', 'asc')).slice(0, 100),
    );
    // the other dealer's staff see none of A's
    const b1 = await apiAs(world, 'consultantB1').get(search('info@', '&limit=100'));
    expect(ids(b1.body)).toEqual(await expected('consultantB1', 'info@', 'asc'));
  });

  it('keeps the other filters: his own info@ only, and the one company', async () => {
    const own = await apiAs(world, 'consultantA1').get(search('info@', '&assigned=me&limit=100'));
    expect(own.body.total).toBe(550);
    expect(own.body.totalCapped).toBe(false);
    expect(
      own.body.items.every(
        (c: { assignedTo: { id: string } | null }) =>
          c.assignedTo?.id === world.users.consultantA1.id,
      ),
    ).toBe(true);
    const companies = await apiAs(world, 'admin').get(search('info@', '&kind=company'));
    expect(companies.body.items.map((c: { displayName: string }) => c.displayName)).toEqual([
      'ООО Автопарк',
    ]);
    const atB = await apiAs(world, 'admin').get(search('info@', '&dealerCode=B&limit=50'));
    expect(atB.body.total).toBe(33);
  });

  it('gives the same answer as the address index for every kind of e-mail search', async () => {
    const terms = [
      'info@',
      'INFO@',
      ' info@ ',
      'in_fo@',
      'info.desk@',
      'infos@',
      'sales@',
      'fleet@',
      'nobody@',
      '@',
      'info@firm1',
      'info@b',
    ];
    const users: TestUserKey[] = ['admin', 'managerB', 'consultantA1', 'regionR1'];
    for (const user of users) {
      for (const term of terms) {
        for (const sort of ['name', '-name'] as const) {
          const answer = await apiAs(world, user).get(search(term, `&limit=40&sort=${sort}`));
          const all = await expected(user, term.trim(), sort === 'name' ? 'asc' : 'desc');
          const what = `${user} ${term} ${sort}`;
          expect(answer.status, what).toBe(200);
          expect(ids(answer.body), what).toEqual(all.slice(0, 40));
          expect(answer.body.total, what).toBe(Math.min(all.length, searchExactCountLimit));
          expect(answer.body.totalCapped, what).toBe(all.length > searchExactCountLimit);
        }
      }
    }
  });

  it('follows an edit: a changed address leaves info@, a new name moves him in the order', async () => {
    const api = apiAs(world, 'managerB');
    const before = await api.get(search('in_fo@'));
    expect(before.body.total).toBe(1);
    const id = before.body.items[0].id as string;
    const changed = await api.patch(`/api/customers/${id}`, {
      emails: [{ address: 'Office@X.ru' }],
    });
    expect(changed.status, changed.text).toBe(204);
    expect((await api.get(search('in_fo@'))).body.total).toBe(0);
    expect(ids((await api.get(search('office@'))).body)).toEqual([id]);

    // renamed to the front of dealer B's info@ list
    const first = (await api.get(search('info@', '&limit=1'))).body.items[0].id as string;
    await api.patch(`/api/customers/${id}`, { emails: [{ address: 'info@renamed.ru' }] });
    expect((await api.patch(`/api/customers/${id}`, { lastName: 'Aaaron' })).status).toBe(204);
    const now = await api.get(search('info@', '&limit=50'));
    expect(ids(now.body)[0]).toBe(id);
    expect(ids(now.body)).toContain(first);
    expect(ids(now.body)).toEqual(await expected('managerB', 'info@', 'asc'));
    expect(await derivedRowsOff()).toBe(0);
  });

  it("a customer handed to another consultant leaves the first one's search", async () => {
    const first = apiAs(world, 'consultantA1');
    const second = apiAs(world, 'consultantA2');
    const mine = await first.get(search('sales@'));
    expect(mine.body.total).toBe(1);
    const id = mine.body.items[0].id as string;
    expect((await second.get(search('sales@'))).body.total).toBe(0);
    await sql`update customer_dealers set assigned_user_id = ${world.users.consultantA2.id}
               where customer_id = ${id}`.execute(world.database.db);
    expect((await first.get(search('sales@'))).body.total).toBe(0);
    expect(ids((await second.get(search('sales@'))).body)).toEqual([id]);
    expect(await derivedRowsOff()).toBe(0);
  });

  it("a wrong dealer copy still shows and counts none of a colleague's customers", async () => {
    const db = world.database.db;
    const theirs = (await apiAs(world, 'consultantA2').get(search('sales@'))).body.items[0]
      .id as string;
    const first = apiAs(world, 'consultantA1');
    expect((await first.get(search('sales@'))).body.total).toBe(0);
    // the copy says nobody works him at A, but consultant 2 does
    await sql`update customer_dealer_email_local_parts set assigned_user_id = null
               where customer_id = ${theirs}`.execute(db);
    const wrong = await first.get(search('sales@'));
    expect(wrong.body.total).toBe(0);
    expect(wrong.body.items).toEqual([]);
    await sql`select customer_email_local_parts_sync(array[${theirs}]::uuid[])`.execute(db);
    expect(await derivedRowsOff()).toBe(0);
  });

  it('a merge moves the mailbox to the survivor, shown once; undo puts it back', async () => {
    const admin = apiAs(world, 'admin');
    const loser = (await admin.get(search('inxfo@'))).body.items[0].id as string;
    const survivor = (await admin.get(search('info@both'))).body.items[0].id as string;
    const merged = await admin.post('/api/quality/merges', {
      survivorId: survivor,
      loserId: loser,
    });
    expect(merged.status, merged.text).toBe(201);
    expect(ids((await admin.get(search('inxfo@'))).body)).toEqual([survivor]);
    // the survivor is linked to A and B now: still one row of the list
    const sales = await admin.get(search('sales@'));
    expect(ids(sales.body)).toEqual(await expected('admin', 'sales@', 'asc'));
    expect(ids(sales.body)).toContain(survivor);
    expect(ids(sales.body)).not.toContain(loser);
    expect(await derivedRowsOff()).toBe(0);
    const loserRows = await sql<{ n: number }>`
      select count(*)::int as n from customer_email_local_parts where customer_id = ${loser}`.execute(
      world.database.db,
    );
    expect(loserRows.rows[0]!.n).toBe(0);

    const undone = await admin.post(`/api/quality/merges/${merged.body.id}/undo`, {});
    expect(undone.status, undone.text).toBe(200);
    expect(ids((await admin.get(search('inxfo@'))).body)).toEqual([loser]);
    expect(ids((await admin.get(search('info@', '&limit=20'))).body)).toEqual(
      (await expected('admin', 'info@', 'asc')).slice(0, 20),
    );
    expect(await derivedRowsOff()).toBe(0);
  });
});
