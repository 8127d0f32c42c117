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
  displayName,
  nameMatch,
  nameRanges,
  searchText,
  sortKey,
  type NameParts,
} from '../customers/index.ts';
import { searchExactCountLimit } from './customer-list.ts';

type Person = {
  last: string;
  first: string;
  middle?: string;
  dealer: 'A' | 'B';
  consultant?: 1 | 2;
};

const givenNames =
  '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 志强'.split(' ');

/**
 * More 王 at dealer A than a search counts, split between two consultants and nobody (so that
 * each consultant also sees more than are counted); a few at
 * dealer B whose names sort among A's; a 李 whose given name starts with 王; and Russian and
 * Latin names whose words are prefixes of one another (Иван, Иванов, Иванович, Ivanenko).
 */
function people(): Person[] {
  const list: Person[] = [];
  for (let i = 0; i < searchExactCountLimit * 1.65; i++) {
    const consultant = i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : undefined;
    list.push({ last: '王', first: givenNames[i % givenNames.length]!, dealer: 'A', consultant });
  }
  for (let i = 0; i < 30; i++)
    list.push({ last: '王', first: givenNames[(i * 7) % 24]!, dealer: 'B' });
  list.push({ last: '李', first: '王芳', dealer: 'B' });
  list.push({ last: '王', first: '伟', dealer: 'B' });
  list.push({ last: 'Иванов', first: 'Иван', middle: 'Петрович', dealer: 'A' });
  list.push({ last: 'Иванова', first: 'Анна', middle: 'Сергеевна', dealer: 'A' });
  list.push({ last: 'Петров', first: 'Сергей', middle: 'Иванович', dealer: 'A', consultant: 1 });
  list.push({ last: 'Ivanenko', first: 'Olga', dealer: 'B' });
  list.push({ last: 'Smith', first: 'Ivan', dealer: 'A', consultant: 2 });
  // more words starting with "ab" than are merged: that search takes the full-text index
  for (const letter of 'abcdefghijklmnopqrstuvwxyz')
    list.push({ last: `Ab${letter}ott`, first: 'Jo', dealer: 'A' });
  return list;
}

