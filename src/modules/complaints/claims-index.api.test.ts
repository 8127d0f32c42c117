import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';

/**
 * Dealer A is in Moscow (UTC+3). A complaint phoned in at 01:30 on 1 March Moscow time is a
 * March complaint there, though it is still 28 February in UTC; one at 00:30 on 1 April is
 * April's. The manager downloads the month as CSV; dealer B's file has no line of A's.
 */
describe('the claims index counts in the dealer’s months and downloads as CSV', () => {
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld();
    const manager = apiAs(world, 'managerA');
    const customer = await manager.post('/api/customers', {
      kind: 'person',
      firstName: 'Павел',
      lastName: 'Орлов',
      phones: [{ number: '+7 916 555 77 01' }],
      dealerCode: 'A',
    });
    const openedAt = ['2025-02-28T22:30:00Z', '2025-03-31T21:30:00Z'];
    for (const at of openedAt) {
      const complaint = await apiAs(world, 'callCenterA').post('/api/complaints', {
        customerId: customer.body.id,
        dealerCode: 'A',
        channel: 'hotline',
        category: 'repair_quality',
        severity: 'low',
        subject: `Complaint of ${at}`,
      });
      expect(complaint.status).toBe(201);
      await world.database.db
        .updateTable('complaints')
        .set({ opened_at: new Date(at) })
        .where('id', '=', complaint.body.id)
        .execute();
    }
  });
  afterAll(async () => world.close());

  it('puts each complaint in the month of the dealer’s calendar', async () => {
    const answer = await apiAs(world, 'managerA').get(
      '/api/complaints/claims-index?from=2025-02-01&to=2025-04-30',
    );
    expect(answer.status).toBe(200);
    expect(
      answer.body.rows.map((row: { month: string; complaints: number }) => [
        row.month,
        row.complaints,
      ]),
    ).toEqual([
      ['2025-03', 1],
      ['2025-04', 1],
    ]);
    const march = await apiAs(world, 'managerA').get(
      '/api/complaints/claims-index?from=2025-03-01&to=2025-03-31',
    );
    expect(march.body.rows).toEqual([expect.objectContaining({ month: '2025-03', complaints: 1 })]);
  });

  it('downloads the index as CSV; dealer B’s file holds only the header', async () => {
    const answer = await apiAs(world, 'managerA').get(
      '/api/complaints/claims-index?from=2025-03-01&to=2025-04-30&format=csv',
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/csv');
    expect(answer.headers['content-disposition']).toContain('claims-index-2025-03-2025-04.csv');
    expect(answer.text.replace(/^\ufeff/, '').split('\r\n')).toEqual([
      'dealer,month,complaints,visits,sales,per_100_visits,per_100_sales',
      'A,2025-03,1,0,0,,',
      'A,2025-04,1,0,0,,',
      '',
    ]);
    const other = await apiAs(world, 'managerB').get(
      '/api/complaints/claims-index?from=2025-03-01&to=2025-04-30&format=csv',
    );
    expect(other.text.replace(/^\ufeff/, '').trim()).toBe(
      'dealer,month,complaints,visits,sales,per_100_visits,per_100_sales',
    );
    const bad = await apiAs(world, 'managerA').get(
      '/api/complaints/claims-index?from=2025-03-01&to=2025-04-30&format=pdf',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('format');
  });
});
