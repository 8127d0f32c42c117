import crypto from 'node:crypto';

/**
 * The Reply-To of an outbox e-mail, `reply+<token>@<REPLY_DOMAIN>`: the token names the outbox
 * message (and through it the person, campaign and variant) and is signed, so an answer can be
 * attributed without trusting anything the sender wrote, and nobody can make up an address
 * that files mail under another person. It must fit an address's local part (64 characters,
 * RFC 5321) and survive systems that fold its case, so it is bytes in lowercase base32, not
 * the JSON of the signed web links: outbox id (16 bytes), expiry (4, seconds since 1970) and
 * the first 10 bytes of an HMAC-SHA256 of both (80 bits: guessing one takes ~2^79 tries, and
 * every try is a mail to the listener).
 */
export type ReplyAddressConfig = {
  /** the domain whose MX points at the inbound listener, e.g. replies.dealer.example */
  domain: string;
  key: Buffer;
};

export type ReplyTarget =
  | { ok: true; messageId: string; expiresAt: Date }
  | { ok: false; reason: 'not_ours' | 'forged' | 'expired' };

/** how long an answer is taken: a reply to an offer half a year old still reaches us */
export const replyAddressDays = 180;

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
const macBytes = 10;
const prefix = 'reply+';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = alphabet.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const mac = (key: Buffer, data: Buffer) =>
  crypto.createHmac('sha256', key).update(data).digest().subarray(0, macBytes);

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The reply address of one outbox message; it is taken until `expiresAt`. */
export function replyAddress(
  config: ReplyAddressConfig,
  messageId: string,
  expiresAt: Date = new Date(Date.now() + replyAddressDays * 86_400_000),
): string {
  const data = Buffer.alloc(20);
  uuidBytes(messageId).copy(data, 0);
  data.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 16);
  return `${prefix}${base32(Buffer.concat([data, mac(config.key, data)]))}@${config.domain}`;
}

/**
 * Which outbox message an address answers, if it is one of ours and genuine: the domain must
 * be ours and the local part `reply+<token>` with a valid signature and a future expiry.
 * Compared case-insensitively (some systems upper-case whole addresses).
 */
export function readReplyAddress(
  config: ReplyAddressConfig,
  address: string,
  now: Date = new Date(),
): ReplyTarget {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0 || lower.slice(at + 1) !== config.domain.toLowerCase()) {
    return { ok: false, reason: 'not_ours' };
  }
  const local = lower.slice(0, at);
  if (!local.startsWith(prefix)) return { ok: false, reason: 'not_ours' };
  const bytes = fromBase32(local.slice(prefix.length));
  if (!bytes || bytes.length !== 20 + macBytes) return { ok: false, reason: 'forged' };
  const data = bytes.subarray(0, 20);
  if (!crypto.timingSafeEqual(bytes.subarray(20), mac(config.key, data))) {
    return { ok: false, reason: 'forged' };
  }
  const expiresAt = new Date(data.readUInt32BE(16) * 1000);
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, messageId: uuidText(data.subarray(0, 16)), expiresAt };
}

/**
 * The process's reply addresses, set once at start by whoever knows the key (the marketing
 * module derives it from its link secret, which lives in the database). A promise, because
 * loading the key is asynchronous and the outbox worker may send before it is in: a message
 * then waits for it rather than leaving without its Reply-To. Null: REPLY_DOMAIN is not set,
 * e-mails go out as before.
 */
let current: Promise<ReplyAddressConfig | null> = Promise.resolve(null);

export function configureReplyAddresses(
  config: Promise<ReplyAddressConfig | null> | ReplyAddressConfig | null,
): void {
  current = Promise.resolve(config);
}

/** The configured Reply-To of an outbox message, or undefined when replies are not captured. */
export async function configuredReplyAddress(messageId: string): Promise<string | undefined> {
  const config = await current.catch(() => null);
  return config ? replyAddress(config, messageId) : undefined;
}
