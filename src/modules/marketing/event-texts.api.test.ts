import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { runEventCare } from './event-care.service.ts';
import { localDayAt } from './event-times.ts';
import { registerForEvent } from './events.service.ts';
import { createEventCampaign, plainInvitation } from './events.testing.ts';

const zone = 'Europe/Moscow';
const hour = 3_600_000;
const ownReminder = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{customer.firstName}}, the coffee is on us at {{event.name}} ({{event.venue}}).</mj-text>
  <mj-button href="{{links.register}}">My place</mj-button>
</mj-column></mj-section></mj-body></mjml>`;

type Problem = { path: string };
const paths = (body: { error: { fields?: Problem[] } }) =>
  (body.error.fields ?? []).map((field) => field.path).sort();

/**
 * Dealer A's CRM manager writes his own reminder for the evening (the built-in one is too
 * plain for his guests) and leaves the feedback request as it is. Only those who may run the
 * event may change its texts: dealer A cannot touch the group's event, dealer B cannot even
 * see dealer A's.
 */
describe('a CRM manager writes his own event reminder', () => {
  let world: TestWorld;
  let campaignId: string;
  let groupEventId: string;
  const ids: Record<string, string> = {};
  const startsAt = localDayAt(new Date(Date.now() + 10 * 86_400_000), zone, 0, 18);
  const at = (offsetMs: number) => new Date(startsAt.getTime() + offsetMs);
  const db = () => world.database.db;
  const url = (id: string) => `/api/campaigns/${id}/event-texts`;

  beforeAll(async () => {
    world = await createTestWorld();
    for (const [key, language] of [
      ['anna', 'en'],
      ['boris', 'ru'],
    ] as const) {
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: key[0]!.toUpperCase() + key.slice(1),
        lastName: 'Texts',
        emails: [{ address: `${key}.texts@example.com` }],
        consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
        preferredLanguage: language,
      });
      expect(created.status, created.text).toBe(201);
      ids[key] = created.body.id;
    }
    campaignId = await createEventCampaign(world, {
      name: 'Xcar evening',
      venue: 'Showroom, Lenina 1',
      startsAt,
      capacity: 10,
    });
    const group = apiAs(world, 'crmGroup');
    const segment = await group.post('/api/segments', {
      name: 'Group guests',
      definition: { type: 'consent', channel: 'email' },
    });
    expect(segment.status, segment.text).toBe(201);
    const groupEvent = await group.post('/api/campaigns', {
      name: 'Group premiere',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      kind: 'event',
      eventStartsAt: startsAt.toISOString(),
      eventCapacity: 100,
      variants: [{ key: 'A', contents: { en: { subject: 'Premiere', mjml: plainInvitation } } }],
    });
    expect(groupEvent.status, groupEvent.text).toBe(201);
    groupEventId = groupEvent.body.id;
  });
  afterAll(async () => world.close());

  it('shows the built-in texts of every kind and language, none of them his own yet', async () => {
    const texts = await apiAs(world, 'crmA').get(url(campaignId));
    expect(texts.status, texts.text).toBe(200);
    expect(texts.body).toMatchObject({ channel: 'email', mayEdit: true });
    expect(texts.body.texts).toHaveLength(9);
    const reminder = texts.body.texts.find(
      (text: { kind: string; language: string }) =>
        text.kind === 'reminder' && text.language === 'en',
    );
    expect(reminder.builtIn.subject).toContain('Reminder: {{event.name}}');
    expect(reminder.own).toBeNull();
  });

  it('is told which text is wrong: a template that does not compile, a missing subject', async () => {
    const api = apiAs(world, 'crmA');
    const broken = await api.put(url(campaignId), {
      texts: [
        { kind: 'reminder', language: 'en', subject: 'Soon', mjml: ownReminder },
        { kind: 'feedback', language: 'en', subject: 'How was it {{#if}}', mjml: ownReminder },
      ],
    });
    expect(broken.status, broken.text).toBe(400);
    expect(paths(broken.body)[0]).toMatch(/^texts\.1/);
    const missing = await api.put(url(campaignId), {
      texts: [
        { kind: 'reminder', language: 'en', subject: '', mjml: ownReminder },
        { kind: 'reminder', language: 'en', subject: 'Twice', mjml: ownReminder },
      ],
    });
    expect(missing.status).toBe(400);
    expect(paths(missing.body)).toEqual(['texts.0.subject', 'texts.1.language']);
    const badKind = await api.put(url(campaignId), {
      texts: [{ kind: 'invitation', language: 'en', subject: 'x', mjml: ownReminder }],
    });
    expect(badKind.status).toBe(400);
    expect(paths(badKind.body)).toEqual(['texts.0.kind']);
    // nothing of a refused set was kept
    const after = await api.get(url(campaignId));
    expect(after.body.texts.every((text: { own: unknown }) => text.own === null)).toBe(true);
  });

  it('dealer A cannot change the group’s event texts; dealer B cannot see dealer A’s', async () => {
    const text = { kind: 'reminder', language: 'en', subject: 'Mine', mjml: ownReminder };
    const seen = await apiAs(world, 'crmA').get(url(groupEventId));
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.mayEdit).toBe(false);
    const refused = await apiAs(world, 'crmA').put(url(groupEventId), { texts: [text] });
    expect(refused.status).toBe(403);
    const refusedCare = await apiAs(world, 'crmA').put(
      `/api/campaigns/${groupEventId}/event-care`,
      {
        reminderHoursBefore: 24,
        morningReminder: false,
        feedback: true,
      },
    );
    expect(refusedCare.status).toBe(403);
    // the group's analyst reads the texts but may not write them
    const analyst = apiAs(world, 'analystGroup');
    const read = await analyst.get(url(campaignId));
    expect(read.status, read.text).toBe(200);
    expect(read.body.mayEdit).toBe(false);
    expect((await analyst.put(url(campaignId), { texts: [text] })).status).toBe(403);
    const other = apiAs(world, 'managerB');
    expect((await other.get(url(campaignId))).status).toBe(404);
    const hidden = await other.put(url(campaignId), { texts: [text] });
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('Xcar evening');
    const groupTexts = await apiAs(world, 'crmGroup').get(url(groupEventId));
    expect(groupTexts.body.texts.every((t: { own: unknown }) => t.own === null)).toBe(true);
    const own = await apiAs(world, 'crmA').get(url(campaignId));
    expect(own.body.texts.every((t: { own: unknown }) => t.own === null)).toBe(true);
  });

  it('sends his own reminder in English and the built-in one to a Russian guest', async () => {
    const api = apiAs(world, 'crmA');
    const saved = await api.put(url(campaignId), {
      texts: [
        {
          kind: 'reminder',
          language: 'en',
          subject: 'Tomorrow: {{event.name}} with coffee',
          mjml: ownReminder,
        },
      ],
    });
    expect(saved.status, saved.text).toBe(200);
    const own = saved.body.texts.find(
      (text: { kind: string; language: string }) =>
        text.kind === 'reminder' && text.language === 'en',
    );
    expect(own.own).toMatchObject({ subject: 'Tomorrow: {{event.name}} with coffee' });
    expect((await api.post(`/api/campaigns/${campaignId}/send`, {})).status).toBe(200);
    for (const key of ['anna', 'boris']) {
      await registerForEvent(db(), campaignId, ids[key]!, at(-7 * 24 * hour));
    }
    expect(await runEventCare(db(), at(-47 * hour))).toMatchObject({ reminder: 2 });
    const sent = await db()
      .selectFrom('outbox_messages')
      .select(['customer_id', 'subject', 'body'])
      .where('source_kind', '=', 'event_care')
      .where('source_id', '=', campaignId)
      .execute();
    const anna = sent.find((row) => row.customer_id === ids.anna)!;
    expect(anna.subject).toBe('Tomorrow: Xcar evening with coffee');
    expect(anna.body).toContain('Anna, the coffee is on us at Xcar evening (Showroom, Lenina 1).');
    expect(anna.body).toMatch(/\/m\/e\?t=/);
    const boris = sent.find((row) => row.customer_id === ids.boris)!;
    expect(boris.subject).toContain('Напоминание: Xcar evening');
    expect(boris.body).not.toContain('coffee');
  });

  it('goes back to the built-in texts when the set is emptied', async () => {
    const cleared = await apiAs(world, 'crmA').put(url(campaignId), { texts: [] });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.texts.every((t: { own: unknown }) => t.own === null)).toBe(true);
  });
});
