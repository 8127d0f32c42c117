import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { enrol, newCustomer, setUpClubX } from '../club/club.testing.ts';

const mjml = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>{{#if club}}{{club.name}} · {{club.tier}} · № {{club.memberNumber}}: {{club.points}} points{{else}}Join our club{{/if}}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * A marketer writes "you have N bonus points" into an offer: each member reads his own balance
 * (the club module's ledger), a non-member the other text (issue 5: templates with the bonus
 * balance).
 */
describe('a template shows the member his bonus points', () => {
  let world: TestWorld;
  let memberId: string;
  let membership: string;
  let outsiderId: string;

  beforeAll(async () => {
    world = await createTestWorld();
    const { clubId } = await setUpClubX(world);
    memberId = await newCustomer(world, 'A', 'Member');
    outsiderId = await newCustomer(world, 'A', 'Outsider');
    membership = (await enrol(world, clubId, memberId)).id;
    const granted = await apiAs(world, 'admin').post(`/api/club/members/${membership}/points`, {
      points: 1_250,
      reason: 'welcome bonus',
    });
    expect(granted.status, granted.text).toBe(201);
  });
  afterAll(async () => {
    await world.close();
  });

  const preview = (customerId: string) =>
    apiAs(world, 'crmA').post('/api/campaigns/preview', {
      customerId,
      content: { subject: '{{club.points}} points', mjml },
    });

  it('renders the member’s club, tier and points available', async () => {
    const answer = await preview(memberId);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.subject).toBe('1250 points');
    expect(answer.body.text).toMatch(/Xcar Owners Club · .+ · № .+: 1250 points/);
    // points spent show at once: the balance is read when the message is rendered
    const spent = await apiAs(world, 'admin').post(`/api/club/members/${membership}/redemptions`, {
      points: 250,
      reason: 'winter tyres',
    });
    expect(spent.status, spent.text).toBe(201);
    expect((await preview(memberId)).body.subject).toBe('1000 points');
  });

  it('gives a non-member the other text, and an empty value in the subject', async () => {
    const answer = await preview(outsiderId);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.subject).toBe(' points');
    expect(answer.body.text).toContain('Join our club');
  });
});
