import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { expiresIn, linkSignerFor } from './links.ts';
import {
  acceptedLanguage,
  countPublicHit,
  pageLimits,
  publicWindowSeconds,
  trackedLinkLimits,
} from './public-rate-limit.ts';

/**
 * Someone hammers the public pages (no login) guessing tokens, or replays one person's link
 * from many addresses: past the limit each page answers 429 with the wait, in the person's
 * language when the link names him, else in the browser's; a new window lets him in again.
 */
describe('the public pages under one rate limit', () => {
  let world: TestWorld;
  let mei: string;
  let meiToken: string;
  const db = () => world.database.db;
  const get = (url: string, ip: string, headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'GET', url, remoteAddress: ip, headers });

  beforeAll(async () => {
    world = await createTestWorld();
    const created = await apiAs(world, 'crmA').post('/api/customers', {
      kind: 'person',
      firstName: 'Mei',
      lastName: 'Limit',
      preferredLanguage: 'zh',
      emails: [{ address: 'mei.limit@example.com' }],
    });
    expect(created.status, created.text).toBe(201);
    mei = created.body.id;
    const signer = await linkSignerFor(db());
    meiToken = signer.sign({ k: 'unsubscribe', c: null, p: mei, ch: 'email', e: expiresIn(30) });
  });
  afterAll(() => world.close());

  it('answers 429 after the address’s limit of token guesses, naming the wait', async () => {
    const ip = '198.51.100.40';
    for (let i = 0; i < pageLimits.perAddress; i++) {
      expect((await get(`/m/u?t=guess${i}`, ip)).statusCode).toBe(404);
    }
    const limited = await get('/m/u?t=guess-more', ip, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(limited.statusCode).toBe(429);
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(publicWindowSeconds);
    expect(limited.body).toContain('lang="en"');
    expect(limited.body).toContain(`try again in ${Math.ceil(wait / 60)} min`);
    // a client asking for JSON gets JSON
    const json = await get('/m/u?t=guess-json', ip, { accept: 'application/json' });
    expect(json.statusCode).toBe(429);
    expect(json.json().error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: wait });
    // the address is held back on every page, the short links aside (their own counter)
    for (const url of ['/m/e?t=x', '/m/f?t=x', '/m/d?t=x']) {
      expect((await get(url, ip)).statusCode, url).toBe(429);
    }
    expect((await get('/s/AbCdEf1234', ip)).statusCode).toBe(404);
    // a genuine link is no guess: it still answers from that address (a mail provider posts
    // every one-click unsubscribe of its users from a few addresses)
    expect((await get(`/m/u?t=${meiToken}`, ip)).statusCode).toBe(200);
    // another address is not held back
    expect((await get('/m/u?t=guess-elsewhere', '198.51.100.41')).statusCode).toBe(404);
  });

  it('holds back one link replayed from many addresses', async () => {
    const signer = await linkSignerFor(db());
    const token = signer.sign({ k: 'feedback', c: crypto.randomUUID(), p: mei, e: expiresIn(3) });
    for (let i = 0; i < pageLimits.perToken; i++) {
      expect((await get(`/m/f?t=${token}`, `203.0.113.${100 + i}`)).statusCode).toBe(404);
    }
    const limited = await get(`/m/f?t=${token}`, '203.0.113.200');
    expect(limited.statusCode).toBe(429);
    // the wait in Mei's language, and nothing of hers shown
    expect(limited.body).toContain('lang="zh"');
    expect(limited.body).toContain('分钟后重试');
    const counters = await db()
      .selectFrom('marketing_public_hits')
      .select(['counter', 'subject'])
      .where('counter', '=', 'page_token')
      .execute();
    // only the token's hash is kept
    expect(counters.length).toBeGreaterThan(0);
    for (const row of counters) expect(row.subject).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a new window clears the count, and drops the counters of windows past', async () => {
    const start = Math.floor(Date.now() / 1000 / publicWindowSeconds) * publicWindowSeconds;
    const at = new Date((start + 5) * 1000);
    const who = { clientIp: '192.0.2.77', token: '', genuine: false };
    for (let i = 0; i < pageLimits.perAddress; i++) {
      expect(await countPublicHit(db(), pageLimits, who, at)).toBeNull();
    }
    expect(await countPublicHit(db(), pageLimits, who, at)).toBe(publicWindowSeconds - 5);
    const next = new Date(at.getTime() + publicWindowSeconds * 1000);
    expect(await countPublicHit(db(), pageLimits, who, next)).toBeNull();
    const counters = () =>
      db()
        .selectFrom('marketing_public_hits')
        .select('hits')
        .where('subject', '=', who.clientIp)
        .orderBy('window_start')
        .execute();
    expect(await counters()).toEqual([{ hits: pageLimits.perAddress + 1 }, { hits: 1 }]);
    // three windows on, both are of no use any more
    const later = new Date(at.getTime() + 3 * publicWindowSeconds * 1000);
    expect(await countPublicHit(db(), pageLimits, who, later)).toBeNull();
    expect(await counters()).toEqual([{ hits: 1 }]);
  });

  it('counts genuine pixel and click links per token only, forged ones per address', async () => {
    // an image proxy fetching everybody's pixels from one address
    const proxy = (i: number) => ({ clientIp: '192.0.2.90', token: `pixel-${i}`, genuine: true });
    for (let i = 0; i < 60; i++) {
      expect(await countPublicHit(db(), trackedLinkLimits, proxy(i))).toBeNull();
    }
    const addressCounters = await db()
      .selectFrom('marketing_public_hits')
      .select('subject')
      .where('subject', '=', '192.0.2.90')
      .execute();
    expect(addressCounters).toEqual([]);
    // one pixel replayed
    const replay = { clientIp: '192.0.2.91', token: 'pixel-replayed', genuine: true };
    for (let i = 0; i < trackedLinkLimits.perToken; i++) {
      expect(await countPublicHit(db(), trackedLinkLimits, replay)).toBeNull();
    }
    expect(await countPublicHit(db(), trackedLinkLimits, replay)).toBeGreaterThan(0);
    // forgeries from one address
    const forged = (i: number) => ({
      clientIp: '192.0.2.92',
      token: `forged-${i}`,
      genuine: false,
    });
    for (let i = 0; i < trackedLinkLimits.perAddress; i++) {
      expect(await countPublicHit(db(), trackedLinkLimits, forged(i))).toBeNull();
    }
    expect(await countPublicHit(db(), trackedLinkLimits, forged(99))).toBeGreaterThan(0);
  });

  it('takes the browser’s first language of ours', () => {
    expect(acceptedLanguage('de-DE,zh-CN;q=0.9,en;q=0.8')).toBe('zh');
    expect(acceptedLanguage('en;q=0.5,ru;q=0.9')).toBe('ru');
    expect(acceptedLanguage(undefined)).toBe('ru');
    expect(acceptedLanguage('fr')).toBe('ru');
  });
});
