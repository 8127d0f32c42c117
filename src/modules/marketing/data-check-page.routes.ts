import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';
import { maskAddress, maskEmail, maskPhone } from './data-check-mask.ts';
import { dataCheckAnswers, type DataCheckAnswer } from './data-check.schema.ts';
import {
  answerDataCheck,
  contactDataOf,
  dataCheckState,
  type ContactData,
  type DataCheckState,
} from './data-check.service.ts';
import { dataCheckWords } from './data-check-texts.ts';
import { escapeHtml, htmlPage, tokenQuery, type PageLanguage } from './public-page.ts';
import { pageLimits, publicRateLimit } from './public-rate-limit.ts';

const answerBody = z.object({
  answer: z.enum(dataCheckAnswers),
  note: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((value) => value || null),
});

function contactList(language: PageLanguage, data: ContactData): string {
  const w = dataCheckWords[language];
  const row = (label: string, values: string[]) =>
    `<dt>${label}</dt><dd>${values.length ? values.map(escapeHtml).join('<br>') : w.none}</dd>`;
  return (
    `<dl data-contact>${row(w.name, [data.name])}` +
    row(w.phones, data.phones.map(maskPhone)) +
    row(w.emails, data.emails.map(maskEmail)) +
    row(w.address, data.addresses.map(maskAddress)) +
    `</dl>`
  );
}

function openBody(language: PageLanguage, data: ContactData): string {
  const w = dataCheckWords[language];
  // a GET only shows the buttons: mail scanners follow links and must not answer anything
  return (
    `<h1>${w.pageTitle}</h1><p>${w.pageLead}</p>${contactList(language, data)}` +
    `<form method="post"><input type="hidden" name="answer" value="correct">` +
    `<button type="submit" data-answer="correct">${w.correct}</button></form>` +
    `<form method="post" style="margin-top:1.5rem"><input type="hidden" name="answer" value="wrong">` +
    `<label for="note">${w.wrongHint}</label><br>` +
    `<textarea id="note" name="note" rows="4" maxlength="2000" style="width:100%"></textarea><br>` +
    `<button type="submit" data-answer="wrong">${w.wrong}</button></form>`
  );
}

function closedPage(
  reply: FastifyReply,
  found: Exclude<DataCheckState, { state: 'open' }>,
  justNow: boolean,
) {
  if (found.state === 'invalid') {
    return htmlPage(
      reply,
      404,
      'ru',
      dataCheckWords.ru.pageTitle,
      `<p data-state="invalid">${dataCheckWords.ru.invalid}</p>`,
    );
  }
  const w = dataCheckWords[found.language];
  const text =
    found.state === 'expired'
      ? w.expired
      : found.state === 'replaced'
        ? w.replaced
        : justNow
          ? found.answer === 'correct'
            ? w.thanksCorrect
            : w.thanksWrong
          : w.answered;
  // a replaced link is gone for good, as an expired one: only the newer letter's link answers
  const status =
    found.state === 'expired' || found.state === 'replaced' ? 410 : justNow ? 200 : 409;
  return htmlPage(
    reply,
    status,
    found.language,
    w.pageTitle,
    `<p data-state="${found.state}">${text}</p>`,
  );
}

/**
 * The public page of a "please confirm your data" letter (/m/d, beside /m/u, /m/e and /m/f):
 * no login, the signed token is its only credential, and it shows only the person's own data.
 * Rate-limited per client address and per token (public-rate-limit.ts), since it shows
 * personal data.
 */
export async function registerDataCheckPages(plugin: App): Promise<void> {
  // the page's plain HTML forms post urlencoded bodies (its own plugin: its own parser)
  plugin.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const limit = publicRateLimit(plugin, pageLimits);

  plugin.get(
    '/m/d',
    { onRequest: limit, schema: { hide: true, querystring: tokenQuery } },
    async (request, reply) => {
      const found = await dataCheckState(plugin.db, request.query.t);
      if (found.state !== 'open') return closedPage(reply, found, false);
      const data = await contactDataOf(plugin.db, found.customerId);
      return htmlPage(
        reply,
        200,
        found.language,
        dataCheckWords[found.language].pageTitle,
        openBody(found.language, data),
      );
    },
  );

  plugin.post(
    '/m/d',
    { onRequest: limit, schema: { hide: true, querystring: tokenQuery, body: answerBody } },
    async (request, reply) => {
      const answer: DataCheckAnswer = request.body.answer;
      const { found, recorded } = await answerDataCheck(
        plugin.db,
        request.query.t,
        answer,
        request.body.note,
      );
      // a request that stayed open (expired in between) reads as expired
      if (found.state === 'open') {
        return closedPage(
          reply,
          { state: 'expired', language: found.language, answer: null },
          false,
        );
      }
      return closedPage(reply, found, recorded);
    },
  );
}
