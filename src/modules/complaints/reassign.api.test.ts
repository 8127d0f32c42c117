import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * The dealer's manager took a complaint in and hands it to the service advisor who knows the
 * car: the advisor now handles it and finds the handling task in his day. A colleague who
 * neither handles it nor directs others cannot take it over, dealer B sees nothing, and a
 * closed complaint is handed to nobody.
 */
describe('handing a complaint to another person', () => {
  let world: TestWorld;
  let customerId: string;
  let complaintId: string;

  const open = async (subject: string) => {
    const answer = await apiAs(world, 'managerA').post('/api/complaints', {
      customerId,
      channel: 'phone',
      category: 'service_quality',
      severity: 'medium',
      subject,
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  beforeAll(async () => {
    world = await createTestWorld();
    const customer = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Олег',
      lastName: 'Миронов',
      phones: [{ number: '+7 916 555 41 60' }],
      dealerCode: 'A',
    });
    customerId = customer.body.id;
    complaintId = await open('Car returned dirty');
  });
  afterAll(async () => world.close());

  it('moves the complaint and its open handling task to the new person, with a history entry', async () => {
    const manager = apiAs(world, 'managerA');
    const before = await manager.get(`/api/complaints/${complaintId}`);
    expect(before.body.responsible).toMatchObject({ id: world.users.managerA.id });
    const answer = await manager.put(`/api/complaints/${complaintId}/responsible`, {
      responsibleUserId: world.users.advisorA.id,
      note: 'He did the repair',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.responsible).toMatchObject({ id: world.users.advisorA.id });
    expect(answer.body.taskId).toBe(before.body.taskId);
    const handover = answer.body.events.at(-1);
    expect(handover).toMatchObject({ kind: 'reassigned', toStatus: null });
    expect(handover.note).toContain('He did the repair');
    const task = await apiAs(world, 'advisorA').get(`/api/tasks/${answer.body.taskId}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ status: 'open', assignee: { id: world.users.advisorA.id } });
  });

  it('lets the person handling it hand it on, but not a colleague who neither handles nor directs', async () => {
    const stranger = await apiAs(world, 'consultantA2').put(
      `/api/complaints/${complaintId}/responsible`,
      { responsibleUserId: world.users.consultantA2.id },
    );
    expect(stranger.status).toBe(403);
    const handler = await apiAs(world, 'advisorA').put(
      `/api/complaints/${complaintId}/responsible`,
      { responsibleUserId: world.users.consultantA1.id },
    );
    expect(handler.status).toBe(200);
    expect(handler.body.responsible).toMatchObject({ id: world.users.consultantA1.id });
  });

  it('names the field on bad input: missing, someone of another dealer, the same person', async () => {
    const manager = apiAs(world, 'managerA');
    const url = `/api/complaints/${complaintId}/responsible`;
    const missing = await manager.put(url, { note: 'x' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error)).toContain('responsibleUserId');
    const foreign = await manager.put(url, { responsibleUserId: world.users.advisorB.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toEqual([
      expect.objectContaining({ path: 'responsibleUserId', code: 'unknown_user' }),
    ]);
    const same = await manager.put(url, { responsibleUserId: world.users.consultantA1.id });
    expect(same.status).toBe(400);
    expect(same.body.error.fields[0]).toMatchObject({
      path: 'responsibleUserId',
      code: 'unchanged',
    });
  });

  it('is a 404 for dealer B, whose manager changes nothing', async () => {
    const answer = await apiAs(world, 'managerB').put(
      `/api/complaints/${complaintId}/responsible`,
      { responsibleUserId: world.users.advisorB.id },
    );
    expect(answer.status).toBe(404);
    const after = await apiAs(world, 'managerA').get(`/api/complaints/${complaintId}`);
    expect(after.body.responsible).toMatchObject({ id: world.users.consultantA1.id });
  });

  it('gives the new person a fresh task when the old one was finished already', async () => {
    const manager = apiAs(world, 'managerA');
    const id = await open('Wrong invoice');
    const complaint = await manager.get(`/api/complaints/${id}`);
    const done = await manager.post(`/api/tasks/${complaint.body.taskId}/complete`, {
      result: 'Called the owner',
    });
    expect(done.status).toBe(200);
    const answer = await manager.put(`/api/complaints/${id}/responsible`, {
      responsibleUserId: world.users.advisorA.id,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.taskId).not.toBe(complaint.body.taskId);
    const task = await apiAs(world, 'advisorA').get(`/api/tasks/${answer.body.taskId}`);
    expect(task.body).toMatchObject({ status: 'open', assignee: { id: world.users.advisorA.id } });
    expect(task.body.title).toContain(`#${complaint.body.number}`);
  });

  it('hands a resolved complaint to nobody (409)', async () => {
    const manager = apiAs(world, 'managerA');
    const id = await open('Lost hubcap');
    await manager.post(`/api/complaints/${id}/actions`, { action: 'investigate' });
    const resolved = await manager.post(`/api/complaints/${id}/actions`, {
      action: 'resolve',
      note: 'Hubcap replaced',
    });
    expect(resolved.body.status).toBe('resolved');
    const answer = await manager.put(`/api/complaints/${id}/responsible`, {
      responsibleUserId: world.users.advisorA.id,
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.fields[0]).toMatchObject({ code: 'not_active' });
  });
});
