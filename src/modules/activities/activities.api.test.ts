import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

describe('a consultant works his day: contacts, follow-ups and tasks', () => {
  let world: TestWorld;
  let customerId: string;
  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: 'Олег',
      lastName: 'Петров',
      phones: [{ number: '+7 916 555 11 22' }],
    });
    customerId = created.body.id;
  });
  afterAll(async () => world.close());

  it('logs a showroom visit with a next contact, which becomes a follow-up task', async () => {
    const api = apiAs(world, 'consultantA1');
    const nextContact = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const logged = await api.post('/api/activities', {
      customerId,
      channel: 'visit',
      direction: 'inbound',
      subject: 'Showroom visit, looked at the Coolray',
      outcome: 'interested',
      nextContactAt: nextContact,
      nextContactPlan: 'Invite to a test drive',
    });
    expect(logged.status).toBe(201);
    expect(logged.body.taskId).toEqual(expect.any(String));
    const task = await api.get(`/api/tasks/${logged.body.taskId}`);
    expect(task.body).toMatchObject({
      kind: 'follow_up',
      title: 'Invite to a test drive',
      status: 'open',
      assignee: { id: world.users.consultantA1.id },
      customer: { id: customerId, displayName: 'Петров Олег' },
    });
    const history = await api.get(`/api/activities?customerId=${customerId}`);
    expect(history.body.items[0]).toMatchObject({
      channel: 'visit',
      outcome: 'interested',
      nextContactPlan: 'Invite to a test drive',
    });
  });

  it('refuses a next contact before the contact itself, naming the field', async () => {
    const answer = await apiAs(world, 'consultantA1').post('/api/activities', {
      customerId,
      channel: 'call',
      direction: 'outbound',
      occurredAt: '2026-01-10T10:00:00Z',
      nextContactAt: '2026-01-09T10:00:00Z',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('nextContactAt');
  });

  it('shows overdue and today’s tasks in My day, in the dealer’s time zone', async () => {
    const api = apiAs(world, 'consultantA1');
    await api.post('/api/tasks', {
      customerId,
      title: 'Overdue call',
      dueAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    const dueLater = new Date(Date.now() + 60_000).toISOString();
    const today = await api.post('/api/tasks', {
      customerId,
      title: 'Call today',
      kind: 'call',
      dueAt: dueLater,
      priority: 'high',
    });
    const day = await api.get('/api/tasks/my-day');
    expect(day.status).toBe(200);
    expect(day.body.timezone).toBe('Europe/Moscow');
    expect(day.body.overdue.map((t: { title: string }) => t.title)).toEqual(['Overdue call']);
    // "today" ends at local midnight, so a task due a minute from now may fall into tomorrow
    // only in the last minute of the day
    const todayTitles = day.body.today.map((t: { title: string }) => t.title);
    expect(todayTitles.length === 0 || todayTitles.includes('Call today')).toBe(true);
    const other = await apiAs(world, 'consultantA2').get('/api/tasks/my-day');
    expect(other.body.overdue).toEqual([]);

    const done = await api.post(`/api/tasks/${today.body.id}/complete`, {
      result: 'Agreed on a test drive on Saturday',
      outcome: 'appointment',
      nextStep: {
        title: 'Test drive',
        kind: 'test_drive',
        dueAt: new Date(Date.now() + 4 * 86_400_000).toISOString(),
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.nextTaskId).toEqual(expect.any(String));
    const closed = await api.get(`/api/tasks/${today.body.id}`);
    expect(closed.body).toMatchObject({
      status: 'done',
      result: 'Agreed on a test drive on Saturday',
    });
    const view = await api.get(`/api/customers/${customerId}`);
    expect(view.body.timeline[0]).toMatchObject({
      kind: 'task',
      title: 'Call today',
      outcome: 'done',
    });
    expect(view.body.timeline[1]).toMatchObject({
      kind: 'activity',
      channel: 'call',
      outcome: 'appointment',
    });
    expect(view.body.openTasks.map((t: { title: string }) => t.title)).toContain('Test drive');

    const again = await api.post(`/api/tasks/${today.body.id}/complete`, { result: 'twice' });
    expect(again.status).toBe(400);
  });

  it('needs a result to close a task', async () => {
    const api = apiAs(world, 'consultantA1');
    const task = await api.post('/api/tasks', {
      customerId,
      title: 'Send brochure',
      kind: 'email',
      dueAt: new Date().toISOString(),
    });
    const answer = await api.post(`/api/tasks/${task.body.id}/complete`, { result: '  ' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0].path).toBe('result');
  });

  it('lets a manager give tasks to his consultants but not a consultant to a colleague', async () => {
    const manager = apiAs(world, 'managerA');
    const given = await manager.post('/api/tasks', {
      customerId,
      title: 'Call back about the price',
      dueAt: new Date().toISOString(),
      assigneeUserId: world.users.consultantA2.id,
    });
    expect(given.status).toBe(201);
    const toOtherDealer = await manager.post('/api/tasks', {
      title: 'x',
      dueAt: new Date().toISOString(),
      assigneeUserId: world.users.consultantB1.id,
    });
    expect(toOtherDealer.status).toBe(400);
    expect(toOtherDealer.body.error.fields[0].path).toBe('assigneeUserId');
    const consultant = apiAs(world, 'consultantA1');
    const refused = await consultant.post('/api/tasks', {
      title: 'x',
      dueAt: new Date().toISOString(),
      assigneeUserId: world.users.consultantA2.id,
    });
    expect(refused.status).toBe(403);
    const notHis = await consultant.post(`/api/tasks/${given.body.id}/complete`, {
      result: 'done by someone else',
    });
    expect(notHis.status).toBe(403);
  });

  it('pages through the timeline without gaps or repeats', async () => {
    const api = apiAs(world, 'consultantA1');
    for (let i = 0; i < 7; i++) {
      await api.post('/api/activities', {
        customerId,
        channel: 'sms',
        direction: 'outbound',
        subject: `sms ${i}`,
        occurredAt: '2025-05-05T10:00:00Z',
      });
    }
    const all = (await api.get(`/api/customers/${customerId}/timeline?limit=200`)).body.items as {
      id: string;
      at: string;
    }[];
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = (await api.get(`/api/customers/${customerId}/timeline?limit=3${cursor}`)).body
        .items as { id: string; at: string }[];
      if (!page.length) break;
      seen.push(...page.map((entry) => entry.id));
      const last = page[page.length - 1]!;
      cursor = `&before=${encodeURIComponent(last.at)}&beforeId=${last.id}`;
    }
    expect(seen).toEqual(all.map((entry) => entry.id));
  });
});
