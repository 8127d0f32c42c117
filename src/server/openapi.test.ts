import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/test-world.ts';

describe('the API describes itself', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world.close());

  it('serves an OpenAPI document with every route and its schemas', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(answer.statusCode).toBe(200);
    const document = answer.json();
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const route of [
      'GET /api/health',
      'POST /api/auth/login',
      'GET /api/dealers',
      'GET /api/customers',
      'POST /api/customers',
      'GET /api/customers/{id}',
      'PATCH /api/customers/{id}',
      'GET /api/vehicles/{id}',
      'POST /api/activities',
      'GET /api/tasks/my-day',
      // added on 5 December: source costs, data verification, an event's own texts
      'GET /api/lead-source-costs',
      'PUT /api/lead-source-costs',
      'DELETE /api/lead-source-costs/{id}',
      'POST /api/customers/{id}/verification',
      // the customer confirms his data by e-mail (issue 6)
      'POST /api/customers/{id}/data-check',
      'GET /api/customers/{id}/data-checks',
      'POST /api/data-checks',
      'GET /api/campaigns/{id}/event-texts',
      'PUT /api/campaigns/{id}/event-texts',
      // added later on 5 December: moving a sent event, the owner's verification at reception
      'GET /api/campaigns/{id}/event-details',
      'PUT /api/campaigns/{id}/event-details',
      'GET /api/service/vehicles/{id}/owner-verification',
      // stop 20: staff cancel one guest; the retention worklist export
      'POST /api/campaigns/{id}/registrations/{customerId}/cancel',
      'GET /api/analytics/retention-worklist/export',
    ]) {
      expect(routes).toContain(route);
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Customer360', 'NewCustomer', 'Error', 'Task', 'VehiclePage']),
    );
    // the campaign page hides its edit buttons by this
    expect(document.components.schemas.Campaign.properties.mayEdit).toMatchObject({
      type: 'boolean',
    });
  });

  it('serves the browsable API reference', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('swagger');
  });
});
