import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorForUser,
  findUserById,
  systemActor,
  withActor,
  type Actor,
} from '../../../auth/index.ts';
import { createTestWorld, type TestUserKey, type TestWorld } from '../../../testing/test-world.ts';
import { createCustomer, searchText } from '../../customers/index.ts';
import {
  captureCandidates,
  MAX_CANDIDATES,
  NEAR_DAYS,
  nearDateKeys,
  YEAR_BLOCK_LIMIT,
} from './capture-candidates.ts';

/**
 * The candidates of the check at capture: the persons the consultant may see, strongest block
 * first, at most MAX_CANDIDATES of them. Namesakes are inserted in bulk, as in the capture
 * check's own test; ids that sort first are given to those that must not take a place.
 */
describe('the candidates a new person is compared with', () => {
  let world: TestWorld;
  const actor = async (key: TestUserKey): Promise<Actor> =>
    actorForUser(world.database.db, (await findUserById(world.database.db, world.users[key].id))!);
  /** an id below every random one, so that it comes first in id order */
  const early = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

  async function namesakes(
    dealer: 'A' | 'C',
    people: { id?: string; firstName: string; lastName: string; birthDate: string | null }[],
  ): Promise<string[]> {
    return withActor(world.database.db, systemActor('test'), async (tx) => {
      const rows = await tx
        .insertInto('customers')
        .values(
          people.map((p) => ({
            ...(p.id ? { id: p.id } : {}),
            kind: 'person' as const,
            first_name: p.firstName,
            last_name: p.lastName,
            display_name: `${p.lastName} ${p.firstName}`,
            sort_key: `${p.lastName} ${p.firstName}`.toLowerCase(),
            search_text: searchText({ kind: 'person', ...p }),
            birth_date: p.birthDate,
          })),
        )
        .returning('id')
        .execute();
      await tx
        .insertInto('customer_dealers')
        .values(rows.map((row) => ({ customer_id: row.id, dealer_id: world.dealers[dealer].id })))
        .execute();
      return rows.map((row) => row.id);
    });
  }

  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world?.close());

  it('counts only the persons the consultant may see towards the limit', async () => {
    // 60 namesakes born the same year at dealer C, all before dealer A's one in id order
    const names = { firstName: 'Олег', lastName: 'Кузнецов' };
    await namesakes(
      'C',
      Array.from({ length: 60 }, (_, i) => ({ ...names, id: early(i), birthDate: '1979-03-01' })),
    );
    const [visible] = await namesakes('A', [{ ...names, birthDate: '1979-08-20' }]);
    const found = await captureCandidates(world.database.db, await actor('consultantA1'), {
      id: randomUUID(),
      ...names,
      birthDate: '1979-05-05',
    });
    expect(found).toEqual([{ id: visible, display_name: 'Кузнецов Олег' }]);
  });

  it('puts a shared phone, then surname and birth year, before the name alone', async () => {
    const names = { firstName: 'Павел', lastName: 'Морозов' };
    // namesakes born the next year, within a year of the probe: found by the name alone, and
    // they sort first by id
    await namesakes(
      'A',
      Array.from({ length: 70 }, (_, i) => ({
        ...names,
        id: early(100 + i),
        birthDate: `1991-0${1 + (i % 6)}-01`,
      })),
    );
    // born the same year: in Cyrillic, in Latin letters, with a double surname
    const sameYear = await namesakes('A', [
      { firstName: 'Пётр', lastName: 'Морозов', birthDate: '1990-12-31' },
      { firstName: 'Petr', lastName: 'Morozov', birthDate: '1990-01-01' },
      { firstName: 'Анна', lastName: 'Морозова-Ветрова', birthDate: '1990-03-08' },
      { firstName: 'Анна', lastName: 'Ветрова-Морозов', birthDate: '1990-03-08' },
    ]);
    const manager = await actor('managerA');
    const phone = { number: '+7 916 301 22 44' };
    const known = await createCustomer(world.database.db, manager, {
      kind: 'person',
      firstName: 'Зинаида',
      lastName: 'Орлова',
      phones: [phone],
    });
    const probe = await createCustomer(world.database.db, manager, {
      kind: 'person',
      ...names,
      birthDate: '1990-06-15',
      phones: [phone],
    });
    const found = await captureCandidates(world.database.db, await actor('consultantA1'), {
      id: probe.id,
      ...names,
      birthDate: '1990-06-15',
    });
    expect(found).toHaveLength(MAX_CANDIDATES);
    expect(found[0]!.id).toBe(known.id);
    // not Морозова-Ветрова: "морозова" is another word (nor was she found before 0208); the
    // nearest birth date first (8 March, 1 January, 31 December against 15 June)
    expect(found.slice(1, 4).map((c) => c.id)).toEqual([sameYear[3], sameYear[1], sameYear[0]]);
    expect(found.slice(4).every((c) => c.display_name === 'Морозов Павел')).toBe(true);
    expect(found.map((c) => c.id)).not.toContain(probe.id);
  });

  it('keeps the namesake born the same day when the year holds more than the limit', async () => {
    // 60 of the consultant's customers with the surname, born the same year months away, all
    // before the person with the typo in id order (cut by id, he was not among the 50)
    const surname = 'Добронравов';
    await namesakes(
      'A',
      Array.from({ length: 60 }, (_, i) => ({
        id: early(300 + i),
        firstName: `Иван${'а'.repeat(i % 5)}`,
        lastName: surname,
        birthDate: `1977-${String(1 + (i % 3)).padStart(2, '0')}-0${1 + (i % 9)}`,
      })),
    );
    const [source] = await namesakes('A', [
      { firstName: 'Всеволод', lastName: surname, birthDate: '1977-11-23' },
    ]);
    const found = await captureCandidates(world.database.db, await actor('consultantA1'), {
      id: randomUUID(),
      firstName: 'Всеволд', // not a form of his given name: only the surname + year block
      lastName: surname,
      birthDate: '1977-11-23',
    });
    expect(found).toHaveLength(MAX_CANDIDATES);
    expect(found[0]!.id).toBe(source);
  });

  // more than YEAR_BLOCK_LIMIT of the consultant's customers with the surname (in Han characters,
  // the only kind read by ranges) and another given name born near the probe's date (15 June),
  // all first in id order: in June, within the first range of NEAR_DAYS; in August, the second
  it.each([
    { surname: '欧阳', month: '06', days: NEAR_DAYS[0] },
    { surname: '司马', month: '08', days: NEAR_DAYS[1] },
  ])(
    'reads a crowded year within $days days first, and still ranks a namesake of that year months away',
    async ({ surname, month }) => {
      const crowd = await namesakes(
        'A',
        Array.from({ length: YEAR_BLOCK_LIMIT + 10 }, (_, i) => ({
          id: early((month === '06' ? 500 : 700) + i),
          firstName: '建国',
          lastName: surname,
          birthDate: `1983-${month}-${String(1 + (i % 30)).padStart(2, '0')}`,
        })),
      );
      const [sameDay, monthsAway, otherNameAway] = await namesakes('A', [
        { firstName: '志伟', lastName: surname, birthDate: '1983-06-15' },
        { firstName: '志伟', lastName: surname, birthDate: '1983-01-20' },
        { firstName: '建国', lastName: surname, birthDate: '1983-11-30' },
      ]);
      // the same person at another dealer: read by the block, never shown to this consultant
      const [elsewhere] = await namesakes('C', [
        { firstName: '志伟', lastName: surname, birthDate: '1983-06-15' },
      ]);
      const found = await captureCandidates(world.database.db, await actor('consultantA1'), {
        id: randomUUID(),
        firstName: '志伟',
        lastName: surname,
        birthDate: '1983-06-15',
      });
      expect(found).toHaveLength(MAX_CANDIDATES);
      // sharing the given name, this year: first (nearest date first), though the surname + year
      // block read only the dates near 15 June; then the crowd by distance
      expect(found.slice(0, 2).map((c) => c.id)).toEqual([sameDay, monthsAway]);
      expect(found.slice(2).every((c) => crowd.includes(c.id))).toBe(true);
      expect(found.map((c) => c.id)).not.toContain(otherNameAway);
      expect(found.map((c) => c.id)).not.toContain(elsewhere);
    },
  );

  it('keys the near dates of the year block by month and day, within the year', () => {
    const near = nearDateKeys('1983-01-10', 31)!;
    expect(near.year).toBe(' y1983');
    expect(near.from).toBe('1983-01-01');
    expect(near.to).toBe(`1983-02-10`);
    expect(near.monthDays).toHaveLength(41);
    expect(near.monthDays[0]).toBe(' d0101');
    expect(nearDateKeys('2000-02-29', 31)!.monthDays).toContain(' d0229');
    expect(nearDateKeys('2000-06-15', 91)!.monthDays).toHaveLength(183);
    expect(nearDateKeys('0980-05-15', 31)).toBeUndefined();
    expect(nearDateKeys('1983-02-30', 31)).toBeUndefined();
    expect(nearDateKeys(undefined, 31)).toBeUndefined();
  });

  it('leaves out namesakes born decades apart, whom the engine takes for relatives', async () => {
    const names = { firstName: 'Глеб', lastName: 'Ершов' };
    const [apart, near, swapped, typo] = await namesakes('A', [
      { ...names, birthDate: '1951-02-03' },
      { ...names, birthDate: '1984-11-20' },
      { ...names, birthDate: '1985-07-04' },
      { ...names, birthDate: '1965-04-07' },
    ]);
    const found = await captureCandidates(world.database.db, await actor('consultantA1'), {
      id: randomUUID(),
      ...names,
      birthDate: '1985-04-07',
    });
    // within a year, day and month swapped, two digits off: kept; 34 years apart: not
    expect(found.map((c) => c.id).sort()).toEqual([near, swapped, typo].sort());
    expect(found.map((c) => c.id)).not.toContain(apart);
  });

  it('finds through the word-and-date index every namesake whose birth date can be kept', async () => {
    // Latin and Cyrillic spellings alike; the probe is born 1980-05-15
    const keep = [
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: null }, // date unknown
      { firstName: 'Timofei', lastName: 'Gavrilov', birthDate: '1979-06-20' }, // within a year
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1981-04-01' }, // within a year
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1980-12-31' }, // the same year
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1950-05-15' }, // one digit
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1910-05-15' }, // one digit
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1930-05-16' }, // year and day
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1982-05-15' }, // one digit
    ];
    const leave = [
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1950-08-20' },
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1930-06-16' }, // three digits
      { firstName: 'Тимофей', lastName: 'Гаврилов', birthDate: '1978-01-01' },
    ];
    const kept = await namesakes('A', keep);
    const left = await namesakes('A', leave);
    const consultant = await actor('consultantA1');
    const names = { firstName: 'Тимофей', lastName: 'Гаврилов' };
    const found = await captureCandidates(world.database.db, consultant, {
      id: randomUUID(),
      ...names,
      birthDate: '1980-05-15',
    });
    expect(found.map((c) => c.id).sort()).toEqual([...kept].sort());
    // without a birth date the block reads every namesake (the full-text index, no date keys)
    const undated = await captureCandidates(world.database.db, consultant, {
      id: randomUUID(),
      ...names,
    });
    expect(undated.map((c) => c.id).sort()).toEqual([...kept, ...left].sort());
  });

  it('leaves out merged-away persons and companies with the same phone', async () => {
    const manager = await actor('managerA');
    const phone = { number: '+7 916 301 55 66' };
    const person = { kind: 'person' as const, firstName: 'Нина', lastName: 'Белова' };
    const survivor = await createCustomer(world.database.db, manager, {
      ...person,
      phones: [phone],
    });
    const mergedAway = await createCustomer(world.database.db, manager, {
      ...person,
      phones: [phone],
    });
    await withActor(world.database.db, systemActor('test'), (tx) =>
      tx
        .updateTable('customers')
        .set({ merged_into: survivor.id })
        .where('id', '=', mergedAway.id)
        .execute(),
    );
    await createCustomer(world.database.db, manager, {
      kind: 'company',
      companyName: 'Белова и партнёры',
      phones: [phone],
    });
    const probe = await createCustomer(world.database.db, manager, { ...person, phones: [phone] });
    const found = await captureCandidates(world.database.db, manager, { id: probe.id, ...person });
    expect(found).toEqual([{ id: survivor.id, display_name: 'Белова Нина' }]);
  });
});
