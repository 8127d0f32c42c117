import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, testPassword, type TestWorld } from '../testing/test-world.ts';

describe('signing in, sessions, CSRF and API tokens', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    });

  it('stores passwords as argon2id hashes', async () => {
    const user = await world.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', world.users.crmA.email)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const answer = await login(world.users.crmA.email, 'wrong password');
    expect(answer.statusCode).toBe(401);
    expect(answer.json().error.code).toBe('invalid_credentials');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('signs in with a session cookie that scripts cannot read, and writes need the CSRF token', async () => {
    const answer = await login(world.users.crmA.email.toUpperCase(), testPassword, '10.0.0.2');
    expect(answer.statusCode).toBe(200);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/autocrm_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0]!;
    const { csrfToken, role, scope } = answer.json();
    expect({ role, scope }).toEqual({ role: 'crm_manager', scope: 'dealer' });

    const me = await world.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session },
    });
    expect(me.json()).toMatchObject({ email: world.users.crmA.email, csrfToken });

    const body = { kind: 'person', lastName: 'Csrf' };
    const forged = await world.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: session },
      payload: body,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');
    const wrong = await world.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: session, 'x-csrf-token': `${csrfToken}x` },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    const stored = await world.database.db
      .selectFrom('customers')
      .select('id')
      .where('last_name', '=', 'Csrf')
      .execute();
    expect(stored).toEqual([]);
    const real = await world.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: { cookie: session, 'x-csrf-token': csrfToken },
      payload: body,
    });
    expect(real.statusCode).toBe(201);

    const out = await world.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session, 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await world.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session },
    });
    expect(after.statusCode).toBe(401);
  });

  it('locks an account after 5 failed attempts in 15 minutes, even for the right password', async () => {
    const email = world.users.managerB.email;
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await login(email, 'guess', `10.1.0.${attempt}`)).statusCode).toBe(401);
    }
    const locked = await login(email, testPassword, '10.1.0.9');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
    expect(locked.headers['retry-after']).toBe('900');
  });

  it('throttles one address that tries many accounts', async () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      await login(`nobody${attempt}@test.autocrm`, 'guess', '10.9.9.9');
    }
    expect((await login(world.users.advisorB.email, testPassword, '10.9.9.9')).statusCode).toBe(
      429,
    );
    expect((await login(world.users.advisorB.email, testPassword, '10.9.9.10')).statusCode).toBe(
      200,
    );
    // Without TRUST_PROXY a forwarded-for header is not believed: no fresh address to hide behind.
    const forged = await world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: world.users.advisorB.email, password: testPassword },
      remoteAddress: '10.9.9.9',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(forged.statusCode).toBe(429);
  });

  it('answers 401 without credentials and with a bad token', async () => {
    expect((await world.app.inject({ method: 'GET', url: '/api/customers' })).statusCode).toBe(401);
    const bad = await world.app.inject({
      method: 'GET',
      url: '/api/customers',
      headers: { authorization: 'Bearer acrm_nonsense' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('unauthorized');
    expect((await world.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('creates, uses and revokes an API token; the secret is shown once', async () => {
    const api = apiAs(world, 'consultantA1');
    const created = await api.post('/api/auth/tokens', {
      name: 'import script',
      expiresInDays: 30,
    });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^acrm_/);
    const listed = await api.get('/api/auth/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const use = () =>
      world.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await use()).statusCode).toBe(200);
    expect((await api.delete(`/api/auth/tokens/${created.body.id}`)).status).toBe(204);
    expect((await use()).statusCode).toBe(401);
  });

  it('refuses what a role may not do with 403', async () => {
    const analyst = apiAs(world, 'analystGroup');
    const answer = await analyst.post('/api/customers', { kind: 'person', lastName: 'Nope' });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('forbidden');
    const consultant = apiAs(world, 'consultantA1');
    expect(
      (
        await consultant.post('/api/users', {
          email: 'x@y.z',
          password: 'long enough',
          role: 'group_admin',
        })
      ).status,
    ).toBe(403);
  });

  it('lets a dealer manager create staff of his own dealer only', async () => {
    const manager = apiAs(world, 'managerA');
    const ok = await manager.post('/api/users', {
      email: 'new.consultant@test.autocrm',
      password: 'a good password',
      role: 'sales_consultant',
      dealerCode: 'A',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ role: 'sales_consultant', dealerCode: 'A' });
    expect(
      (
        await manager.post('/api/users', {
          email: 'x@test.autocrm',
          password: 'a good password',
          role: 'sales_consultant',
          dealerCode: 'B',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await manager.post('/api/users', {
          email: 'y@test.autocrm',
          password: 'a good password',
          role: 'group_admin',
        })
      ).status,
    ).toBe(403);
    const weak = await apiAs(world, 'admin').post('/api/users', {
      email: 'z@test.autocrm',
      password: 'short',
      role: 'analyst',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].path).toBe('password');
    const misplaced = await apiAs(world, 'admin').post('/api/users', {
      email: 'w@test.autocrm',
      password: 'a good password',
      role: 'sales_consultant',
    });
    expect(misplaced.body.error.fields[0].path).toBe('dealerCode');
  });
});
