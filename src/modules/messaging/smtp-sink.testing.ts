import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for tests: it accepts every message and keeps it, decoded enough to
 * assert on (headers, text parts, attachments). Tests only; no production code imports it.
 */
export type ReceivedPart = {
  contentType: string;
  filename: string | null;
  /** the part decoded as UTF-8 text */
  content: string;
  /** the part's decoded bytes: what a binary attachment (a workbook) is compared by */
  bytes: Buffer;
};
export type ReceivedMail = {
  to: string[];
  headers: Map<string, string>;
  subject: string;
  parts: ReceivedPart[];
  raw: string;
  /** the server has confirmed it (250): false while it holds the message unanswered */
  answered: boolean;
};

export type SmtpSink = {
  url: string;
  received: ReceivedMail[];
  /** make the next `count` messages fail with a temporary error */
  rejectNext(count: number): void;
  /** addresses the server refuses for good at RCPT TO (550 5.1.1), like a mailbox that is gone */
  unknown: Set<string>;
  /**
   * Connections open now and the most at once; messages whose data is in but not yet answered
   * (`held`, with `delayMs` this is the sender's in-flight count) and the most at once.
   */
  load: { connections: number; peakConnections: number; held: number; peakHeld: number };
  close(): Promise<void>;
};

export type SmtpSinkOptions = {
  /** wait this long before answering each message's DATA: a slow server */
  delayMs?: number;
  /**
   * Called with each message as soon as its data is in, before the server answers: what a
   * crash test uses to kill the sender while the server holds a message it has not confirmed.
   */
  onData?: (mail: ReceivedMail, index: number) => void;
};

function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g,
    (_all, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function splitEntity(text: string): { headers: Map<string, string>; body: string } {
  const at = text.search(/\r?\n\r?\n/);
  const match = /\r?\n\r?\n/.exec(text)!;
  return { headers: parseHeaders(text.slice(0, at)), body: text.slice(at + match[0].length) };
}

function decodeBody(headers: Map<string, string>, body: string): Buffer {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return Buffer.from(decodeQuotedPrintable(body), 'utf8');
  return Buffer.from(body, 'utf8');
}

function leafParts(headers: Map<string, string>, body: string): ReceivedPart[] {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith('--'))
      .flatMap((chunk) => {
        const part = splitEntity(chunk.replace(/^\r?\n/, ''));
        return leafParts(part.headers, part.body);
      });
  }
  const disposition = headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  // a MIME part ends with the line break before the next boundary: not part of the content
  const bytes = decodeBody(headers, body.replace(/\r?\n$/, ''));
  return [
    {
      contentType,
      filename: filename && decodeWords(filename),
      content: bytes.toString('utf8'),
      bytes,
    },
  ];
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const unknown = new Set<string>();
  const load = { connections: 0, peakConnections: 0, held: 0, peakHeld: 0 };
  const answer = (mail: ReceivedMail, callback: (error?: Error | null) => void) => {
    load.held -= 1;
    mail.answered = true;
    callback();
  };
  const server = new SMTPServer({
    onConnect(_session, callback) {
      load.connections += 1;
      load.peakConnections = Math.max(load.peakConnections, load.connections);
      callback();
    },
    onClose() {
      load.connections -= 1;
    },
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address.toLowerCase())) {
        const error = new Error(
          `5.1.1 <${address.address}>: Recipient address rejected: User unknown`,
        ) as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error('try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const entity = splitEntity(raw);
        const mail: ReceivedMail = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          headers: entity.headers,
          subject: decodeWords(entity.headers.get('subject') ?? ''),
          parts: leafParts(entity.headers, entity.body),
          raw,
          answered: false,
        };
        // kept as soon as the data is in: the worst case, a server that delivers a message
        // whose sender never heard the answer
        received.push(mail);
        load.held += 1;
        load.peakHeld = Math.max(load.peakHeld, load.held);
        options.onData?.(mail, received.length - 1);
        if (options.delayMs) setTimeout(() => answer(mail, callback), options.delayMs);
        else answer(mail, callback);
      });
    },
  });
  // A client killed mid-conversation (the kill test, now over several pooled connections)
  // resets its sockets; without a listener the server's 'error' event would be thrown out of
  // the test process. A reset is the client's doing and leaves the received mail as it was.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    unknown,
    load,
    rejectNext: (count) => {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
