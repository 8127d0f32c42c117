import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { App } from '../../http/types.ts';
import { countFixedWindowHit } from '../../lib/fixed-window.ts';
import { linkSignerFor } from './links.ts';
import { htmlPage, languageOf, type PageLanguage } from './public-page.ts';

/**
 * One rate limit for every public page and link of the module (no login: the signed token or
 * the short code is the only credential). Counted per client address, so guessing tokens is
 * slow, and per token, so one leaked link hammered from many addresses is slow too. One window
 * for every counter of the table (fixed-window.ts clears by the window).
 */
export const publicWindowSeconds = 600;

/** Requests in one window before 429; null: not counted that way. */
export type PublicLimits = {
  name: 'page' | 'short_link' | 'tracked_link';
  perAddress: number | null;
  perToken: number | null;
};

/**
 * The pages a person reads and answers (/m/u, /m/e, /m/f, /m/d): they show his data or change
 * something for him. Ten views or answers of one link in ten minutes is more than anyone needs.
 */
export const pageLimits: PublicLimits = { name: 'page', perAddress: 30, perToken: 10 };

/**
 * SMS short links (/s/<code>): a random code is guessable in principle, but phones share a
 * carrier's few addresses (CGNAT), so the per-address limit is looser than the pages'.
 */
export const shortLinkLimits: PublicLimits = { name: 'short_link', perAddress: 120, perToken: 30 };

/**
 * The open pixel and the e-mail click redirect (/m/o.gif, /m/c): HMAC-signed, so there is
 * nothing to guess, and mail providers' image proxies and link scanners fetch them from a
 * few addresses for everybody: only a token replayed over and over is held back.
 */
export const trackedLinkLimits: PublicLimits = {
  name: 'tracked_link',
  perAddress: null,
  perToken: 30,
};

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Counts one request of a public page; null while within the limits, else the seconds until
 * the exceeded window ends. An address past its limit is not counted per token as well.
 * `at` stands in for the database's clock in tests.
 */
export async function countPublicHit(
  db: Db,
  limits: PublicLimits,
  request: { clientIp: string; token: string },
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
  if (limits.perAddress !== null) {
    const wait = await count('address', request.clientIp, limits.perAddress);
    if (wait !== null) return wait;
  }
  if (limits.perToken !== null && request.token) {
    return count('token', tokenHash(request.token), limits.perToken);
  }
  return null;
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
  const found = ranked.find((entry) => ['en', 'ru', 'zh'].includes(entry.tag));
  return (found?.tag as PageLanguage | undefined) ?? 'ru';
}

/** The person's own language when the token is ours and names him, else the browser's. */
async function limitedLanguage(
  plugin: App,
  request: FastifyRequest,
  token: string,
): Promise<PageLanguage> {
  const payload = token ? (await linkSignerFor(plugin.db)).verify(token) : null;
  if (payload && 'p' in payload) return languageOf(plugin, payload.p);
  return acceptedLanguage(request.headers['accept-language']);
}

/**
 * The route hook (`onRequest`, before the body is read) that counts a public request and
 * answers 429 past the limit, with Retry-After and the wait in the person's language: an HTML
 * page, or JSON when the client asks for JSON.
 */
export function publicRateLimit(plugin: App, limits: PublicLimits) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = tokenOf(request);
    const wait = await countPublicHit(plugin.db, limits, { clientIp: request.ip, token });
    if (wait === null) return;
    const language = await limitedLanguage(plugin, request, token);
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
