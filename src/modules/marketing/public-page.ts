import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.ts';

/**
 * What the public pages of signed links share (unsubscribe, event registration, feedback):
 * the token query, the person's language and a small HTML page that is never cached.
 */
// the token travels in the query string: path parameters are limited to 100 characters
export const tokenQuery = z.object({ t: z.string().max(8000).default('') });

export type PageLanguage = 'en' | 'ru' | 'zh';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

// The customer sees these pages from a letter on his phone: readable type, large buttons.
const pageStyle =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;' +
  'max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1b1e;line-height:1.5}' +
  'h1{font-size:1.6rem;line-height:1.25}' +
  'dt{color:#666;font-size:.9rem}dd{margin:0 0 .75rem}' +
  'button{font:inherit;padding:.55rem 1.1rem;border-radius:6px;border:1px solid #1c7ed6;' +
  'background:#1c7ed6;color:#fff;cursor:pointer;margin:.25rem 0}' +
  'textarea,input,select{font:inherit;width:100%;box-sizing:border-box;padding:.4rem;' +
  'border:1px solid #ced4da;border-radius:6px}';

export function htmlPage(
  reply: FastifyReply,
  status: number,
  language: PageLanguage,
  title: string,
  body: string,
) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
        `<style>${pageStyle}</style>` +
        `</head><body>${body}</body></html>`,
    );
}

/** A stored preferred language as a page's; Russian when none or unknown (most customers are in RU). */
export const pageLanguage = (value: string | null | undefined): PageLanguage =>
  value === 'en' || value === 'zh' || value === 'ru' ? value : 'ru';

/** The person's language for a page (pageLanguage of his preferred one). */
export async function languageOf(app: App, customerId: string): Promise<PageLanguage> {
  const row = await app.db
    .selectFrom('customers')
    .select('preferred_language')
    .where('id', '=', customerId)
    .executeTakeFirst();
  return pageLanguage(row?.preferred_language);
}
