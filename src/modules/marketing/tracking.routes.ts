import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';
import { linkSignerFor } from './links.ts';
import { recordClick, recordOpen, unsubscribe } from './tracking.service.ts';

/**
 * Public links from e-mails (no login): the open pixel, click redirects and the unsubscribe
 * page. They live outside /api/ on purpose: a signed token is their only credential, and a
 * browser that happens to hold a CRM session must not turn them into session requests.
 */
// the token travels in the query string: path parameters are limited to 100 characters
const tokenQuery = z.object({ t: z.string().max(8000).default('') });

/** A transparent 1x1 GIF (also the journeys' open pixel). */
export const trackingPixel = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

const pageTexts = {
  en: {
    title: 'Unsubscribe',
    ask: 'Do you want to stop receiving our marketing e-mails?',
    button: 'Unsubscribe',
    done: 'You are unsubscribed. You will not receive our marketing e-mails any more.',
    invalid: 'This link is not valid or has expired.',
  },
  ru: {
    title: 'Отписка',
    ask: 'Вы хотите отказаться от наших рекламных писем?',
    button: 'Отписаться',
    done: 'Вы отписаны. Рекламные письма больше не будут приходить.',
    invalid: 'Ссылка недействительна или устарела.',
  },
  zh: {
    title: '退订',
    ask: '您要停止接收我们的营销邮件吗？',
    button: '退订',
    done: '您已退订，今后将不再收到我们的营销邮件。',
    invalid: '此链接无效或已过期。',
  },
} as const;
type PageLanguage = keyof typeof pageTexts;

function page(reply: FastifyReply, status: number, language: PageLanguage, body: string) {
  const texts = pageTexts[language];
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${texts.title}</title>` +
        `<style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style>` +
        `</head><body>${body}</body></html>`,
    );
}

async function languageOf(app: App, customerId: string): Promise<PageLanguage> {
  const row = await app.db
    .selectFrom('customers')
    .select('preferred_language')
    .where('id', '=', customerId)
    .executeTakeFirst();
  return (row?.preferred_language as PageLanguage | null) ?? 'ru';
}

export async function registerTrackingRoutes(plugin: App): Promise<void> {
  // plain HTML forms and RFC 8058 one-click unsubscribe post urlencoded bodies
  plugin.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  plugin.get(
    '/m/o.gif',
    { schema: { hide: true, querystring: tokenQuery } },
    async (request, reply) => {
      const signer = await linkSignerFor(plugin.db);
      const payload = signer.verify(request.query.t);
      if (payload?.k === 'open') await recordOpen(plugin.db, payload.c, payload.p);
      // the image answers the same either way: a pixel must never break the mail's layout
      return reply
        .header('content-type', 'image/gif')
        .header('cache-control', 'no-store, private')
        .send(trackingPixel);
    },
  );

  plugin.get(
    '/m/c',
    { schema: { hide: true, querystring: tokenQuery } },
    async (request, reply) => {
      const signer = await linkSignerFor(plugin.db);
      const payload = signer.verify(request.query.t);
      if (payload?.k !== 'click' || !/^https?:\/\//.test(payload.u)) {
        return page(reply, 404, 'en', `<p>${pageTexts.en.invalid}</p>`);
      }
      await recordClick(plugin.db, payload.c, payload.p);
      // only the address signed into the token: the redirect cannot be pointed elsewhere
      return reply.header('cache-control', 'no-store').redirect(payload.u, 302);
    },
  );

  plugin.get(
    '/m/u',
    { schema: { hide: true, querystring: tokenQuery } },
    async (request, reply) => {
      const signer = await linkSignerFor(plugin.db);
      const payload = signer.verify(request.query.t);
      if (payload?.k !== 'unsubscribe')
        return page(reply, 404, 'ru', `<p>${pageTexts.ru.invalid}</p>`);
      const language = await languageOf(plugin, payload.p);
      const texts = pageTexts[language];
      // a GET only asks: mail scanners follow links, and must not unsubscribe anybody
      return page(
        reply,
        200,
        language,
        `<h1>${texts.title}</h1><p>${texts.ask}</p><form method="post"><button type="submit">${texts.button}</button></form>`,
      );
    },
  );

  plugin.post(
    '/m/u',
    { schema: { hide: true, querystring: tokenQuery } },
    async (request, reply) => {
      const signer = await linkSignerFor(plugin.db);
      const payload = signer.verify(request.query.t);
      if (payload?.k !== 'unsubscribe')
        return page(reply, 404, 'ru', `<p>${pageTexts.ru.invalid}</p>`);
      await unsubscribe(plugin.db, {
        campaignId: payload.c,
        customerId: payload.p,
        channel: payload.ch,
      });
      const language = await languageOf(plugin, payload.p);
      return page(
        reply,
        200,
        language,
        `<h1>${pageTexts[language].title}</h1><p>${pageTexts[language].done}</p>`,
      );
    },
  );
}
