import { expect } from 'vitest';
import { apiAs, type TestUserKey, type TestWorld } from '../../testing/test-world.ts';

/** The ROI tests' letter: its text plays no part in the figures. */
export const roiLetter =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>';

/** A person `user` creates through the API, with an e-mail address; returns his id. */
export async function createRoiCustomer(
  world: TestWorld,
  user: TestUserKey,
  firstName: string,
  lastName: string,
): Promise<string> {
  const created = await apiAs(world, user).post('/api/customers', {
    kind: 'person',
    firstName,
    lastName,
    emails: [{ address: `${firstName}.${lastName.toLowerCase()}@example.com` }],
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

/**
 * An e-mail campaign over a contact segment that `user` creates through the API; `body` adds
 * its owner, cost, currency and window. Returns the created campaign.
 */
export async function createRoiCampaign(
  world: TestWorld,
  user: TestUserKey,
  name: string,
  body: Record<string, unknown>,
): Promise<{ id: string } & Record<string, unknown>> {
  const api = apiAs(world, user);
  const segment = await api.post('/api/segments', {
    name: `${name} audience`,
    definition: { type: 'contact', channel: 'email' },
  });
  expect(segment.status, segment.text).toBe(201);
  const created = await api.post('/api/campaigns', {
    name,
    segmentId: segment.body.id,
    defaultLanguage: 'en',
    variants: [{ key: 'A', contents: { en: { subject: 'Hi', mjml: roiLetter } } }],
    ...body,
  });
  expect(created.status, created.text).toBe(201);
  return created.body;
}
