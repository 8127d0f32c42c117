import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello, {{customer.firstName}}!</mj-text>
  <mj-text>{{#if dealer.note}}{{dealer.note}}{{/if}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * A dealer's paragraph and the send of its group campaign at the same moment: the paragraph
 * reaches the whole audience or none of it, never the pages written after it only. Each case
 * holds one side in a transaction of its own (a second connection, as the other request would)
 * and runs the other side through the API, and checks the API's side waits for the row lock.
 *
 * PostgreSQL only (TEST_DATABASE_URL): PGlite serves one connection, so two transactions never
 * overlap there and the race cannot happen (nor a transaction be held open beside the API).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a dealer’s paragraph saved while its campaign is being sent (PostgreSQL)',
  () => {
    let world: TestWorld;
    let segmentId: string;
    const people = ['anna', 'boris', 'clara'];
    const noteUrl = (id: string) => `/api/campaigns/${id}/dealer-notes/${world.dealers.A.id}`;

    async function groupCampaign(name: string): Promise<string> {
      const created = await apiAs(world, 'crmGroup').post('/api/campaigns', {
        name,
        ownerLevel: 'group',
        segmentId,
        currency: 'RUB',
        defaultLanguage: 'en',
        variants: [{ key: 'A', contents: { en: { subject: name, mjml } } }],
      });
      expect(created.status, created.text).toBe(201);
      return created.body.id as string;
    }

    /** The campaign's messages, and how many of them carry the text. */
    async function messagesWith(campaignId: string, text: string) {
      const rows = await world.database.db
        .selectFrom('outbox_messages')
        .select('body')
        .where('source_kind', '=', 'campaign')
        .where('source_id', '=', campaignId)
        .execute();
      return { all: rows.length, with: rows.filter((row) => row.body.includes(text)).length };
    }

    /**
     * Resolves once another backend of this database waits for a lock; fails if `request`
     * answers first (it did not wait: the lock that orders the two is missing).
     */
    async function waitsForLock(client: pg.PoolClient, request: Promise<unknown>) {
      let answered = false;
      void request.then(() => (answered = true));
      for (let i = 0; i < 400; i += 1) {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (rows[0]!.n > 0) return;
        if (answered) throw new Error('the request answered without waiting for the lock');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('nothing waited for the lock within 20 s');
    }

    beforeAll(async () => {
      world = await createTestWorld();
      for (const name of people) {
        const created = await apiAs(world, 'managerA').post('/api/customers', {
          kind: 'person',
          firstName: name[0]!.toUpperCase() + name.slice(1),
          lastName: 'Racer',
          emails: [{ address: `${name}.racer@example.com` }],
          consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
          preferredLanguage: 'en',
        });
        expect(created.status, created.text).toBe(201);
      }
      const segment = await apiAs(world, 'crmGroup').post('/api/segments', {
        name: 'Racers',
        definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Racer'] },
      });
      expect(segment.status, segment.text).toBe(201);
      segmentId = segment.body.id;
    });
    afterAll(async () => world.close());

    it('a paragraph saved while the first page is written waits for it, then is refused', async () => {
      const id = await groupCampaign('Page first');
      const before = await apiAs(world, 'crmA').put(noteUrl(id), { texts: { en: 'Old text' } });
      expect(before.status, before.text).toBe(200);
      const customer = await world.database.db
        .selectFrom('customers')
        .select('id')
        .where('last_name', '=', 'Racer')
        .executeTakeFirstOrThrow();
      const send = await world.database.pool.connect();
      try {
        // the send's page transaction as it reads the notes: the row's key-share lock
        await send.query('begin');
        await send.query('select id from marketing_campaigns where id = $1 for key share', [id]);
        const saving = apiAs(world, 'crmA').put(noteUrl(id), { texts: { en: 'New text' } });
        await waitsForLock(send, saving);
        // the page is written and committed with the old paragraph
        await send.query(
          `insert into marketing_campaign_recipients (campaign_id, customer_id, variant, phase, status)
           values ($1, $2, 'A', 'all', 'queued')`,
          [id, customer.id],
        );
        await send.query('commit');
        const saved = await saving;
        expect(saved.status, saved.text).toBe(409);
        expect(saved.body.error.code).toBe('campaign_sending_started');
      } finally {
        send.release();
      }
      const kept = await apiAs(world, 'crmA').get(`/api/campaigns/${id}/dealer-notes`);
      expect(kept.body.items[0].texts).toEqual({ en: 'Old text' });
    });

    it('a send started while a paragraph is being saved waits for it and carries it to all', async () => {
      const id = await groupCampaign('Note first');
      const note = await world.database.pool.connect();
      let sending: ReturnType<ReturnType<typeof apiAs>['post']> | undefined;
      try {
        // the paragraph's transaction: the row FOR UPDATE, the note written, not yet committed
        await note.query('begin');
        await note.query('select id from marketing_campaigns where id = $1 for update', [id]);
        await note.query(
          `insert into marketing_campaign_dealer_notes (campaign_id, dealer_id, texts)
           values ($1, $2, $3)`,
          [id, world.dealers.A.id, JSON.stringify({ en: 'Whole audience text' })],
        );
        sending = apiAs(world, 'crmGroup').post(`/api/campaigns/${id}/send`, {});
        await waitsForLock(note, sending);
        expect((await messagesWith(id, '')).all).toBe(0);
        await note.query('commit');
      } finally {
        note.release();
      }
      const sent = await sending!;
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body.queued).toBe(people.length);
      expect(await messagesWith(id, 'Whole audience text')).toEqual({
        all: people.length,
        with: people.length,
      });
    });

    it('a send and a paragraph at once: everyone gets it or nobody does', async () => {
      for (let round = 0; round < 4; round += 1) {
        const id = await groupCampaign(`Both at once ${round}`);
        const text = `Round ${round} text`;
        const [saved, sent] = await Promise.all([
          apiAs(world, 'crmA').put(noteUrl(id), { texts: { en: text } }),
          apiAs(world, 'crmGroup').post(`/api/campaigns/${id}/send`, {}),
        ]);
        expect(sent.status, sent.text).toBe(200);
        expect([200, 409]).toContain(saved.status);
        const carried = await messagesWith(id, text);
        expect(carried.all).toBe(people.length);
        expect(carried.with).toBe(saved.status === 200 ? people.length : 0);
      }
    });
  },
);
