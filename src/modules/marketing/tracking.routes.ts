import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import {
  cancelRegistration,
  eventPlace,
  registerForEvent,
  type EventPlace,
} from './events.service.ts';
import { registerFeedbackPages } from './feedback-page.routes.ts';
import { startsLocal } from './event-times.ts';
import { linkSignerFor, preferencesLink, publicBaseUrl, type LinkSigner } from './links.ts';
import { registerPreferencesPages } from './preferences-page.routes.ts';
import { escapeHtml, htmlPage, languageOf, tokenQuery, type PageLanguage } from './public-page.ts';
import {
  pageLimits,
  publicRateLimit,
  shortLinkLimits,
  trackedLinkLimits,
} from './public-rate-limit.ts';
import { followSmsLink } from './sms-links.ts';
import { recordClick, recordOpen, unsubscribe } from './tracking.service.ts';

/**
 * Public links from e-mails and SMS (no login): the open pixel, click redirects (an SMS's short
 * links among them) and the unsubscribe page. They live outside /api/ on purpose: a signed
 * token or a random code is their only credential, and a browser that happens to hold a CRM
 * session must not turn them into session requests. Each is under public-rate-limit.ts's
 * limit (guesses per address, one link per token).
 */

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
    preferences: 'Or choose which messages you receive',
    invalid: 'This link is not valid or has expired.',
  },
  ru: {
    title: 'Отписка',
    ask: 'Вы хотите отказаться от наших рекламных писем?',
    button: 'Отписаться',
    done: 'Вы отписаны. Рекламные письма больше не будут приходить.',
    preferences: 'Или выберите, какие сообщения получать',
    invalid: 'Ссылка недействительна или устарела.',
  },
  zh: {
    title: '退订',
    ask: '您要停止接收我们的营销邮件吗？',
    button: '退订',
    done: '您已退订，今后将不再收到我们的营销邮件。',
    preferences: '或选择您希望接收的消息',
    invalid: '此链接无效或已过期。',
  },
} as const;

const eventTexts = {
  en: {
    title: 'Registration',
    register: 'Register',
    cancel: 'Cancel my registration',
    registered: 'You are registered. We look forward to seeing you.',
    waitlisted:
      'The event is full: you are number {n} on the waiting list. We will tell you when a place frees up.',
    cancelled: 'Your registration is cancelled.',
    closed: 'Registration is closed.',
    eventCancelled: 'This event has been cancelled. We apologise.',
  },
  ru: {
    title: 'Регистрация',
    register: 'Зарегистрироваться',
    cancel: 'Отменить регистрацию',
    registered: 'Вы зарегистрированы. Ждём вас.',
    waitlisted: 'Мест нет: вы {n}-й в листе ожидания. Мы сообщим, когда освободится место.',
    cancelled: 'Ваша регистрация отменена.',
    closed: 'Регистрация закрыта.',
    eventCancelled: 'Мероприятие отменено. Приносим извинения.',
  },
  zh: {
    title: '报名',
    register: '报名',
    cancel: '取消报名',
    registered: '您已报名成功，期待您的光临。',
    waitlisted: '名额已满：您在候补名单中排第 {n} 位，有空位时我们会通知您。',
    cancelled: '您的报名已取消。',
    closed: '报名已截止。',
    eventCancelled: '本次活动已取消，敬请谅解。',
  },
} as const;

/** The invitee's page: the event, his place, and the one button that applies. */
function eventBody(
  language: PageLanguage,
  event: EventPlace['event'],
  place: EventPlace | null,
  open: boolean,
): string {
  const texts = eventTexts[language];
  const ends = event.endsAt ? new Date(event.endsAt) : null;
  const when = startsLocal(new Date(event.startsAt), event.timeZone, language, ends);
  // a cancelled event's places mean nothing any more: its notice says so instead
  const state = event.cancelled
    ? ''
    : place?.status === 'registered'
      ? texts.registered
      : place?.status === 'waitlisted'
        ? texts.waitlisted.replace('{n}', String(place.waitlistPosition ?? ''))
        : place?.status === 'cancelled'
          ? texts.cancelled
          : '';
  const button = (action: 'register' | 'cancel') =>
    `<form method="post"><input type="hidden" name="action" value="${action}">` +
    `<button type="submit">${texts[action]}</button></form>`;
  const action = event.cancelled
    ? `<p data-state="event_cancelled">${texts.eventCancelled}</p>`
    : !open
      ? `<p>${texts.closed}</p>`
      : place && place.status !== 'cancelled'
        ? button('cancel')
        : button('register');
  return (
    `<h1>${escapeHtml(event.name)}</h1><p>${escapeHtml(when)}` +
    `${event.venue ? ` · ${escapeHtml(event.venue)}` : ''}</p>` +
    `${state ? `<p data-status="${place!.status}">${state}</p>` : ''}${action}`
  );
}

