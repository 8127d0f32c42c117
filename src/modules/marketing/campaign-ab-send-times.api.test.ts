import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTime } from '../../lib/zoned-time.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { deliverQueued, smtpTransport, type OutboxTransport } from '../messaging/index.ts';
import { startSmtpSink, type SmtpSink } from '../messaging/smtp-sink.testing.ts';
import { runDueCampaigns } from './campaigns.service.ts';

const granted = [{ channel: 'email', status: 'granted', method: 'signed_form' }];
const letter = (line: string) => `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${line}, {{customer.firstName}}</mj-text>
  <mj-text><a href="{{links.unsubscribe}}">unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;
const hourMs = 3_600_000;

type Problem = { path: string; code?: string };
const problems = (body: { error: { fields?: Problem[] } }) =>
  (body.error.fields ?? []).map((field) => `${field.path}:${field.code ?? ''}`);

/**
 * The group's marketer tests when to write, not only what: variant A goes at one instant for
 * everybody, variant B at an hour of the day on each person's own clock (Moscow and Shanghai
 * here). Quiet hours and the frequency cap still hold; the winner is judged only after the
 * wait counted from the last variant's release; the rest get the winner at its next slot.
 * "Time passes" as in the other A/B tests: the stored times are moved back.
 */
describe('an A/B test of send times', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: OutboxTransport;
  const zoneOf = new Map<string, string>();
  let cappedId: string;
  const people = 40;

  const put = (body: Record<string, unknown>) =>
    apiAs(world, 'crmGroup').put('/api/marketing/contact-rules', {
      channel: 'email',
      maxMessages: 1,
      periodDays: 7,
      ...body,
    });

  async function person(lastName: string, index: number, timezone: string) {
    const created = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: `P${index}`,
      lastName,
      timezone,
      emails: [{ address: `${lastName.toLowerCase()}${index}@example.com` }],
      consents: granted,
    });
    expect(created.status, created.text).toBe(201);
    zoneOf.set(created.body.id, timezone);
    return created.body.id as string;
  }

  const messagesOf = (campaignId: string) =>
    world.database.db
      .selectFrom('marketing_campaign_recipients as r')
      .leftJoin('outbox_messages as m', 'm.id', 'r.message_id')
      .select([
        'r.customer_id',
        'r.variant',
        'r.phase',
        'r.status',
        'r.blocked_reason',
        'r.message_id',
        'm.next_attempt_at',
      ])
      .where('r.campaign_id', '=', campaignId)
      .execute();

  beforeAll(async () => {
    world = await createTestWorld();
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'Group <crm@group.example>');
    for (let i = 0; i < people; i++) {
      await person('Timed', i, i % 2 === 0 ? 'Europe/Moscow' : 'Asia/Shanghai');
    }
    // one person had a letter this week already: with a cap of one a week the test skips him
    cappedId = await person('Timed', people, 'Europe/Moscow');
    expect((await put({ maxMessages: 5, quietStart: 0, quietEnd: 0 })).status).toBe(200);
    const api = apiAs(world, 'crmGroup');
    const him = await api.post('/api/segments', {
      name: 'The one already written to',
      definition: { type: 'field', field: 'first_name', op: 'eq', values: [`P${people}`] },
    });
    const earlier = await api.post('/api/campaigns', {
      name: 'Earlier this week',
      ownerLevel: 'group',
      segmentId: him.body.id,
      currency: 'RUB',
      variants: [{ key: 'A', contents: { ru: { subject: 'Earlier', mjml: letter('Hello') } } }],
    });
    expect(earlier.status, earlier.text).toBe(201);
    expect((await api.post(`/api/campaigns/${earlier.body.id}/send`, {})).body.queued).toBe(1);
  });
  afterAll(async () => {
    transport.close?.();
    await sink.close();
    await world.close();
  });

  it('refuses a send time on calls and letters, and an instant already past', async () => {
    const api = apiAs(world, 'crmGroup');
    const segment = await api.post('/api/segments', {
      name: 'Timed',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Timed'] },
    });
    const base = {
      name: 'Bad times',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
    };
    const onLetters = await api.post('/api/campaigns', {
      ...base,
      channel: 'mail',
      variants: [
        {
          key: 'A',
          contents: { ru: { subject: '', mjml: letter('Hi') } },
          sendTime: { kind: 'hour', hour: 10 },
        },
      ],
    });
    expect(onLetters.status).toBe(400);
    expect(problems(onLetters.body)[0]).toMatch(/^variants\.0\.sendTime:/);
    const past = await api.post('/api/campaigns', {
      ...base,
      variants: [
        { key: 'A', contents: { ru: { subject: 'A', mjml: letter('Hi') } } },
        {
          key: 'B',
          contents: { ru: { subject: 'B', mjml: letter('Hi') } },
          sendTime: { kind: 'at', at: new Date(Date.now() - hourMs).toISOString() },
        },
      ],
    });
    expect(past.status).toBe(400);
    expect(problems(past.body)).toEqual(['variants.1.sendTime:in_past']);
    const badHour = await api.post('/api/campaigns', {
      ...base,
      variants: [
        {
          key: 'A',
          contents: { ru: { subject: 'A', mjml: letter('Hi') } },
          sendTime: { kind: 'hour', hour: 24 },
        },
      ],
    });
    expect(badHour.status).toBe(400);
    expect(problems(badHour.body)[0]).toMatch(/^variants\.0\.sendTime\.hour:/);
  });

  it('sends each variant at its time, judges after the last one, and sends the winner at its next slot', async () => {
    const api = apiAs(world, 'crmGroup');
    const startedAt = Date.now();
    const moscowHour = localDateTime(new Date(startedAt), 'Europe/Moscow').hour;
    // B: three hours ahead on a Moscow clock, which has passed on a Shanghai clock (five ahead)
    const slotHour = (moscowHour + 3) % 24;
    // rounded down: rounding up at minute 59 would carry A into B's quiet hour on a Moscow clock
    const instant = new Date(Math.floor((startedAt + 2 * hourMs) / 60_000) * 60_000);
    // quiet hours cover B's hour: B's letters wait for their end, an hour later
    expect((await put({ quietStart: slotHour, quietEnd: (slotHour + 1) % 24 })).status).toBe(200);
    const segment = await api.post('/api/segments', {
      name: 'Timed people',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Timed'] },
    });
    const created = await api.post('/api/campaigns', {
      name: 'Morning or evening',
      ownerLevel: 'group',
      segmentId: segment.body.id,
      currency: 'RUB',
      abTestShare: 50,
      abMetric: 'open_rate',
      abWaitHours: 4,
      variants: [
        {
          key: 'A',
          contents: { ru: { subject: 'At one instant', mjml: letter('Hi') } },
          sendTime: { kind: 'at', at: instant.toISOString() },
        },
        {
          key: 'B',
          contents: { ru: { subject: 'On your clock', mjml: letter('Hi') } },
          sendTime: { kind: 'hour', hour: slotHour },
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect(created.body.variants[1].sendTime).toEqual({ kind: 'hour', hour: slotHour });

    const test = await api.post(`/api/campaigns/${id}/send`, {});
    expect(test.body).toMatchObject({ status: 'testing', phase: 'test' });
    const written = await messagesOf(id);
    const queued = written.filter((m) => m.status === 'queued');
    const ofVariant = (key: string) => queued.filter((m) => m.variant === key);
    expect(ofVariant('A').length).toBeGreaterThanOrEqual(2);
    expect(ofVariant('B').length).toBeGreaterThanOrEqual(2);
    // A: the instant itself, for everybody
    for (const m of ofVariant('A')) expect(m.next_attempt_at).toEqual(instant);
    // B: the hour after the slot (quiet hours) on each person's own clock, within a day
    for (const m of ofVariant('B')) {
      const at = m.next_attempt_at!;
      const local = localDateTime(at, zoneOf.get(m.customer_id)!);
      expect([local.hour, local.minute]).toEqual([(slotHour + 1) % 24, 0]);
      expect(at.getTime()).toBeGreaterThan(startedAt);
      expect(at.getTime() - startedAt).toBeLessThanOrEqual(25 * hourMs);
    }
    // the person already written to this week is held back by the cap, if he is in the test
    const capped = written.find((m) => m.customer_id === cappedId);
    if (capped)
      expect([capped.status, capped.blocked_reason]).toEqual(['blocked', 'frequency_cap']);

    // the wait counts from the last release, not from the moment the test was written
    const last = Math.max(...queued.map((m) => m.next_attempt_at!.getTime()));
    const report = await api.get(`/api/campaigns/${id}`);
    expect(report.body.abJudgeFrom).toBe(new Date(last).toISOString());
    expect(await runDueCampaigns(world.database.db)).toBe(0);
    await world.database.db
      .updateTable('marketing_campaigns')
      .set({ test_sent_at: new Date(startedAt - 5 * hourMs) })
      .where('id', '=', id)
      .execute();
    expect(await runDueCampaigns(world.database.db)).toBe(0);
    // nor may a user judge it while a variant has not gone
    const early = await api.post(`/api/campaigns/${id}/ab-winner`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ab_variant_not_sent');

    // a day passes: every test letter comes due and goes out; every B reader opens, no A reader
    const messageIds = written.flatMap((m) => (m.status === 'queued' ? [m.message_id!] : []));
    await world.database.db
      .updateTable('outbox_messages')
      .set({ next_attempt_at: new Date() })
      .where('id', 'in', messageIds)
      .execute();
    await deliverQueued(world.database.db, transport, { batchSize: 100 });
    const onClock = sink.received.filter((mail) => mail.subject === 'On your clock');
    expect(onClock).toHaveLength(ofVariant('B').length);
    for (const mail of onClock) {
      const html = mail.parts.find((p) => p.contentType.startsWith('text/html'))!.content;
      const url = new URL(/<img src="([^"]+)"/.exec(html)![1]!);
      const opened = await world.app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(opened.statusCode).toBe(200);
    }
    await world.database.db
      .updateTable('marketing_campaigns')
      .set({ ab_judge_from: new Date(Date.now() - 5 * hourMs) })
      .where('id', '=', id)
      .execute();
    // the rest go without quiet hours now, so their time is the slot itself
    expect((await put({ quietStart: 0, quietEnd: 0 })).status).toBe(200);
    const judgedAt = Date.now();
    expect(await runDueCampaigns(world.database.db)).toBe(1);

    const finished = await api.get(`/api/campaigns/${id}`);
    expect(finished.body).toMatchObject({ status: 'sent', winnerVariant: 'B' });
    // every B reader opened and no A reader: with two or more each that is z >= 2
    expect(finished.body.winnerNote).toMatch(
      new RegExp(
        `^B wins on open rate: 100\\.0 % against A 0\\.0 % \\(z = \\d+\\.\\d\\d; significant at 95 %\\); ` +
          `the rest get it at ${String(slotHour).padStart(2, '0')}:00 on each person's clock$`,
      ),
    );
    const rest = (await messagesOf(id)).filter((m) => m.phase === 'rest');
    expect(rest.length).toBeGreaterThan(0);
    for (const m of rest) {
      expect(m.variant).toBe('B');
      if (m.customer_id === cappedId) {
        expect([m.status, m.blocked_reason]).toEqual(['blocked', 'frequency_cap']);
        continue;
      }
      expect(m.status).toBe('queued');
      const at = m.next_attempt_at!;
      const local = localDateTime(at, zoneOf.get(m.customer_id)!);
      expect([local.hour, local.minute]).toEqual([slotHour, 0]);
      expect(at.getTime()).toBeGreaterThanOrEqual(judgedAt - 1000);
      expect(at.getTime() - judgedAt).toBeLessThanOrEqual(24 * hourMs);
    }
    const everyone = await messagesOf(id);
    expect(everyone).toHaveLength(people + 1);
    expect(everyone.find((m) => m.customer_id === cappedId)?.blocked_reason).toBe('frequency_cap');
  });
});
