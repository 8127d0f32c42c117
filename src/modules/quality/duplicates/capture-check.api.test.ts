import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../../testing/test-world.ts';
import { searchText } from '../../customers/index.ts';

/**
 * Ivan Sokolov is a customer of dealer A. A consultant types him in again in Latin letters
 * with a new number: the answer warns that he may already exist, and since the record is saved
 * anyway, the pair waits in the review queue for a data steward. His wife, with his phone, is
 * not flagged; dealer C's manager, who cannot see dealer A's customers, gets no warning. Every
 * intake path (here: new customer, consultant entry, showroom log) runs the one check of the
 * quality module, with the review threshold of the quality settings.
 */
describe('a consultant is warned of a likely duplicate when he enters a person', () => {
  let world: TestWorld;
  let ivan: string;

  /** The review queue's pairs naming this customer, with their status. */
  const queuedWith = async (customerId: string) =>
    (
      await world.database.db
        .selectFrom('duplicate_pairs')
        .select(['customer_a', 'customer_b', 'status'])
        .where((eb) =>
          eb.or([eb('customer_a', '=', customerId), eb('customer_b', '=', customerId)]),
        )
        .execute()
    ).map((pair) => ({
      other: pair.customer_a === customerId ? pair.customer_b : pair.customer_a,
      status: pair.status,
    }));

  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      gender: 'male',
      phones: [{ number: '8 (916) 482-17-39' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.possibleDuplicates).toEqual([]);
    ivan = created.body.id;
  });
  afterAll(async () => world?.close());

  it('returns the existing person with the fields that match', async () => {
    const answer = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Ivan',
      lastName: 'Sokolov',
      birthDate: '1985-04-12',
      phones: [{ number: '+7 903 765 43 21' }],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.possibleDuplicates).toHaveLength(1);
    const [duplicate] = answer.body.possibleDuplicates;
    expect(duplicate).toMatchObject({ id: ivan, displayName: 'Соколов Иван Петрович' });
    expect(duplicate.probability).toBeGreaterThanOrEqual(0.5);
    expect(duplicate.matchedOn).toEqual(expect.arrayContaining(['birthDate']));
    // saved anyway: the pair waits for a steward
    expect(await queuedWith(answer.body.id)).toEqual([{ other: ivan, status: 'open' }]);
  });

  it('does not flag a relative sharing the phone, nor anyone outside the scope', async () => {
    const wife = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Мария',
      lastName: 'Соколова',
      birthDate: '1988-09-30',
      gender: 'female',
      phones: [{ number: '8 (916) 482-17-39' }],
    });
    expect(wife.status).toBe(201);
    expect(wife.body.possibleDuplicates).toEqual([]);
    const elsewhere = await apiAs(world, 'managerC').post('/api/customers', {
      kind: 'person',
      firstName: 'Иван',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      phones: [{ number: '+7 916 482 17 39' }],
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.possibleDuplicates).toEqual([]);
    expect(await queuedWith(wife.body.id)).toEqual([]);
    expect(await queuedWith(elsewhere.body.id)).toEqual([]);
  });

  it('warns on a lead that creates a new person who is probably known', async () => {
    const lead = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'website',
      person: {
        firstName: 'Ivan',
        middleName: 'Petrovich',
        lastName: 'Sokolov',
        gender: 'male',
        phones: [{ number: '+7 926 000 11 22' }],
      },
    });
    expect(lead.status).toBe(201);
    expect(lead.body.customerCreated).toBe(true);
    expect(lead.body.possibleDuplicates.map((d: { id: string }) => d.id)).toContain(ivan);
    expect(await queuedWith(lead.body.customerId)).toContainEqual({ other: ivan, status: 'open' });
  });

  it('warns the reception at the showroom log, and queues the pair', async () => {
    // the log takes a name and a phone only: a rare name on file is what it can go by
    const known = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Евлампий',
      lastName: 'Шереметьевский',
      phones: [{ number: '+7 916 301 44 55' }],
    });
    expect(known.status).toBe(201);
    const logged = await apiAs(world, 'callCenterA').post('/api/leads/showroom', {
      mode: 'phone',
      name: 'Евлампий Шереметьевский',
      phone: '+7 926 000 11 23',
      model: 'X5',
    });
    expect(logged.status).toBe(201);
    expect(logged.body.customerCreated).toBe(true);
    expect(logged.body.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([
      known.body.id,
    ]);
    expect(await queuedWith(logged.body.customerId)).toEqual([
      { other: known.body.id, status: 'open' },
    ]);
  });

  it('takes the review threshold from the quality settings, for the warning and the queue alike', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const before = (await steward.get('/api/quality/settings')).body;
    const raised = await steward.patch('/api/quality/settings', {
      ...before,
      reviewLower: 0.999,
      reviewUpper: 1,
    });
    expect(raised.status).toBe(200);
    try {
      const lead = await apiAs(world, 'consultantA1').post('/api/leads', {
        source: 'website',
        person: {
          firstName: 'Ivan',
          middleName: 'Petrovich',
          lastName: 'Sokolov',
          gender: 'male',
          phones: [{ number: '+7 926 000 11 24' }],
        },
      });
      expect(lead.status).toBe(201);
      // Ivan on file (Cyrillic, other details) falls below the raised threshold; only the
      // earlier lead's person, typed exactly the same, stays above it
      const flagged = lead.body.possibleDuplicates as { id: string; probability: number }[];
      expect(flagged.map((d) => d.id)).not.toContain(ivan);
      expect(flagged.every((d) => d.probability >= 0.999)).toBe(true);
      const queued = await queuedWith(lead.body.customerId);
      expect(queued.map((pair) => pair.other).sort()).toEqual(flagged.map((d) => d.id).sort());
    } finally {
      await steward.patch('/api/quality/settings', before);
    }
  });

  it('finds the namesake with the same phone among more namesakes than it reads', async () => {
    // 200 people named Sergey Petrov at dealer A, more than the 50 candidates a check reads;
    // the one with the phone typed in again must not be cut by that limit
    const names = { kind: 'person' as const, firstName: 'Сергей', lastName: 'Петров' };
    await withActor(world.database.db, systemActor('test'), async (tx) => {
      const namesakes = await tx
        .insertInto('customers')
        .values(
          Array.from({ length: 200 }, (_, i) => ({
            kind: 'person' as const,
            first_name: names.firstName,
            last_name: names.lastName,
            display_name: 'Петров Сергей',
            sort_key: 'петров сергей',
            search_text: searchText(names),
            birth_date: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
          })),
        )
        .returning('id')
        .execute();
      await tx
        .insertInto('customer_dealers')
        .values(namesakes.map((row) => ({ customer_id: row.id, dealer_id: world.dealers.A.id })))
        .execute();
    });
    const known = await apiAs(world, 'managerA').post('/api/customers', {
      ...names,
      birthDate: '1971-11-03',
      phones: [{ number: '+7 915 204 66 81' }],
    });
    expect(known.status).toBe(201);
    const again = await apiAs(world, 'consultantA1').post('/api/customers', {
      ...names,
      phones: [{ number: '8 915 204-66-81' }],
    });
    expect(again.status).toBe(201);
    expect(again.body.possibleDuplicates[0]).toMatchObject({ id: known.body.id });
  });
});
