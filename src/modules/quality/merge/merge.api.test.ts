import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type Api, type TestWorld } from '../../../testing/test-world.ts';

async function waitForRun(api: Api) {
  const started = await api.post('/api/quality/duplicate-runs');
  expect(started.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const run = await api.get(`/api/quality/duplicate-runs/${started.body.id}`);
    if (run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the duplicate run did not finish');
}

/**
 * Ivan Sokolov bought at dealer A (and said yes to SMS); later he left his details at dealer B
 * with a second number, his job, and an old "no SMS". The steward merges the two records: one
 * Ivan keeps both numbers, both dealers, his job and the stricter "no SMS"; the old record's
 * link answers with the survivor. Then he undoes it, and finally lets the automatic merge do it.
 */
describe('a data steward merges two records of one person and can undo it', () => {
  let world: TestWorld;
  let ivanA: string;
  let ivanB: string;
  const pair = () => (ivanA < ivanB ? `${ivanA}/${ivanB}` : `${ivanB}/${ivanA}`);
  const currentSms = async (id: string) => {
    const rows = await sql<{ status: string }>`
      select status from customer_consent_current
       where customer_id = ${id} and channel = 'sms' and purpose = 'marketing'`.execute(
      world.database.db,
    );
    return rows.rows[0]?.status;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const a = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      lifecycleStage: 'owner',
      firstName: 'Иван',
      lastName: 'Соколов',
      birthDate: '1985-04-12',
      phones: [{ number: '8 (916) 482-17-39' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }],
      consents: [
        {
          channel: 'sms',
          status: 'granted',
          method: 'signed_form',
          effectiveAt: '2026-01-10T10:00:00+03:00',
        },
      ],
    });
    expect(a.status).toBe(201);
    ivanA = a.body.id;
    const b = await apiAs(world, 'managerB').post('/api/customers', {
      kind: 'person',
      firstName: 'Ivan',
      lastName: 'Sokolov',
      birthDate: '1985-04-12',
      occupation: 'engineer',
      phones: [{ number: '+7 916 482 17 39' }, { number: '+7 903 111 22 33' }],
      emails: [{ address: 'ivan.sokolov@mail.ru' }, { address: 'sokolov85@yandex.ru' }],
      consents: [
        {
          channel: 'sms',
          status: 'withdrawn',
          method: 'verbal',
          effectiveAt: '2025-06-01T10:00:00+03:00',
        },
      ],
    });
    expect(b.status).toBe(201);
    ivanB = b.body.id;
    expect(await currentSms(ivanA)).toBe('granted');
    await waitForRun(apiAs(world, 'stewardGroup'));
  });
  afterAll(async () => world?.close());

  it('merges: everything of both on the survivor, the strictest consent, the loser redirects', async () => {
    const steward = apiAs(world, 'stewardGroup');
    // the region steward of China does not see these people: the pair does not exist for him
    const foreign = await apiAs(world, 'stewardR2').post(
      `/api/quality/duplicates/${pair()}/merge`,
      { survivorId: ivanA },
    );
    expect(foreign.status).toBe(404);

    const merged = await steward.post(`/api/quality/duplicates/${pair()}/merge`, {
      survivorId: ivanA,
    });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ survivorId: ivanA, loserId: ivanB, automatic: false });
    expect(merged.body.fields).toContainEqual({
      field: 'occupation',
      from: 'loser',
      rule: 'most_complete',
    });
    // the owner's verified name stays: "Иван", not the web form's "Ivan"
    expect(merged.body.fields.map((f: { field: string }) => f.field)).not.toContain('first_name');
    expect(merged.body.moved['customer_phones.customer_id']).toBe(1);

    const view = await steward.get(`/api/customers/${ivanA}`);
    expect(view.status).toBe(200);
    expect(view.body.profile.firstName).toBe('Иван');
    expect(view.body.profile.occupation).toBe('engineer');
    expect(view.body.phones.map((p: { e164: string }) => p.e164).sort()).toEqual([
      '+79031112233',
      '+79164821739',
    ]);
    expect(view.body.emails.map((e: { address: string }) => e.address).sort()).toEqual([
      'ivan.sokolov@mail.ru',
      'sokolov85@yandex.ru',
    ]);
    expect(view.body.phones.filter((p: { primary: boolean }) => p.primary)).toHaveLength(1);
    // he withdrew SMS at dealer B: that stays true for the merged record
    expect(await currentSms(ivanA)).toBe('withdrawn');

    // dealer B's manager now finds his customer as the survivor; the old link leads there
    const managerB = apiAs(world, 'managerB');
    const old = await managerB.get(`/api/customers/${ivanB}`);
    expect(old.status).toBe(308);
    expect(old.headers.location).toBe(`/api/customers/${ivanA}`);
    expect((await managerB.get(`/api/customers/${ivanA}`)).status).toBe(200);
    // the dealer C manager sees neither, not even through the old link
    expect((await apiAs(world, 'managerC').get(`/api/customers/${ivanB}`)).status).toBe(404);
    const list = await steward.get('/api/customers?search=Sokolov');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([ivanA]);

    const queue = await steward.get('/api/quality/duplicates');
    expect(queue.body.items).toEqual([]);
    const again = await steward.post(`/api/quality/duplicates/${pair()}/merge`, {});
    expect(again.status).toBe(409);
  });

  it('undoes the merge: both records as they were, the pair back in the queue', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const merges = await steward.get(`/api/quality/merges?customerId=${ivanB}`);
    expect(merges.body.items).toHaveLength(1);
    const undone = await steward.post(`/api/quality/merges/${merges.body.items[0].id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();

    const a = await steward.get(`/api/customers/${ivanA}`);
    expect(a.body.profile.occupation).toBeNull();
    expect(a.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+79164821739']);
    expect(await currentSms(ivanA)).toBe('granted');
    const b = await apiAs(world, 'managerB').get(`/api/customers/${ivanB}`);
    expect(b.status).toBe(200);
    expect(b.body.phones).toHaveLength(2);
    expect(await currentSms(ivanB)).toBe('withdrawn');
    const queue = await steward.get('/api/quality/duplicates');
    expect(queue.body.items).toHaveLength(1);
    expect((await steward.post(`/api/quality/merges/${merges.body.items[0].id}/undo`)).status).toBe(
      409,
    );

    // the merge and its undo are in the audit log under the steward's name, and so is every
    // row the merge moved (the second phone went to Ivan A and came back)
    const audit = await sql<{ table_name: string; action: string; actor_user_id: string }>`
      select table_name, action, actor_user_id from audit_log
       where (table_name = 'customer_merges' and record_id = ${merges.body.items[0].id})
          or (table_name = 'customer_phones' and action = 'update'
              and new_values ? 'customer_id')
       order by id`.execute(world.database.db);
    expect(audit.rows.map((row) => `${row.table_name} ${row.action}`).sort()).toEqual([
      'customer_merges insert',
      'customer_merges update',
      'customer_phones update',
      'customer_phones update',
    ]);
    const stewardId = world.users.stewardGroup.id;
    expect(audit.rows.every((row) => row.actor_user_id === stewardId)).toBe(true);
  });

  it('merges on its own above the upper threshold when the group enables it', async () => {
    const steward = apiAs(world, 'stewardGroup');
    const queue = await steward.get('/api/quality/duplicates');
    const probability: number = queue.body.items[0].probability;
    const settings = await steward.patch('/api/quality/settings', {
      reviewLower: Math.min(0.3, probability / 2),
      reviewUpper: probability - 0.0001,
      autoMerge: true,
    });
    expect(settings.status).toBe(200);
    const run = await waitForRun(steward);
    expect(run).toMatchObject({ status: 'done', autoMerged: 1 });
    const merges = await steward.get('/api/quality/merges');
    expect(merges.body.items[0]).toMatchObject({ automatic: true });
    expect([ivanA, ivanB]).toContain(merges.body.items[0].survivorId);
    // the owner (a verified record) survives when nobody chooses
    expect(merges.body.items[0].survivorId).toBe(ivanA);
  });
});
