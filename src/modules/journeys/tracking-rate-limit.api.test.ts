import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { trackedLinkLimits } from '../marketing/index.ts';

/**
 * A journey's open pixel and click links are public like a campaign's: forged tokens from one
 * address are held back past the tracked-link limit, with the wait; other addresses are not.
 */
describe('journey tracking links under the public rate limit', () => {
  let world: TestWorld;
  const get = (url: string, ip: string) =>
    world.app.inject({ method: 'GET', url, remoteAddress: ip });

  beforeAll(async () => {
    world = await createTestWorld();
  });
  afterAll(() => world.close());

  it('answers 429 after the address’s limit of forged click and pixel tokens', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < trackedLinkLimits.perAddress; i++) {
      const url = i % 2 ? `/m/j/c?t=forged${i}` : `/m/j/o.gif?t=forged${i}`;
      expect((await get(url, ip)).statusCode, url).toBe(i % 2 ? 404 : 200);
    }
    for (const url of ['/m/j/c?t=one-more', '/m/j/o.gif?t=one-more']) {
      const limited = await get(url, ip);
      expect(limited.statusCode, url).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await get('/m/j/c?t=forged-elsewhere', '203.0.113.78')).statusCode).toBe(404);
  });
});
