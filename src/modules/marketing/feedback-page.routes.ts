import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';
import { ratingOf, recordRating } from './event-feedback.ts';
import { linkSignerFor } from './links.ts';
import { pageLimits, publicRateLimit } from './public-rate-limit.ts';
import { escapeHtml, htmlPage, languageOf, tokenQuery, type PageLanguage } from './public-page.ts';

const texts = {
  en: {
    title: 'Your feedback',
    ask: 'How did you like it? 1 is poor, 5 is excellent.',
    thanks: 'Thank you! Your rating: {n} of 5.',
    notAttended: 'Only guests who came can rate the event.',
    invalid: 'This link is not valid or has expired.',
  },
  ru: {
    title: 'Ваш отзыв',
    ask: 'Как вам мероприятие? 1 — плохо, 5 — отлично.',
    thanks: 'Спасибо! Ваша оценка: {n} из 5.',
    notAttended: 'Оценить мероприятие могут только те, кто на нём был.',
    invalid: 'Ссылка недействительна или устарела.',
  },
  zh: {
    title: '您的反馈',
    ask: '您对本次活动满意吗？1 分为差，5 分为非常好。',
    thanks: '谢谢！您的评分：{n} / 5。',
    notAttended: '只有到场的客人才能为活动评分。',
    invalid: '此链接无效或已过期。',
  },
} as const;

function body(language: PageLanguage, eventName: string, rating: number | null, attended: boolean) {
  const t = texts[language];
  if (!attended) return `<h1>${escapeHtml(eventName)}</h1><p>${t.notAttended}</p>`;
  // a GET only shows the buttons: mail scanners follow links and must not rate anything
  const buttons = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<button type="submit" name="rating" value="${n}"${n === rating ? ' aria-pressed="true"' : ''}>${n}</button>`,
    )
    .join(' ');
  return (
    `<h1>${escapeHtml(eventName)}</h1>` +
    (rating === null
      ? ''
      : `<p data-rating="${rating}">${t.thanks.replace('{n}', String(rating))}</p>`) +
    `<p>${t.ask}</p><form method="post">${buttons}</form>`
  );
}

/** An attendee's feedback page (/m/f beside the registration page /m/e), signed per person. */
export async function registerFeedbackPages(plugin: App): Promise<void> {
  const show = async (reply: FastifyReply, token: string, rating?: number) => {
    const signer = await linkSignerFor(plugin.db);
    const payload = signer.verify(token);
    if (payload?.k !== 'feedback') {
      return htmlPage(reply, 404, 'ru', texts.ru.title, `<p>${texts.ru.invalid}</p>`);
    }
    const language = await languageOf(plugin, payload.p);
    if (rating !== undefined) await recordRating(plugin.db, payload.c, payload.p, rating);
    const found = await ratingOf(plugin.db, payload.c, payload.p);
    if (!found) {
      return htmlPage(
        reply,
        404,
        language,
        texts[language].title,
        `<p>${texts[language].invalid}</p>`,
      );
    }
    return htmlPage(
      reply,
      200,
      language,
      texts[language].title,
      body(language, found.eventName, found.rating, found.attended),
    );
  };
  const limit = publicRateLimit(plugin, pageLimits);
  plugin.get(
    '/m/f',
    { onRequest: limit, schema: { hide: true, querystring: tokenQuery } },
    (request, reply) => show(reply, request.query.t),
  );
  plugin.post(
    '/m/f',
    {
      onRequest: limit,
      schema: {
        hide: true,
        querystring: tokenQuery,
        body: z.object({ rating: z.coerce.number().int().min(1).max(5) }),
      },
    },
    (request, reply) => show(reply, request.query.t, request.body.rating),
  );
}
