import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { captureLead } from './capture.service.ts';
import { escalateOverdueTasks } from './follow-up.ts';
import { leadFunnelBySource, moveLeadStage } from './pipeline.service.ts';

const inMonths = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

describe('prospects from the showroom to the order', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  const tasksOfLead = async (leadId: string) =>
    world.database.db
      .selectFrom('lead_tasks as lt')
      .innerJoin('tasks as t', 't.id', 'lt.task_id')
      .select(['t.id', 't.title', 't.due_at', 't.assignee_user_id', 't.status', 'lt.purpose'])
      .where('lt.lead_id', '=', leadId)
      .orderBy('t.created_at')
      .execute();

  it('a consultant enters a prospect: the lead is his, hot, on his board, with a first-contact task', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'own_prospecting',
      person: {
        firstName: 'Олег',
        lastName: 'Смирнов',
        gender: 'male',
        phones: [{ number: '8 916 111-22-33' }],
      },
      vehicles: [{ make: 'Xcar', model: 'X3' }],
      intendedPurchaseDate: inMonths(2),
      budgetMinor: 450_000_000,
      currency: 'RUB',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerCreated: true,
      leadCreated: true,
      dealerId: world.dealers.A.id,
      assignedUserId: world.users.consultantA1.id,
    });
    const lead = await api.get(`/api/leads/${created.body.leadId}`);
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({
      stage: 'new',
      temperature: 'hot',
      qualified: false,
      missing: ['currentCar', 'lastContactAndNextPlan'],
      budget: { minor: 450_000_000, currency: 'RUB' },
      brandCode: 'X',
      customer: { displayName: 'Смирнов Олег', phone: '+79161112233' },
    });
    expect(lead.body.history).toEqual([
      expect.objectContaining({ fromStage: null, toStage: 'new' }),
    ]);
    expect(lead.body.openTasks).toHaveLength(1);

    const board = await api.get('/api/leads/board?assignee=me');
    const column = board.body.columns.find((c: { stage: string }) => c.stage === 'new');
    expect(column.items.map((item: { id: string }) => item.id)).toContain(created.body.leadId);

    // he fills in the missing fields: now the prospect is qualified
    const patched = await api.patch(`/api/leads/${created.body.leadId}`, {
      currentCar: { make: 'Lada', model: 'Vesta', year: 2018 },
      lastContactResult: 'Wants the X3 in white, trade-in of the Vesta',
      nextContactPlan: 'Invite to a test drive',
      nextContactAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ qualified: true, missing: [] });
    const tasks = await tasksOfLead(created.body.leadId);
    expect(tasks.map((task) => task.purpose)).toEqual(['first_contact', 'next_contact']);
    expect(tasks[1]).toMatchObject({ title: 'Invite to a test drive' });

    // the same instant written with an offset is no new plan; a moved plan replaces the old task
    const planned = new Date(patched.body.nextContactAt as string);
    const sameInMoscow = new Date(planned.getTime() + 3 * 3_600_000)
      .toISOString()
      .replace('Z', '+03:00');
    const same = await api.patch(`/api/leads/${created.body.leadId}`, {
      nextContactAt: sameInMoscow,
    });
    expect(same.status).toBe(200);
    const moved = new Date(planned.getTime() + 86_400_000).toISOString();
    const later = await api.patch(`/api/leads/${created.body.leadId}`, { nextContactAt: moved });
    expect(later.status).toBe(200);
    const replanned = await tasksOfLead(created.body.leadId);
    expect(replanned.map((task) => [task.purpose, task.status])).toEqual([
      ['first_contact', 'open'],
      ['next_contact', 'cancelled'],
      ['next_contact', 'open'],
    ]);
    expect(replanned[2]!.due_at.toISOString()).toBe(moved);

    const qualified = await api.get('/api/leads?qualified=true&temperature=hot');
    expect(qualified.body.items.map((item: { id: string }) => item.id)).toEqual([
      created.body.leadId,
    ]);
  });

  it('a consultant changes the budget on the lead page; a wrong one is named by its field and nothing is written', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'own_prospecting',
      person: {
        firstName: 'Бюджет',
        lastName: 'Менялов',
        phones: [{ number: '+7 916 111-22-90' }],
      },
      vehicles: [{ make: 'Xcar', model: 'X5' }],
    });
    expect(created.status).toBe(201);
    const url = `/api/leads/${created.body.leadId}`;
    expect((await api.get(url)).body.budget).toBeNull();

    const set = await api.patch(url, { budget: { minor: 650_000_000, currency: 'cny' } });
    expect(set.status).toBe(200);
    expect(set.body.budget).toEqual({ minor: 650_000_000, currency: 'CNY' });

    const refusals = [
      [{ budget: { minor: 100, currency: null } }, 'budget.currency', 'required'],
      [{ budget: { minor: 100, currency: 'ABC' } }, 'budget.currency', 'unknown_currency'],
      [{ budget: { minor: -5, currency: 'RUB' } }, 'budget.minor', 'too_small'],
      [{ budget: { minor: 1.5, currency: 'RUB' } }, 'budget.minor', 'invalid_type'],
    ] as const;
    for (const [body, path, code] of refusals) {
      const answer = await api.patch(url, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.fields).toEqual([expect.objectContaining({ path, code })]);
    }
    expect((await api.get(url)).body.budget).toEqual({ minor: 650_000_000, currency: 'CNY' });

    // another dealer's consultant neither sees nor changes it
    const other = await apiAs(world, 'consultantB1').patch(url, {
      budget: { minor: 1, currency: 'RUB' },
    });
    expect(other.status).toBe(404);
    // other changes leave it alone; null clears it
    await api.patch(url, { lastContactResult: 'Called, thinking' });
    expect((await api.get(url)).body.budget).toEqual({ minor: 650_000_000, currency: 'CNY' });
    const cleared = await api.patch(url, { budget: null });
    expect(cleared.body.budget).toBeNull();
  });

  it('the reception logs a walk-in in one short form; a consultant on duty gets it, called tomorrow', async () => {
    await world.database.db
      .updateTable('users')
      .set({ on_duty: false })
      .where('id', '=', world.users.consultantA1.id)
      .execute();
    const logged = await apiAs(world, 'callCenterA').post('/api/leads/showroom', {
      mode: 'walk-in',
      name: 'Анна Кузнецова',
      phone: '+7 903 555 00 11',
      model: 'X5',
    });
    expect(logged.status).toBe(201);
    expect(logged.body.assignedUserId).toBe(world.users.consultantA2.id);
    const [task] = await tasksOfLead(logged.body.leadId);
    expect(task).toMatchObject({
      purpose: 'showroom_follow_up',
      assignee_user_id: world.users.consultantA2.id,
    });
    // tomorrow at 10:00 in Moscow
    const due = new Date(task!.due_at);
    expect(due.getUTCHours()).toBe(7);
    expect(due.getTime() - Date.now()).toBeGreaterThan(0);
    expect(due.getTime() - Date.now()).toBeLessThan(2 * 86_400_000);
    const activities = await world.database.db
      .selectFrom('activities')
      .select(['channel', 'direction'])
      .where('customer_id', '=', logged.body.customerId)
      .execute();
    expect(activities).toEqual([{ channel: 'visit', direction: 'inbound' }]);
    await world.database.db
      .updateTable('users')
      .set({ on_duty: true })
      .where('id', '=', world.users.consultantA1.id)
      .execute();
  });

  it('a lost lead needs its reason; the first move out of "new" records the first response', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'referral',
      person: { lastName: 'Волков', phones: [{ number: '+79031110001' }] },
    });
    const leadId = created.body.leadId;
    const noReason = await api.post(`/api/leads/${leadId}/stage`, { stage: 'lost' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([expect.objectContaining({ path: 'lostReason' })]);
    const contacted = await api.post(`/api/leads/${leadId}/stage`, { stage: 'contacted' });
    expect(contacted.status).toBe(200);
    expect(contacted.body.firstResponseAt).toEqual(expect.any(String));
    const lost = await api.post(`/api/leads/${leadId}/stage`, {
      stage: 'lost',
      lostReason: 'bought_competitor',
      competitorMake: 'Zcar',
      competitorModel: 'Z9',
    });
    expect(lost.body).toMatchObject({
      stage: 'lost',
      lost: { reason: 'bought_competitor', competitorMake: 'Zcar', competitorModel: 'Z9' },
    });
    expect(lost.body.history.map((h: { toStage: string }) => h.toStage)).toEqual([
      'new',
      'contacted',
      'lost',
    ]);
    // its follow-up is cancelled with it
    expect((await tasksOfLead(leadId)).map((task) => task.status)).toEqual(['cancelled']);
  });

  it('closing a lead task needs its result and the next step, which become the lead’s', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'website',
      person: { lastName: 'Новиков', phones: [{ number: '+79031110006' }] },
    });
    const leadId = created.body.leadId;
    const [task] = (await api.get(`/api/leads/${leadId}`)).body.openTasks;
    const withoutNext = await api.post(`/api/leads/${leadId}/tasks/${task.id}/complete`, {
      result: 'Reached him, wants an offer',
    });
    expect(withoutNext.status).toBe(400);
    expect(withoutNext.body.error.fields).toEqual([expect.objectContaining({ path: 'nextStep' })]);

    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const done = await api.post(`/api/leads/${leadId}/tasks/${task.id}/complete`, {
      result: 'Reached him, wants an offer',
      outcome: 'interested',
      nextStep: { title: 'Send the offer for the X5', dueAt },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      lastContactResult: 'Reached him, wants an offer',
      nextContactPlan: 'Send the offer for the X5',
      nextContactAt: dueAt,
      openTasks: [expect.objectContaining({ title: 'Send the offer for the X5' })],
    });
    // the call was logged as an outbound contact: the first response is on record
    expect(done.body.firstResponseAt).toEqual(expect.any(String));
  });

  it('My day closes a lead task by the same rules: next step required, the lead updated', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'website',
      person: { lastName: 'Тарасов', phones: [{ number: '+79031110016' }] },
    });
    const leadId = created.body.leadId;
    const [task] = (await api.get(`/api/leads/${leadId}`)).body.openTasks;
    const withoutNext = await api.post(`/api/tasks/${task.id}/complete`, {
      result: 'Called back',
    });
    expect(withoutNext.status).toBe(400);
    expect(withoutNext.body.error.fields).toEqual([expect.objectContaining({ path: 'nextStep' })]);
    expect((await api.get(`/api/leads/${leadId}`)).body.openTasks).toHaveLength(1);

    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const done = await api.post(`/api/tasks/${task.id}/complete`, {
      result: 'Called back, comes on Saturday',
      nextStep: { title: 'Meet in the showroom', dueAt },
    });
    expect(done.status).toBe(200);
    const lead = (await api.get(`/api/leads/${leadId}`)).body;
    expect(lead).toMatchObject({
      lastContactResult: 'Called back, comes on Saturday',
      nextContactPlan: 'Meet in the showroom',
      openTasks: [expect.objectContaining({ id: done.body.nextTaskId })],
    });
  });

  it('an attended test drive does not pull back a lead at the offer; the consultant may', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'key_accounts',
      person: { lastName: 'Павлов', phones: [{ number: '+79031110007' }] },
    });
    const leadId = created.body.leadId;
    await api.post(`/api/leads/${leadId}/stage`, { stage: 'offer' });
    await moveLeadStage(world.database.db, systemActor('test'), leadId, 'test_drive');
    expect((await api.get(`/api/leads/${leadId}`)).body.stage).toBe('offer');
    const back = await api.post(`/api/leads/${leadId}/stage`, { stage: 'test_drive' });
    expect(back.body.stage).toBe('test_drive');
  });

  it('a call to the person counts as the first response', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/leads', {
      source: 'telemarketing',
      person: { lastName: 'Зайцев', phones: [{ number: '+79031110002' }] },
    });
    await api.post('/api/activities', {
      customerId: created.body.customerId,
      channel: 'call',
      direction: 'outbound',
      outcome: 'reached',
    });
    const lead = await api.get(`/api/leads/${created.body.leadId}`);
    expect(lead.body.firstResponseAt).toEqual(expect.any(String));
    expect(lead.body.stage).toBe('new');
  });

  it('a brand-site lead is routed by postcode to a dealer at once, with a 30-minute call task', async () => {
    const rule = await apiAs(world, 'admin').post('/api/lead-routing-rules', {
      position: 10,
      name: 'Moscow south to B',
      brandCode: 'X',
      postcodePrefixes: ['115'],
      dealerCode: 'B',
    });
    expect(rule.status).toBe(201);
    const captured = await captureLead(world.database.db, systemActor('test'), {
      source: 'website',
      brandCode: 'X',
      person: {
        kind: 'person',
        lastName: 'Морозов',
        phones: [{ number: '+79031110003' }],
        emails: [],
        postcode: '115 280',
      },
    });
    expect(captured).toMatchObject({
      dealerId: world.dealers.B.id,
      assignedUserId: world.users.consultantB1.id,
    });
    const [task] = await tasksOfLead(captured.leadId);
    const minutes = (new Date(task!.due_at).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(25);
    expect(minutes).toBeLessThanOrEqual(30);

    // elsewhere, no rule matches and nobody knows him: the lead waits unrouted for the group
    const unrouted = await captureLead(world.database.db, systemActor('test'), {
      source: 'website',
      brandCode: 'X',
      person: {
        kind: 'person',
        lastName: 'Лебедев',
        phones: [{ number: '+79031110004' }],
        emails: [],
      },
    });
    expect(unrouted.dealerId).toBeNull();
  });

  it('overdue lead tasks escalate once to the dealer’s CRM manager', async () => {
    const later = new Date(Date.now() + 5 * 86_400_000);
    const first = await escalateOverdueTasks(world.database.db, later);
    expect(first).toBeGreaterThan(0);
    expect(await escalateOverdueTasks(world.database.db, later)).toBe(0);
    const escalations = await world.database.db
      .selectFrom('tasks')
      .select(['assignee_user_id', 'priority', 'dealer_id'])
      .where('title', 'like', 'Overdue lead task:%')
      .execute();
    expect(escalations).toHaveLength(first);
    const forA = escalations.filter((task) => task.dealer_id === world.dealers.A.id);
    expect(forA.length).toBeGreaterThan(0);
    expect(new Set(forA.map((task) => task.assignee_user_id))).toEqual(
      new Set([world.users.crmA.id]),
    );
  });

  it('a dealer manager hands a prospect over to another dealer, and the new owner works him', async () => {
    const created = await apiAs(world, 'consultantA1').post('/api/leads', {
      source: 'referral',
      person: { lastName: 'Соколов', phones: [{ number: '+79031110005' }] },
    });
    const leadId = created.body.leadId;
    expect((await apiAs(world, 'consultantB1').get(`/api/leads/${leadId}`)).status).toBe(404);
    const refused = await apiAs(world, 'consultantB1').post('/api/leads', {
      source: 'showroom',
      brandCode: 'X',
      person: { lastName: 'Соколов', phones: [{ number: '+79031110005' }] },
    });
    expect(refused.status).toBe(409);

    const moved = await apiAs(world, 'managerA').post(`/api/leads/${leadId}/transfer`, {
      dealerCode: 'B',
      reason: 'Moved to the other side of town',
    });
    expect(moved.status).toBe(204);
    const atB = await apiAs(world, 'consultantB1').get(`/api/leads/${leadId}`);
    expect(atB.status).toBe(200);
    expect(atB.body.assignee).toMatchObject({ id: world.users.consultantB1.id });
    const handovers = await world.database.db
      .selectFrom('lead_handovers')
      .select(['from_dealer_id', 'to_dealer_id', 'reason'])
      .where('lead_id', '=', leadId)
      .execute();
    expect(handovers).toEqual([
      {
        from_dealer_id: world.dealers.A.id,
        to_dealer_id: world.dealers.B.id,
        reason: 'Moved to the other side of town',
      },
    ]);
    const audit = await world.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id'])
      .where('table_name', '=', 'lead_handovers')
      .execute();
    expect(audit).toEqual([{ actor_user_id: world.users.managerA.id }]);
  });

  it('another dealer may claim a person only once his owner has stopped working him', async () => {
    const api = apiAs(world, 'managerB');
    // Новиков has an open lead at A: A must hand him over itself
    const busy = await api.post('/api/leads/claim', {
      phone: '+7 903 111-00-06',
      brandCode: 'X',
      reason: 'He called us',
    });
    expect(busy.status).toBe(409);
    // Волков's lead at A was lost: B may take him, and then work him
    const claimed = await api.post('/api/leads/claim', {
      phone: '+7 903 111-00-01',
      brandCode: 'X',
      reason: 'Came to our showroom a year later',
    });
    expect(claimed.status).toBe(200);
    const captured = await apiAs(world, 'consultantB1').post('/api/leads', {
      source: 'showroom',
      brandCode: 'X',
      person: { lastName: 'Волков', phones: [{ number: '+79031110001' }] },
    });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({
      customerId: claimed.body.customerId,
      customerCreated: false,
      dealerId: world.dealers.B.id,
    });
  });

  it('the funnel by source counts leads and deliveries for the conquest plan', async () => {
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const keyAccount = await world.database.db
      .selectFrom('leads')
      .select('id')
      .where('source_key', '=', 'key_accounts')
      .executeTakeFirstOrThrow();
    await moveLeadStage(world.database.db, systemActor('test'), keyAccount.id, 'delivered');
    const rows = await leadFunnelBySource(world.database.db, systemActor('test'), { from, to });
    expect(rows.find((row) => row.source === 'key_accounts')).toEqual({
      source: 'key_accounts',
      leads: 1,
      delivered: 1,
    });
    expect(rows.find((row) => row.source === 'referral')).toEqual({
      source: 'referral',
      leads: 2,
      delivered: 0,
    });
    expect(rows.find((row) => row.source === 'purchased_data')).toEqual({
      source: 'purchased_data',
      leads: 0,
      delivered: 0,
    });
    const forB = await apiAs(world, 'managerB').get(
      `/api/leads/funnel?from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    expect(forB.status).toBe(200);
    expect(forB.body.items.find((row: { source: string }) => row.source === 'website')).toEqual({
      source: 'website',
      leads: 1,
      delivered: 0,
    });
  });

  it('group admins add lead sources; a consultant may not', async () => {
    const source = {
      key: 'auto_show',
      nameEn: 'Auto show',
      nameRu: 'Автосалон-выставка',
      nameZh: '车展',
    };
    expect((await apiAs(world, 'consultantA1').post('/api/lead-sources', source)).status).toBe(403);
    expect((await apiAs(world, 'admin').post('/api/lead-sources', source)).status).toBe(201);
    const list = await apiAs(world, 'consultantA1').get('/api/lead-sources');
    expect(list.body.items).toHaveLength(14);
    expect(list.body.items[0]).toEqual({
      key: 'showroom',
      names: { en: 'Showroom', ru: 'Шоурум', zh: '展厅' },
      active: true,
    });
  });
});