/** The way from the unsubscribe page to the person's preferences page (his own signed link). */
function preferencesParagraph(signer: LinkSigner, customerId: string, language: PageLanguage) {
  const href = escapeHtml(preferencesLink(signer, publicBaseUrl(), customerId));
  return `<p><a href="${href}" data-link="preferences">${pageTexts[language].preferences}</a></p>`;
}

function page(reply: FastifyReply, status: number, language: PageLanguage, body: string) {
  return htmlPage(reply, status, language, pageTexts[language].title, body);
}

export async function registerTrackingRoutes(plugin: App): Promise<void> {
  // plain HTML forms and RFC 8058 one-click unsubscribe post urlencoded bodies
  plugin.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  await registerEventPages(plugin);
  await registerFeedbackPages(plugin);
  registerPreferencesPages(plugin);
  const pageLimit = publicRateLimit(plugin, pageLimits);
  const trackedLimit = publicRateLimit(plugin, trackedLinkLimits);

  plugin.get(
    '/m/o.gif',
    { onRequest: trackedLimit, schema: { hide: true, querystring: tokenQuery } },
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
    { onRequest: trackedLimit, schema: { hide: true, querystring: tokenQuery } },
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

  // an SMS's short link; a HEAD (a messenger's link preview) is answered but is no click
  plugin.get(
    '/s/:code',
    {
      onRequest: publicRateLimit(plugin, shortLinkLimits),
      schema: { hide: true, params: z.object({ code: z.string().max(100) }) },
    },
    async (request, reply) => {
      const target = await followSmsLink(plugin.db, request.params.code, request.method === 'GET');
      if (!target) return page(reply, 404, 'en', `<p>${pageTexts.en.invalid}</p>`);
      // href: a Cyrillic host or path in punycode and percent-escapes, as a header must be
      return reply.header('cache-control', 'no-store').redirect(new URL(target).href, 302);
    },
  );

  plugin.get(
    '/m/u',
    { onRequest: pageLimit, schema: { hide: true, querystring: tokenQuery } },
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
        `<h1>${texts.title}</h1><p>${texts.ask}</p><form method="post"><button type="submit">${texts.button}</button></form>` +
          preferencesParagraph(signer, payload.p, language),
      );
    },
  );

  plugin.post(
    '/m/u',
    { onRequest: pageLimit, schema: { hide: true, querystring: tokenQuery } },
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
        `<h1>${pageTexts[language].title}</h1><p>${pageTexts[language].done}</p>` +
          preferencesParagraph(signer, payload.p, language),
      );
    },
  );
}

/** The event registration page of a personal link (outside /api, like the other links). */
export async function registerEventPages(plugin: App): Promise<void> {
  const show = async (
    reply: FastifyReply,
    token: string,
    action?: 'register' | 'cancel',
  ): Promise<FastifyReply> => {
    const signer = await linkSignerFor(plugin.db);
    const payload = signer.verify(token);
    if (payload?.k !== 'event') return page(reply, 404, 'ru', `<p>${pageTexts.ru.invalid}</p>`);
    const language = await languageOf(plugin, payload.p);
    try {
      if (action === 'register') await registerForEvent(plugin.db, payload.c, payload.p);
      if (action === 'cancel') await cancelRegistration(plugin.db, payload.c, payload.p);
    } catch (error) {
      // an event that has begun answers its page with "closed", not an error
      if (!(error instanceof AppError) || error.status !== 409) throw error;
    }
    let found;
    try {
      found = await eventPlace(plugin.db, payload.c, payload.p);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        return page(reply, 404, language, `<p>${pageTexts[language].invalid}</p>`);
      }
      throw error;
    }
    const open = new Date(found.event.startsAt) > new Date();
    return page(reply, 200, language, eventBody(language, found.event, found.place, open));
  };
  const limit = publicRateLimit(plugin, pageLimits);
  plugin.get(
    '/m/e',
    { onRequest: limit, schema: { hide: true, querystring: tokenQuery } },
    (request, reply) => show(reply, request.query.t),
  );
  plugin.post(
    '/m/e',
    {
      onRequest: limit,
      schema: {
        hide: true,
        querystring: tokenQuery,
        body: z.object({ action: z.enum(['register', 'cancel']) }),
      },
    },
    (request, reply) => show(reply, request.query.t, request.body.action),
  );
}
