import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';
import { languages } from '../customers/index.ts';
import { linkSignerFor } from './links.ts';
import {
  preferenceChannels,
  preferencesOf,
  savePreferences,
  type Preferences,
} from './preferences.service.ts';
import { pageLimits, publicRateLimit } from './public-rate-limit.ts';
import { htmlPage, pageLanguage, tokenQuery, type PageLanguage } from './public-page.ts';

const texts = {
  en: {
    title: 'Your preferences',
    ask: 'How may we send you news and offers? Untick what you do not want.',
    email: 'E-mail',
    sms: 'SMS',
    phone: 'Phone calls',
    post: 'Letters by post',
    held: 'We do not use this channel for you at the moment (for example, mail to your address came back). Please tell your dealer if it should change.',
    language: 'Language of our messages',
    save: 'Save',
    saved: 'Saved. Thank you.',
    invalid: 'This link is not valid or has expired.',
  },
  ru: {
    title: 'Ваши настройки',
    ask: 'Как нам присылать вам новости и предложения? Снимите отметку там, где не хотите.',
    email: 'Электронная почта',
    sms: 'SMS',
    phone: 'Звонки',
    post: 'Письма по почте',
    held: 'Сейчас мы не используем этот канал для вас (например, письмо на ваш адрес вернулось). Если это нужно изменить, сообщите дилеру.',
    language: 'Язык наших сообщений',
    save: 'Сохранить',
    saved: 'Сохранено. Спасибо.',
    invalid: 'Ссылка недействительна или устарела.',
  },
  zh: {
    title: '您的偏好设置',
    ask: '我们可以通过哪些方式向您发送资讯和优惠？不需要的请取消勾选。',
    email: '电子邮件',
    sms: '短信',
    phone: '电话',
    post: '邮寄信件',
    held: '目前我们暂不通过此渠道联系您（例如发往您地址的邮件被退回）。如需更改，请告知您的经销商。',
    language: '消息语言',
    save: '保存',
    saved: '已保存，谢谢。',
    invalid: '此链接无效或已过期。',
  },
} as const;

const languageNames: Record<(typeof languages)[number], string> = {
  ru: 'Русский',
  en: 'English',
  zh: '中文',
};

function form(language: PageLanguage, preferences: Preferences, saved: boolean): string {
  const t = texts[language];
  const rows = preferences.channels
    .map(
      (row) =>
        `<p><label><input type="checkbox" name="${row.channel}" value="on"` +
        `${row.granted ? ' checked' : ''} style="width:auto"> ${t[row.channel]}</label>` +
        `${row.heldByStaff ? `<br><small data-held="${row.channel}">${t.held}</small>` : ''}</p>`,
    )
    .join('');
  const options = languages
    .map(
      (code) =>
        `<option value="${code}"${code === preferences.language ? ' selected' : ''}>${languageNames[code]}</option>`,
    )
    .join('');
  return (
    `<h1>${t.title}</h1>${saved ? `<p data-state="saved">${t.saved}</p>` : ''}<p>${t.ask}</p>` +
    `<form method="post">${rows}<p><label>${t.language}<select name="language">${options}</select></label></p>` +
    `<input type="hidden" name="form" value="preferences"><button type="submit">${t.save}</button></form>`
  );
}

const checkbox = z.literal('on').optional();

/**
 * The person's preferences page (/m/p beside /m/u and /m/e), from his signed, expiring link.
 * A GET only shows the form (mail scanners follow links); the POST saves it. Registered with
 * the other public pages, whose plugin parses the form posts.
 */
export function registerPreferencesPages(plugin: App): void {
  const show = async (
    reply: FastifyReply,
    token: string,
    chosen?: { accepted: (typeof preferenceChannels)[number][]; language?: string | undefined },
  ) => {
    const signer = await linkSignerFor(plugin.db);
    const payload = signer.verify(token);
    if (payload?.k !== 'preferences') {
      return htmlPage(reply, 404, 'ru', texts.ru.title, `<p>${texts.ru.invalid}</p>`);
    }
    const preferences = chosen
      ? await savePreferences(plugin.db, payload.p, {
          accepted: chosen.accepted,
          language: languages.find((code) => code === chosen.language),
        })
      : await preferencesOf(plugin.db, payload.p);
    if (!preferences) {
      return htmlPage(reply, 404, 'ru', texts.ru.title, `<p>${texts.ru.invalid}</p>`);
    }
    const language = pageLanguage(preferences.language);
    return htmlPage(
      reply,
      200,
      language,
      texts[language].title,
      form(language, preferences, chosen !== undefined),
    );
  };
  const limit = publicRateLimit(plugin, pageLimits);
  plugin.get(
    '/m/p',
    { onRequest: limit, schema: { hide: true, querystring: tokenQuery } },
    (request, reply) => show(reply, request.query.t),
  );
  plugin.post(
    '/m/p',
    {
      onRequest: limit,
      schema: {
        hide: true,
        querystring: tokenQuery,
        body: z.object({
          email: checkbox,
          sms: checkbox,
          phone: checkbox,
          post: checkbox,
          language: z.enum(languages).optional(),
        }),
      },
    },
    (request, reply) =>
      show(reply, request.query.t, {
        accepted: preferenceChannels.filter((channel) => request.body[channel] === 'on'),
        language: request.body.language,
      }),
  );
}
