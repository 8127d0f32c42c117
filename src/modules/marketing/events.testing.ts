import { expect } from 'vitest';
import { apiAs, type TestWorld } from '../../testing/test-world.ts';

/** A plain invitation for event tests: no links, so nothing in it depends on the send. */
export const plainInvitation =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Come</mj-text></mj-column></mj-section></mj-body></mjml>';

/**
 * An event campaign of dealer A, made through the API by its CRM manager, for the people with
 * e-mail consent (`segmentId`, or a new segment of them). Tests only; answers its id.
 */
export async function createEventCampaign(
  world: TestWorld,
  event: {
    name: string;
    startsAt: Date;
    capacity: number;
    venue?: string;
    segmentId?: string;
    mjml?: string;
  },
): Promise<string> {
  const api = apiAs(world, 'crmA');
  const segmentId =
    event.segmentId ??
    (
      await api.post('/api/segments', {
        name: `${event.name} guests`,
        definition: { type: 'consent', channel: 'email' },
      })
    ).body.id;
  const created = await api.post('/api/campaigns', {
    name: event.name,
    ownerLevel: 'dealer',
    dealerId: world.dealers.A.id,
    segmentId,
    currency: 'RUB',
    defaultLanguage: 'en',
    kind: 'event',
    ...(event.venue ? { eventVenue: event.venue } : {}),
    eventStartsAt: event.startsAt.toISOString(),
    eventCapacity: event.capacity,
    variants: [
      {
        key: 'A',
        contents: { en: { subject: 'Invitation', mjml: event.mjml ?? plainInvitation } },
      },
    ],
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

/**
 * A group-level event campaign, made and sent through the API by the group's CRM manager
 * (dealer A's staff see it but may not run it), "Group premiere" for the segment `guests`
 * (by default nobody: no invitation goes out). Tests only; answers its id.
 */
export async function createSentGroupEvent(
  world: TestWorld,
  event: { startsAt: Date; capacity: number; guests?: Record<string, unknown> },
): Promise<string> {
  const group = apiAs(world, 'crmGroup');
  const segment = await group.post('/api/segments', {
    name: 'Group guests',
    definition: event.guests ?? { type: 'field', field: 'last_name', op: 'eq', values: ['Nobody'] },
  });
  expect(segment.status, segment.text).toBe(201);
  const created = await group.post('/api/campaigns', {
    name: 'Group premiere',
    ownerLevel: 'group',
    segmentId: segment.body.id,
    currency: 'RUB',
    defaultLanguage: 'en',
    kind: 'event',
    eventStartsAt: event.startsAt.toISOString(),
    eventCapacity: event.capacity,
    variants: [{ key: 'A', contents: { en: { subject: 'Premiere', mjml: plainInvitation } } }],
  });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  expect((await group.post(`/api/campaigns/${id}/send`, {})).status).toBe(200);
  return id;
}
