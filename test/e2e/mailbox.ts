import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSmtpSink, type ReceivedMail } from '../../src/modules/messaging/smtp-sink.testing.ts';

/** One received message as the stories read it (Maps do not travel as JSON). */
export type MailboxMessage = {
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** the Reply-To header: the signed reply address when the server captures replies */
  replyTo: string | null;
};

export type Mailbox = { smtpUrl: string; url: string; close: () => Promise<void> };

function asMessage(mail: ReceivedMail): MailboxMessage {
  const part = (type: string) =>
    mail.parts.find((p) => p.contentType.toLowerCase().startsWith(type))?.content ?? '';
  return {
    to: mail.to,
    subject: mail.subject,
    html: part('text/html'),
    text: part('text/plain'),
    replyTo: mail.headers.get('reply-to') ?? null,
  };
}

/**
 * The real SMTP sink the e2e server sends through, and a small HTTP window on what it received:
 * the stories run in other processes than the global setup that owns the sink.
 */
export async function startMailbox(): Promise<Mailbox> {
  const sink = await startSmtpSink();
  const server = http.createServer((request, response) => {
    const to = new URL(request.url ?? '/', 'http://mailbox').searchParams.get('to') ?? '';
    const messages = sink.received
      .filter((mail) => !to || mail.to.some((address) => address.includes(to)))
      .map(asMessage);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(messages));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    smtpUrl: sink.url,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sink.close();
    },
  };
}

/** The messages sent to addresses containing `to`, read from the mailbox of the global setup. */
export async function messagesTo(mailboxUrl: string, to: string): Promise<MailboxMessage[]> {
  const response = await fetch(`${mailboxUrl}/?to=${encodeURIComponent(to)}`);
  return (await response.json()) as MailboxMessage[];
}
