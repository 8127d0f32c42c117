import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { isPreferencesLink } from './links.ts';
import { recordClick } from './tracking.service.ts';

/**
 * Click tracking in SMS. An e-mail's signed click link is some 200 characters, more than an SMS
 * holds, so each link of an SMS becomes `<PUBLIC_URL>/s/<code>`: ten random base62 characters
 * (~59.5 bits, so guessing a live code is hopeless) and a row in marketing_sms_links saying
 * whose message it was and where it goes. The redirect follows only that stored target.
 */
export const shortCodeLength = 10;
const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const shortCodePattern = /^[0-9A-Za-z]{10}$/;

export function shortCode(): string {
  let code = '';
  while (code.length < shortCodeLength) {
    for (const byte of crypto.randomBytes(16)) {
      // 248 = 4 * 62: higher bytes are dropped so that every character is equally likely
      if (byte < 248 && code.length < shortCodeLength) code += alphabet[byte % 62];
    }
  }
  return code;
}

export const shortLinkUrl = (base: string, code: string) => `${base}/s/${code}`;

/**
 * A URL in an SMS runs over URL characters and Latin or Cyrillic letters (автосалон.рф);
 * anything else ends it: a space, or Chinese text, which is written without spaces.
 */
const urlPattern =
  /https?:\/\/[\p{Script=Latin}\p{Script=Cyrillic}0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gu;

const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * The URL without the sentence's punctuation after it ("see https://x.ru/a." ends at "a"); a
 * closing bracket belongs to the URL only when the URL opened one.
 */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const part = url.slice(0, end);
    const last = part[end - 1]!;
    if (".,;:!?'*".includes(last)) end -= 1;
    else if (last === ')' && count(part, '(') < count(part, ')')) end -= 1;
    else if (last === ']' && count(part, '[') < count(part, ']')) end -= 1;
    else return part;
  }
}

