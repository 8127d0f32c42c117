import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/** Issue 3's quality bar: the lead and intake routes are in the OpenAPI document. */
describe('the OpenAPI document describes the lead routes', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(async () => world?.close());

  it('lists every lead, routing, intake and import route', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(answer.statusCode, answer.body.slice(0, 600)).toBe(200);
    const document = answer.json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/leads',
        'GET /api/leads',
        'GET /api/leads/{id}',
        'PATCH /api/leads/{id}',
        'POST /api/leads/{id}/stage',
        'POST /api/leads/{id}/transfer',
        'POST /api/leads/{id}/tasks/{taskId}/complete',
        'POST /api/leads/claim',
        'GET /api/leads/board',
        'GET /api/leads/funnel',
        'GET /api/leads/export',
        'POST /api/leads/showroom',
        'POST /api/leads/adf',
        'GET /api/lead-sources',
        'POST /api/lead-sources',
        'GET /api/lead-routing-rules',
        'POST /api/lead-routing-rules',
        'PATCH /api/lead-routing-rules/{id}',
        'PUT /api/lead-routing-rules/order',
        'POST /api/public/forms/{siteKey}/leads',
        'GET /api/web-form-sites',
        'POST /api/web-form-sites',
        'PATCH /api/web-form-sites/{id}',
        'POST /api/imports',
        'GET /api/imports',
        'GET /api/imports/{id}',
        'POST /api/imports/{id}/preview',
        'POST /api/imports/{id}/run',
        'GET /api/imports/{id}/rows',
      ]),
    );
  });
});
