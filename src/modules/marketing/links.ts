import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';

/**
 * Signed links in e-mails: the open pixel, click redirects and the unsubscribe page. A token
 * is its payload and an HMAC of it, so it works without a login and cannot be forged or
 * pointed at another person or another address. The key is MARKETING_LINK_SECRET, or a
 * random key made once and kept in the database (so links survive restarts without setup).
 */
export type LinkPayload =
  | { k: 'open'; c: string; p: string; e: number }
  | { k: 'click'; c: string; p: string; u: string; e: number }
  | { k: 'unsubscribe'; c: string | null; p: string; ch: 'email' | 'sms'; e: number }
  | { k: 'event'; c: string; p: string; e: number }
  /** an attendee's feedback page: his 1-5 rating of the event */
  | { k: 'feedback'; c: string; p: string; e: number }
  /** the person's own preferences page: which channels he accepts, his language */
  | { k: 'preferences'; p: string; e: number }
  /** "please confirm your data": d is the request (marketing_data_checks), p the person */
  | { k: 'datacheck'; d: string; p: string; e: number }
  /** a journey's e-mail: r is the run (enrolment), s the step; tracked by the journeys module */
  | { k: 'jopen'; r: string; s: string; p: string; e: number }
  | { k: 'jclick'; r: string; s: string; p: string; u: string; e: number };

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export type LinkSigner = {
  sign(payload: LinkPayload): string;
  /** the payload of a genuine, unexpired token; undefined otherwise */
  verify(token: string): LinkPayload | undefined;
};

export function linkSigner(secret: string): LinkSigner {
  const mac = (data: string) => crypto.createHmac('sha256', secret).update(data).digest();
  return {
    sign(payload) {
      const data = encode(JSON.stringify(payload));
      return `${data}.${encode(mac(data))}`;
    },
    verify(token) {
      const [data, signature] = token.split('.');
      if (!data || !signature) return undefined;
      const expected = mac(data);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
        return undefined;
      try {
        const payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as LinkPayload;
        if (typeof payload.e !== 'number' || payload.e * 1000 < Date.now()) return undefined;
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}

let cached: { db: Db; signer: LinkSigner } | undefined;

export async function linkSignerFor(
  db: Db,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LinkSigner> {
  if (env.MARKETING_LINK_SECRET) return linkSigner(env.MARKETING_LINK_SECRET);
  if (cached?.db === db) return cached.signer;
  cached = { db, signer: linkSigner(await storedLinkSecret(db)) };
  return cached.signer;
}

/** The links' key: MARKETING_LINK_SECRET, else the one kept in the database (made once). */
export async function linkSecretFor(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return env.MARKETING_LINK_SECRET || storedLinkSecret(db);
}

async function storedLinkSecret(db: Db): Promise<string> {
  await db
    .insertInto('marketing_settings')
    .values({ key: 'link_secret', value: crypto.randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('marketing_settings')
    .select('value')
    .where('key', '=', 'link_secret')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** Where links in messages point: PUBLIC_URL, e.g. https://crm.example.com */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PUBLIC_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

export const unsubscribeDays = 180;
export const expiresIn = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

/**
 * A person's unsubscribe link for one channel: signed, no login, valid `unsubscribeDays`.
 * `campaignId` names the campaign it came from (null for journeys and event care).
 */
export function unsubscribeLink(
  signer: LinkSigner,
  base: string,
  to: { customerId: string; channel: 'email' | 'sms'; campaignId?: string | null },
): string {
  const token = signer.sign({
    k: 'unsubscribe',
    c: to.campaignId ?? null,
    p: to.customerId,
    ch: to.channel,
    e: expiresIn(unsubscribeDays),
  });
  return `${base}/m/u?t=${token}`;
}

/** A guest's own page of an event (register, cancel, see his place): signed, no login. */
export function eventPageLink(
  signer: LinkSigner,
  base: string,
  eventId: string,
  customerId: string,
): string {
  const token = signer.sign({
    k: 'event',
    c: eventId,
    p: customerId,
    e: expiresIn(unsubscribeDays),
  });
  return `${base}/m/e?t=${token}`;
}

/**
 * A person's preferences page (which channels he accepts marketing on, his language): signed,
 * no login, valid `unsubscribeDays` like the unsubscribe link beside it.
 */
export function preferencesLink(signer: LinkSigner, base: string, customerId: string): string {
  const token = signer.sign({ k: 'preferences', p: customerId, e: expiresIn(unsubscribeDays) });
  return `${base}/m/p?t=${token}`;
}

/** Whether a message's link is someone's preferences page (kept out of click tracking). */
export function isPreferencesLink(base: string, url: string): boolean {
  return url.startsWith(`${base}/m/p?`);
}
