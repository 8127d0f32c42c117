/**
 * A small reading of an incoming e-mail (RFC 5322 + MIME): headers, the subject with its
 * encoded words, and the text a person wrote (the first text/plain part, else the first
 * text/html part without its tags), decoded from base64 or quoted-printable in its charset.
 * Enough to file a reply; attachments are not kept. Written here rather than adding a mail
 * parser package, because this is all the reply capture needs and the input is bounded by the
 * listener's size limit.
 */
export type InboundMail = {
  headers: Map<string, string>;
  subject: string | null;
  from: string | null;
  messageId: string | null;
  /** multipart/report (a delivery status notice) */
  isReport: boolean;
  text: string;
};

type Entity = { headers: Map<string, string>; body: Buffer };

function splitEntity(raw: Buffer): Entity {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  // header bytes read as UTF-8: raw 8-bit headers (RFC 6532) are UTF-8, encoded words ASCII
  const headerText = raw.subarray(0, match ? match.index : raw.length).toString('utf8');
  const body = match ? raw.subarray(match.index + match[0].length) : Buffer.alloc(0);
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // the first occurrence wins (a forwarded block lower down must not override)
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** A header's main value and its parameters: `text/plain; charset="utf-8"`. */
function parameters(value: string | undefined): { value: string; params: Map<string, string> } {
  const [main = '', ...rest] = (value ?? '').split(';');
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params.set(
      part.slice(0, eq).trim().toLowerCase(),
      part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return { value: main.trim().toLowerCase(), params };
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    // an unknown charset label: UTF-8 is the likeliest today
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function transferDecode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return quotedPrintable(body.toString('latin1'));
    default:
      return body;
  }
}

/** RFC 2047 encoded words (`=?utf-8?B?...?=`) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, kind: string, text) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(text as string, 'base64')
          : quotedPrintable((text as string).replace(/_/g, ' '));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ''));
    });
}

const htmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '\n> \n')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|[a-z]+);/gi, (all, name: string) =>
      name.startsWith('#')
        ? Number(name.slice(1)) <= 0x10ffff
          ? String.fromCodePoint(Number(name.slice(1)))
          : ''
        : (htmlEntities[name.toLowerCase()] ?? all),
    );
}

type Found = { plain?: string; html?: string; isReport: boolean };

function walk(entity: Entity, found: Found, depth: number): void {
  const type = parameters(entity.headers.get('content-type') || 'text/plain');
  if (type.value === 'multipart/report') found.isReport = true;
  if (type.value.startsWith('multipart/')) {
    const boundary = type.params.get('boundary');
    if (!boundary || depth > 5) return;
    const text = entity.body.toString('latin1');
    const delimiter = `--${boundary}`;
    // the epilogue after the closing delimiter is no part
    const closing = text.indexOf(`${delimiter}--`);
    const inner = closing >= 0 ? text.slice(0, closing) : text;
    const escaped = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const parts = inner.split(new RegExp(`(?:^|\\r?\\n)${escaped}[ \\t]*\\r?\\n`));
    // nor is the preamble before the first delimiter
    for (const part of parts.slice(1)) {
      if (!part.trim()) continue;
      walk(splitEntity(Buffer.from(part, 'latin1')), found, depth + 1);
    }
    return;
  }
  const disposition = parameters(entity.headers.get('content-disposition')).value;
  if (disposition === 'attachment') return;
  if (type.value !== 'text/plain' && type.value !== 'text/html') return;
  const decoded = decodeCharset(
    transferDecode(entity.body, entity.headers.get('content-transfer-encoding')),
    type.params.get('charset'),
  );
  if (type.value === 'text/plain' && found.plain === undefined) found.plain = decoded;
  if (type.value === 'text/html' && found.html === undefined) found.html = decoded;
}

export function readInboundMail(raw: Buffer): InboundMail {
  const top = splitEntity(raw);
  const found: Found = { isReport: false };
  walk(top, found, 0);
  const header = (name: string) => {
    const value = top.headers.get(name);
    return value === undefined ? null : decodeHeader(value);
  };
  const decoded = new Map([...top.headers].map(([name, value]) => [name, decodeHeader(value)]));
  return {
    headers: decoded,
    subject: header('subject'),
    from: header('from'),
    messageId: top.headers.get('message-id') ?? null,
    isReport: found.isReport,
    text: (found.plain ?? (found.html !== undefined ? htmlToText(found.html) : '')).replace(
      /\r\n/g,
      '\n',
    ),
  };
}
