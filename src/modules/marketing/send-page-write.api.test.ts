import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { writePage, type Prepared, type SendCounts } from './campaign-send.ts';

/**
 * An e-mail page writes its outbox messages before the recipient rows (send-page-write.ts). A
 * person recorded meanwhile without this message (his row taken by another send since the
 * page was read) must get nothing, as when the recipient row was taken first.
 */
describe('an e-mail page for people recorded since it was read', () => {
  let world: TestWorld;
  let campaignId = '';
  let people: string[] = [];

  beforeAll(async () => {
    world = await createTestWorld();
    people = await withActor(world.database.db, systemActor('test'), async (tx) => {
      const created = await sql<{ id: string }>`
        insert into customers (kind, first_name, last_name, display_name, sort_key)
        select 'person', 'P' || n, 'Paged', 'P' || n || ' Paged', 'paged p' || n
          from generate_series(1, 4) as n
        returning id`.execute(tx);
      const made = created.rows.map((row) => row.id);
      await sql`insert into customer_dealers (customer_id, dealer_id, relations)
        select id, ${world.dealers.A.id}::uuid, array['sales'] from unnest(${made}::uuid[]) as id`.execute(
        tx,
      );
      await sql`insert into consents (customer_id, channel, status, purpose, method)
        select id, 'email', 'granted', 'marketing', 'signed_form'
          from unnest(${made}::uuid[]) as id`.execute(tx);
      return made;
    });
    const segment = await apiAs(world, 'crmA').post('/api/segments', {
      name: 'Paged',
      definition: { type: 'field', field: 'last_name', op: 'eq', values: ['Paged'] },
    });
    expect(segment.status, segment.text).toBe(201);
    const created = await apiAs(world, 'crmA').post('/api/campaigns', {
      name: 'Paged mail',
      ownerLevel: 'dealer',
      dealerId: world.dealers.A.id,
      segmentId: segment.body.id,
      currency: 'RUB',
      defaultLanguage: 'en',
      variants: [
        {
          key: 'A',
          contents: {
            en: {
              subject: 'Hello',
              mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section></mj-body></mjml>',
            },
          },
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    campaignId = created.body.id;
  });
  afterAll(async () => world.close());

  it('writes no message to a person recorded without one, and counts him as already there', async () => {
    const [taken, ...free] = people;
    // another send recorded him meanwhile, without a message of this key
    await world.database.db
      .insertInto('marketing_campaign_recipients')
      .values({
        campaign_id: campaignId,
        customer_id: taken!,
        variant: 'A',
        phase: 'all',
        status: 'blocked',
        blocked_reason: 'staged',
      })
      .execute();
    const page: Prepared[] = people.map((customerId, index) => ({
      variant: 'A',
      customerId,
      message: {
        customerId,
        channel: 'email',
        recipient: `paged${index}@example.com`,
        subject: 'Hello',
        body: 'Hello',
        source: { kind: 'campaign', id: campaignId },
        idempotencyKey: `campaign:${campaignId}:${customerId}`,
      },
    }));
    const counts: SendCounts = { queued: 0, blocked: 0, alreadyThere: 0 };
    const campaign = {
      id: campaignId,
      name: 'Paged mail',
      callAssigneeUserId: null,
      callDueDays: 1,
    };
    await withActor(world.database.db, systemActor('job'), (tx) =>
      writePage(tx, campaign, 'all', page, counts, new Date()),
    );
    expect(counts).toEqual({ queued: 3, blocked: 0, alreadyThere: 1 });
    const messages = await world.database.db
      .selectFrom('outbox_messages')
      .select('customer_id')
      .where('source_id', '=', campaignId)
      .execute();
    expect(messages.map((row) => row.customer_id).sort()).toEqual([...free].sort());
    const rows = await world.database.db
      .selectFrom('marketing_campaign_recipients')
      .innerJoin('outbox_messages as m', 'm.id', 'marketing_campaign_recipients.message_id')
      .select(['marketing_campaign_recipients.customer_id', 'marketing_campaign_recipients.status'])
      .where('campaign_id', '=', campaignId)
      .execute();
    // each free person's row carries his message
    expect(rows.map((row) => row.customer_id).sort()).toEqual([...free].sort());
    expect(rows.every((row) => row.status === 'queued')).toBe(true);
  });
});