/** the URLs of a text with where they start, punctuation after them left out */
function urlsIn(text: string): { url: string; index: number }[] {
  const found = [];
  for (const match of text.matchAll(urlPattern)) {
    const url = trimUrl(match[0]);
    // at least a host ("https://." is no link), and a URL the redirect can follow
    if (/^https?:\/\/[^/?#]+/.test(url) && URL.canParse(url))
      found.push({ url, index: match.index });
  }
  return found;
}

/**
 * Which URLs of a rendered text the template itself wrote: only those are tracked, so data
 * filled in (a name holding a link) never becomes a redirect on the CRM's address. A link the
 * template wrote whole must come out whole; one it completes with data
 * ("https://shop.ru/{{vehicle.model}}") must keep at least the template's scheme and host.
 */
function writtenByTemplate(source: string): (url: string) => boolean {
  const whole = new Set<string>();
  const prefixes: string[] = [];
  for (const match of source.matchAll(urlPattern)) {
    if (source.startsWith('{{', match.index + match[0].length)) {
      if (/^https?:\/\/[^/?#]+[/?#]/.test(match[0])) prefixes.push(match[0]);
    } else {
      whole.add(trimUrl(match[0]));
    }
  }
  return (url) => whole.has(url) || prefixes.some((prefix) => url.startsWith(prefix));
}

/**
 * `noClick`: the person's own signed pages (the way out, his preferences), shortened to fit but
 * never counted as a click, as in e-mails
 */
export type SmsLink = { code: string; target: string; noClick?: true };

/**
 * The SMS as sent: each tracked URL replaced by a short link (one code per target and
 * message). Tracked are the template's own links and the CRM's pages on `base` (an event's
 * registration link). The unsubscribe and preferences links are shortened as well, since a
 * signed link alone would take two SMS parts, but as in e-mails following them is no click.
 */
export function shortenSmsLinks(
  text: string,
  input: { source: string; base: string; unsubscribe: string },
): { text: string; links: SmsLink[] } {
  const tracked = writtenByTemplate(input.source);
  const byTarget = new Map<string, string>();
  let out = '';
  let from = 0;
  const ownPage = (url: string) =>
    (input.unsubscribe !== '' && url === input.unsubscribe) || isPreferencesLink(input.base, url);
  for (const { url, index } of urlsIn(text)) {
    if (!ownPage(url) && !tracked(url) && !url.startsWith(`${input.base}/`)) continue;
    let code = byTarget.get(url);
    if (!code) {
      code = shortCode();
      byTarget.set(url, code);
    }
    out += text.slice(from, index) + shortLinkUrl(input.base, code);
    from = index + url.length;
  }
  out += text.slice(from);
  return {
    text: out,
    links: [...byTarget].map(([target, code]) =>
      ownPage(target) ? { code, target, noClick: true } : { code, target },
    ),
  };
}

/** Whose SMS the links are in: a campaign's (with the variant) or a journey run's step. */
export type SmsLinkOwner = { customerId: string; messageId: string } & (
  { campaignId: string; variant: string } | { journeyRunId: string; stepId: string }
);

/**
 * Stores the links of messages just written to the outbox, in the same transaction. A plain
 * insert: should two codes ever collide, the page fails and is retried rather than a link
 * leading to another person's target.
 */
export async function saveSmsLinks(
  tx: Tx,
  messages: { owner: SmsLinkOwner; links: SmsLink[] }[],
): Promise<void> {
  const rows = messages.flatMap(({ owner, links }) =>
    links.map((link) => ({
      code: link.code,
      customer_id: owner.customerId,
      message_id: owner.messageId,
      campaign_id: 'campaignId' in owner ? owner.campaignId : null,
      variant: 'campaignId' in owner ? owner.variant : null,
      journey_run_id: 'journeyRunId' in owner ? owner.journeyRunId : null,
      step_id: 'journeyRunId' in owner ? owner.stepId : null,
      target_url: link.target,
      // the column, named after the first such page, means "no click"
      unsubscribe: link.noClick ?? false,
    })),
  );
  if (rows.length > 0) await tx.insertInto('marketing_sms_links').values(rows).execute();
}

type JourneyClick = (
  db: Db,
  click: { runId: string; stepId: string; customerId: string },
) => Promise<void>;
let journeyClick: JourneyClick | undefined;

/** The journeys module records its steps' clicks on its own log (it imports marketing). */
export function onJourneySmsClick(handler: JourneyClick): void {
  journeyClick = handler;
}

/**
 * A short link followed: its stored target, or undefined for a code that is malformed or not
 * ours. With `record` the click counts on the link and, like an e-mail click, on the campaign's
 * recipient (campaign, variant and person: A/B test and ROI read it) or the journey's step;
 * the person's own pages (unsubscribe, preferences) lead there and count nowhere.
 */
export async function followSmsLink(
  db: Db,
  code: string,
  record: boolean,
): Promise<string | undefined> {
  if (!shortCodePattern.test(code)) return undefined;
  const link = record
    ? await db
        .updateTable('marketing_sms_links')
        .set((eb) => ({
          clicked_at: sql<Date>`coalesce(clicked_at, now())`,
          click_count: eb('click_count', '+', 1),
        }))
        .where('code', '=', code)
        .where('unsubscribe', '=', false)
        .returningAll()
        .executeTakeFirst()
    : undefined;
  if (!link) {
    // nothing counted: a HEAD, or the way out
    const found = await db
      .selectFrom('marketing_sms_links')
      .select('target_url')
      .where('code', '=', code)
      .executeTakeFirst();
    return found?.target_url;
  }
  if (link.campaign_id) await recordClick(db, link.campaign_id, link.customer_id);
  if (link.journey_run_id && journeyClick) {
    await journeyClick(db, {
      runId: link.journey_run_id,
      stepId: link.step_id!,
      customerId: link.customer_id,
    });
  }
  return link.target_url;
}