describe('a broad name search: "1,000+", the first page in name order, only my part of the base', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
    const db = world.database.db;
    const rows = people().map((person) => {
      const parts: NameParts = {
        kind: 'person',
        lastName: person.last,
        firstName: person.first,
        middleName: person.middle,
      };
      return {
        person,
        row: {
          kind: 'person' as const,
          last_name: person.last,
          first_name: person.first,
          middle_name: person.middle ?? null,
          display_name: displayName(parts),
          sort_key: sortKey(parts),
          search_text: searchText(parts),
        },
      };
    });
    const ids = await db
      .insertInto('customers')
      .values(rows.map((r) => r.row))
      .returning('id')
      .execute();
    await db
      .insertInto('customer_dealers')
      .values(
        rows.map(({ person }, index) => ({
          customer_id: ids[index]!.id,
          dealer_id: world.dealers[person.dealer].id,
          relations: ['prospect' as const],
          assigned_user_id: person.consultant
            ? world.users[person.consultant === 1 ? 'consultantA1' : 'consultantA2'].id
            : null,
        })),
      )
      .execute();
    await sql`analyze customers`.execute(db);
  });
  afterAll(async () => world.close());

  /** What the full-text index says, sorted: the answer the name walk must give. */
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
      .where((eb) => nameMatch(eb.ref('c.search_vector'), [search])!)
      .orderBy('c.sort_key', direction)
      .orderBy('c.id', direction)
      .execute();
    return rows.map((row) => row.id);
  }

  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  it('a group admin searching 王 is told "more than 1,000" and gets the first by name', async () => {
    const answer = await apiAs(world, 'admin').get('/api/customers?search=王&limit=20');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.total).toBe(searchExactCountLimit);
    expect(answer.body.totalCapped).toBe(true);
    expect(answer.body.totalExact).toBe(false);
    const all = await expected('admin', '王', 'asc');
    expect(all.length).toBeGreaterThan(searchExactCountLimit);
    expect(ids(answer.body)).toEqual(all.slice(0, 20));
    // ties on the name are broken by id, as the rest of the list does
    // 李王芳 (li wangfang) is found by his given name and sorts before every Wang
    expect(answer.body.items[0].displayName).toBe('李王芳');
  });

  it('pages on, and backwards, in the same order', async () => {
    const all = await expected('admin', '王', 'asc');
    const third = await apiAs(world, 'admin').get('/api/customers?search=王&limit=25&offset=50');
    expect(ids(third.body)).toEqual(all.slice(50, 75));
    const last = await apiAs(world, 'admin').get('/api/customers?search=王&limit=25&sort=-name');
    expect(ids(last.body)).toEqual([...all].reverse().slice(0, 25));
  });

  it('dealer B sees and counts only his 王, among them the 李 whose given name starts with 王', async () => {
    const answer = await apiAs(world, 'managerB').get('/api/customers?search=王&limit=50');
    expect(answer.body.totalExact).toBe(true);
    expect(answer.body.totalCapped).toBe(false);
    expect(answer.body.total).toBe(32);
    expect(ids(answer.body)).toEqual(await expected('managerB', '王', 'asc'));
    expect(answer.body.items.map((c: { displayName: string }) => c.displayName)).toContain(
      '李王芳',
    );
    expect(
      answer.body.items.every((c: { dealerCodes: string[] }) => c.dealerCodes.join() === 'B'),
    ).toBe(true);
  });

  it("a consultant finds his own and the unassigned 王, never his colleague's", async () => {
    const answer = await apiAs(world, 'consultantA1').get('/api/customers?search=王&limit=100');
    const colleagues = await world.database.db
      .selectFrom('customer_dealers')
      .select('customer_id')
      .where('assigned_user_id', '=', world.users.consultantA2.id)
      .execute();
    const theirs = new Set(colleagues.map((row) => row.customer_id));
    expect(ids(answer.body).some((id: string) => theirs.has(id))).toBe(false);
    // 550 of his own and 550 unassigned at A: more than are counted
    expect(answer.body.totalCapped).toBe(true);
    expect(ids(answer.body)).toEqual((await expected('consultantA1', '王', 'asc')).slice(0, 100));
  });

  it('keeps the other filters: his own 王 only, and no company named 王', async () => {
    const api = apiAs(world, 'consultantA1');
    const own = await api.get('/api/customers?search=王&assigned=me&limit=100');
    expect(own.body.total).toBe(550);
    expect(own.body.totalCapped).toBe(false);
    expect(
      own.body.items.every(
        (c: { assignedTo: { id: string } | null }) =>
          c.assignedTo?.id === world.users.consultantA1.id,
      ),
    ).toBe(true);
    const companies = await apiAs(world, 'admin').get('/api/customers?search=王&kind=company');
    expect(companies.body.total).toBe(0);
  });

  it('gives the same answer as the full-text index for every kind of prefix', async () => {
    const terms = [
      '王',
      '王伟',
      '王秀',
      'wang',
      'wangw',
      'li',
      '李',
      'Иван',
      'ivan',
      'Иванов',
      'iv',
      'Smith',
      'ab',
      'nobody',
    ];
    const users: TestUserKey[] = ['admin', 'managerB', 'consultantA1'];
    for (const user of users) {
      for (const term of terms) {
        for (const sort of ['name', '-name'] as const) {
          const answer = await apiAs(world, user).get(
            `/api/customers?search=${encodeURIComponent(term)}&limit=40&sort=${sort}`,
          );
          const all = await expected(user, term, sort === 'name' ? 'asc' : 'desc');
          const what = `${user} ${term} ${sort}`;
          expect(ids(answer.body), what).toEqual(all.slice(0, 40));
          expect(answer.body.total, what).toBe(Math.min(all.length, searchExactCountLimit));
          expect(answer.body.totalCapped, what).toBe(all.length > searchExactCountLimit);
        }
      }
    }
  });

  it('walks one index range for 王, whose full names need not be walked', async () => {
    const db = world.database.db;
    const byWord = (a: { word: string }, b: { word: string }) => (a.word < b.word ? -1 : 1);
    expect((await nameRanges(db, '王'))!.sort(byWord)).toEqual([
      { rootLen: 0, word: '王' },
      { rootLen: 0, word: '王芳' },
    ]);
    // Иван and ivan; Иванов of Иван Иванов is covered by his Иван, but Иванова, Иванович
    // (of a Сергей) and Ivanenko have no shorter word of theirs to be found by
    const ivan = (await nameRanges(db, 'Иван'))!.map((range) => range.word).sort();
    expect(ivan).toEqual(
      ['ivan', 'ivanenko', 'ivanova', 'ivanovich', 'иван', 'иванова', 'иванович'].sort(),
    );
    // too many words to merge: the full-text index answers instead (checked above)
    expect(await nameRanges(db, 'ab')).toBeUndefined();
  });

  it("a customer handed to another consultant leaves the first one's search", async () => {
    const sergei = `/api/customers?search=${encodeURIComponent('Сергей')}`;
    const first = apiAs(world, 'consultantA1');
    const second = apiAs(world, 'consultantA2');
    const mine = await first.get(sergei);
    expect(mine.body.total).toBe(1);
    const id = mine.body.items[0].id as string;
    expect((await second.get(sergei)).body.total).toBe(0);
    await sql`update customer_dealers set assigned_user_id = ${world.users.consultantA2.id}
               where customer_id = ${id}`.execute(world.database.db);
    expect((await first.get(sergei)).body.total).toBe(0);
    expect(ids((await second.get(sergei)).body)).toEqual([id]);
  });

  it('finds a renamed customer by his new name only, and a merged one no more', async () => {
    const api = apiAs(world, 'managerB');
    const before = await api.get('/api/customers?search=Ivanenko');
    expect(before.body.total).toBe(1);
    const id = before.body.items[0].id as string;
    expect((await api.patch(`/api/customers/${id}`, { lastName: 'Sidorenko' })).status).toBe(204);
    expect((await api.get('/api/customers?search=Ivanenko')).body.total).toBe(0);
    expect(ids((await api.get('/api/customers?search=sidor')).body)).toEqual([id]);

    const survivor = (await api.get('/api/customers?search=王&limit=1')).body.items[0].id;
    await sql`update customers set merged_into = ${survivor} where id = ${id}`.execute(
      world.database.db,
    );
    expect((await api.get('/api/customers?search=sidor')).body.total).toBe(0);
    const words = await sql<{ n: number }>`
      select count(*)::int as n from customer_name_words where customer_id = ${id}`.execute(
      world.database.db,
    );
    expect(words.rows[0]!.n).toBe(0);
  });

  it("a link moved to another customer, as a merge moves the loser's, moves him in dealer B's search", async () => {
    const b = apiAs(world, 'managerB');
    expect((await b.get('/api/customers?search=Smith')).body.total).toBe(0);
    const wang = (await b.get('/api/customers?search=王&limit=1')).body.items[0].id as string;
    const smith = (await apiAs(world, 'admin').get('/api/customers?search=Smith')).body.items[0]
      .id as string;
    await sql`update customer_dealers set customer_id = ${smith}
               where customer_id = ${wang} and dealer_id = ${world.dealers.B.id}`.execute(
      world.database.db,
    );
    expect(ids((await b.get('/api/customers?search=Smith')).body)).toEqual([smith]);
    expect(ids((await b.get('/api/customers?search=王&limit=100')).body)).not.toContain(wang);
  });

  it("a wrong dealer copy still shows and counts none of a colleague's customers", async () => {
    const db = world.database.db;
    const smith = (await apiAs(world, 'admin').get('/api/customers?search=Smith')).body.items[0]
      .id as string;
    const first = apiAs(world, 'consultantA1');
    expect((await first.get('/api/customers?search=Smith')).body.total).toBe(0);
    // the copy says nobody works him at A, but consultant 2 does
    await sql`update customer_dealer_name_words set assigned_user_id = null
               where customer_id = ${smith}`.execute(db);
    const wrong = await first.get('/api/customers?search=Smith');
    expect(wrong.body.total).toBe(0);
    expect(wrong.body.items).toEqual([]);
    await sql`select customer_name_words_sync(array[${smith}]::uuid[])`.execute(db);

    // and among more than are counted: the copy gives him his colleague's 550 王 as well, the
    // answer is still his 1,100 ("more than 1,000") and his first page
    const colleagues = sql`(select customer_id from customer_dealers
                             where assigned_user_id = ${world.users.consultantA2.id})`;
    await sql`update customer_dealer_name_words set assigned_user_id = null
               where customer_id in ${colleagues}`.execute(db);
    const many = await first.get('/api/customers?search=王&limit=100');
    expect(many.body.totalCapped).toBe(true);
    expect(ids(many.body)).toEqual((await expected('consultantA1', '王', 'asc')).slice(0, 100));
    await sql`select customer_name_words_sync(array(${colleagues}))`.execute(db);
  });
});
