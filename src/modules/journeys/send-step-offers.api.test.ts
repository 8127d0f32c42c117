import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import type { Journey } from './journey-row.ts';
import { sendStep, TemplateCache, type SendStep } from './send-step.ts';

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * A dealer's journey e-mail lists the person's recommended offers as a campaign's does: the
 * dealer's first, then the group's; another dealer's never (marketing offer-recommendations.ts).
 */
describe('a journey’s send step recommends offers', () => {
  let world: TestWorld;
  let annaId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const anna = await apiAs(world, 'managerA').post('/api/customers', {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'Journeyed',
      preferredLanguage: 'en',
      emails: [{ address: 'anna.j@example.com' }],
      consents: [{ channel: 'email', status: 'granted', method: 'signed_form' }],
    });
    expect(anna.status, anna.text).toBe(201);
    annaId = anna.body.id;
    const everyone = { type: 'consent', channel: 'email' };
    for (const [user, owner, title] of [
      ['crmGroup', { ownerLevel: 'group' }, 'Group offer'],
      ['crmA', { ownerLevel: 'dealer', dealerId: world.dealers.A.id }, 'Dealer A offer'],
      ['managerB', { ownerLevel: 'dealer', dealerId: world.dealers.B.id }, 'Dealer B offer'],
    ] as const) {
      const created = await apiAs(world, user).post('/api/marketing/offers', {
        name: title,
        ...owner,
        validFrom: isoDay(-1),
        validTo: isoDay(10),
        texts: { en: { title, text: '' } },
        condition: everyone,
      });
      expect(created.status, created.text).toBe(201);
    }
  });
  afterAll(async () => {
    await world.close();
  });

  it('writes the offers into the step’s e-mail', async () => {
    const journey = {
      id: crypto.randomUUID(),
      name: 'Welcome',
      ownerLevel: 'dealer',
      brandId: null,
      dealerId: world.dealers.A.id,
      defaultLanguage: 'en',
      createdBy: null,
    } as unknown as Journey; // only the fields a send step reads
    const step: SendStep = {
      id: 'welcome',
      type: 'send',
      channel: 'email',
      purpose: 'marketing',
      content: {
        en: {
          subject: 'Welcome',
          mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{#each offers}}<p>OFFER {{title}};</p>{{/each}}</mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      },
      next: null,
    };
    const enrollmentId = crypto.randomUUID();
    const outcomes = await withActor(world.database.db, systemActor('test'), (tx) =>
      sendStep(
        tx,
        journey,
        step,
        [{ enrollmentId, customerId: annaId, dealerId: world.dealers.A.id }],
        new Date(),
        new TemplateCache(),
      ),
    );
    const outcome = outcomes.get(enrollmentId)!;
    expect(outcome.status).toBe('queued');
    const message = await world.database.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('id', '=', outcome.messageId)
      .executeTakeFirstOrThrow();
    expect([...message.body.matchAll(/OFFER (.+?);/g)].map((m) => m[1])).toEqual([
      'Dealer A offer',
      'Group offer',
    ]);
  });
});
