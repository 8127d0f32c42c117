import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { App } from '../../http/types.ts';
import { countFixedWindowHit } from '../../lib/fixed-window.ts';
import { linkSignerFor } from './links.ts';
import { htmlPage, languageOf, pageLanguage, type PageLanguage } from './public-page.ts';

/**
 * One rate limit for every public page and link of the module (no login: the signed token or
 * the short code is the only credential). Guesses are counted per client address, so guessing
 * is slow; a real link is counted per token, so one leaked link hammered from many addresses
 * is slow too. A genuine signed token (links.ts, HMAC) is proof enough that its holder is no
 * guesser, so it is not counted per address: mail providers post one-click unsubscribes and
 * fetch pixels for all their users from a few addresses, and those must never be refused.
 * One window for every counter of the table (fixed-window.ts clears by the window).
 */
export const publicWindowSeconds = 600;

/** Requests in one window before 429. */
export type PublicLimits = {
  name: 'page' | 'short_link' | 'tracked_link';
  /** the route's tokens are signed: a genuine one counts per token only, any other per address */
  signed: boolean;
  perAddress: number;
  perToken: number;
};

/**
 * The pages a person reads and answers (/m/u, /m/e, /m/f, /m/d): they show his data or change
 * something for him. Ten views or answers of one link in ten minutes is more than anyone needs.
 */
export const pageLimits: PublicLimits = {
  name: 'page',
  signed: true,
  perAddress: 30,
  perToken: 10,
};

/**
 * SMS short links (/s/<code>): random codes, not signed, so every request counts per address
 * and then per code; phones share a carrier's few addresses (CGNAT), so the limit is looser.
 */
export const shortLinkLimits: PublicLimits = {
  name: 'short_link',
  signed: false,
  perAddress: 120,
  perToken: 30,
};

/** The open pixel and the e-mail click redirect (/m/o.gif, /m/c): a replayed link is held back. */
export const trackedLinkLimits: PublicLimits = {
  name: 'tracked_link',
  signed: true,
  perAddress: 30,
  perToken: 30,
};

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Counts one request of a public page; null while within the limits, else the seconds until
 * the exceeded window ends. `genuine`: the token verified as ours (routes with signed tokens).
 * An address past its limit is not counted per token as well. `at` stands in for the
 * database's clock in tests.
 */
export async function countPublicHit(
  db: Db,
  limits: PublicLimits,
  request: { clientIp: string; token: string; genuine: boolean },
  at?: Date,
): Promise<number | null> {
  const count = async (kind: 'address' | 'token', subject: string, limit: number) => {
    const { hits, windowEnd } = await countFixedWindowHit(
      db,
      'marketing_public_hits',
      { counter: `${limits.name}_${kind}`, subject },
      publicWindowSeconds,
      at,
    );
    if (hits <= limit) return null;
    return Math.max(1, Math.ceil((windowEnd.getTime() - (at ?? new Date()).getTime()) / 1000));
  };
  if (!limits.signed || !request.genuine) {
    const wait = await count('address', request.clientIp, limits.perAddress);
    // a forged or expired token is a guess: nothing to count it against per token
    if (wait !== null || limits.signed) return wait;
  }
  return request.token ? count('token', tokenHash(request.token), limits.perToken) : null;
}

const tooManyWords: Record<PageLanguage, { title: string; text: string }> = {
  en: {
    title: 'Too many requests',
    text: 'Too many requests. Please try again in {minutes} min.',
  },
  ru: {
    title: 'Слишком много запросов',
    text: 'Слишком много запросов. Попробуйте снова через {minutes} мин.',
  },
  zh: {
    title: '请求过多',
    text: '请求过多，请在 {minutes} 分钟后重试。',
  },
};

/** The token of a public request: the query's `t`, or a short link's code. */
function tokenOf(request: FastifyRequest): string {
  const query = request.query as { t?: unknown } | undefined;
  if (typeof query?.t === 'string') return query.t;
  const params = request.params as { code?: unknown } | undefined;
  return typeof params?.code === 'string' ? params.code : '';
}

/** The browser's first language of ours (Accept-Language), else Russian. */
export function acceptedLanguage(header: string | undefined): PageLanguage {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  // pageLanguage knows our languages and falls back to Russian
  return pageLanguage(ranked.find((entry) => pageLanguage(entry.tag) === entry.tag)?.tag);
}

/**
 * The route hook (`onRequest`, before the body is read) that counts a public request and
 * answers 429 past the limit, with Retry-After and the wait in the person's language: an HTML
 * page, or JSON when the client asks for JSON.
 */
export function publicRateLimit(plugin: App, limits: PublicLimits) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = tokenOf(request);
    // verifying is an HMAC in memory: no database read for a guess
    const payload = limits.signed && token ? (await linkSignerFor(plugin.db)).verify(token) : null;
    const wait = await countPublicHit(plugin.db, limits, {
      clientIp: request.ip,
      token,
      genuine: Boolean(payload),
    });
    if (wait === null) return;
    // the person's own language when the link is his, else the browser's
    const language = payload
      ? await languageOf(plugin, payload.p)
      : acceptedLanguage(request.headers['accept-language']);
    const words = tooManyWords[language];
    const text = words.text.replace('{minutes}', String(Math.ceil(wait / 60)));
    reply.header('retry-after', String(wait));
    const accept = request.headers.accept ?? '';
    if (accept.includes('application/json') && !accept.includes('text/html')) {
      return reply
        .status(429)
        .type('application/json')
        .send({
          error: { code: 'rate_limited', message: text, retryAfterSeconds: wait },
        });
    }
    return htmlPage(reply, 429, language, words.title, `<p data-state="rate_limited">${text}</p>`);
  };
}
