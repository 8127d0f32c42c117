import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../../db/database.ts';
import {
  messageOrigin,
  readReplyAddress,
  type MessageOrigin,
  type ReplyAddressConfig,
} from '../messaging/index.ts';
import { readInboundMail, type InboundMail } from './inbound-mail.ts';
import { recordAnswer } from './replies.service.ts';
import { isAutoReply, replyExcerpt } from './reply-text.ts';

export type InboundSmtpOptions = {
  port: number;
  host: string;
  config: ReplyAddressConfig;
  /** bytes of one message; larger ones are refused (552) and nothing of them is kept */
  maxBytes?: number;
  log?: (line: string, error?: unknown) => void;
};

export type InboundSmtp = { port: number; close(): Promise<void> };

/**
 * The outbox e-mails the current message answers, each once: looked up when its recipients were
 * accepted at RCPT, kept with the envelope (an RSET or the next MAIL FROM starts a new one, so a
 * second message on the connection is never filed under the first one's addresses).
 */
const answeredByEnvelope = new WeakMap<SMTPServerSession['envelope'], Map<string, MessageOrigin>>();

function messagesAnswered(session: SMTPServerSession): MessageOrigin[] {
  return [...(answeredByEnvelope.get(session.envelope)?.values() ?? [])];
}

/** a reply with a photo or two fits; only its text is kept */
export const defaultInboundMaxBytes = 10 * 1024 * 1024;

const smtpError = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code });

/**
 * The inbound SMTP listener for answers to our e-mails (REPLY_DOMAIN's MX points here). It
 * takes mail only for `reply+<token>@REPLY_DOMAIN` addresses whose token is genuine, unexpired
 * and names an outbox message that exists: any other recipient is refused at RCPT with 550, so
 * it is no open relay and a forged or stale address bounces at the sender's server. A message
 * above the size limit is refused with 552. A message taken is recorded once per outbox message
 * it answers (replies.service.ts); if recording fails the sender is told 451 and tries again
 * later, so nothing is lost. No AUTH (senders are other mail servers) and no STARTTLS here: a
 * site that wants TLS on its MX puts its mail relay in front (README, "Replies").
 */
export async function startInboundSmtp(db: Db, options: InboundSmtpOptions): Promise<InboundSmtp> {
  const maxBytes = options.maxBytes ?? defaultInboundMaxBytes;
  const server = new SMTPServer({
    name: options.config.domain,
    banner: 'AutoCRM replies',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, session, callback) {
      const target = readReplyAddress(options.config, address.address);
      if (!target.ok) {
        callback(smtpError(550, `5.1.1 <${address.address}>: no such recipient here`));
        return;
      }
      messageOrigin(db, target.messageId).then(
        (origin) => {
          if (!origin || origin.channel !== 'email') {
            callback(smtpError(550, `5.1.1 <${address.address}>: no such recipient here`));
            return;
          }
          const answered = answeredByEnvelope.get(session.envelope) ?? new Map();
          answered.set(origin.id, origin);
          answeredByEnvelope.set(session.envelope, answered);
          callback();
        },
        (error: unknown) => {
          options.log?.('inbound reply: looking up the message failed', error);
          callback(smtpError(451, '4.3.0 try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // past the limit the rest is read and dropped, never kept in memory
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          callback(smtpError(552, '5.3.4 message too big'));
          return;
        }
        const envelopeFrom = session.envelope.mailFrom;
        const sender = envelopeFrom ? envelopeFrom.address : null;
        let mail: InboundMail;
        try {
          mail = readInboundMail(Buffer.concat(chunks));
        } catch (error) {
          // nothing a retry would change: the sender is told for good
          options.log?.('inbound reply: unreadable message', error);
          callback(smtpError(554, '5.6.0 message could not be read'));
          return;
        }
        const kind = isAutoReply(mail, sender) ? 'auto_reply' : 'reply';
        const receivedAt = new Date();
        // the messages its recipients answer, as accepted at RCPT
        Promise.all(
          messagesAnswered(session).map((origin) =>
            recordAnswer(db, {
              origin,
              kind,
              sender: sender || mail.from || '',
              subject: mail.subject,
              excerpt: replyExcerpt(mail.text),
              receivedAt,
              // one message to two of our addresses is two answers, each once
              externalId: mail.messageId ? `${mail.messageId} ${origin.id}` : null,
            }),
          ),
        ).then(
          () => callback(),
          (error: unknown) => {
            options.log?.('inbound reply: recording failed', error);
            callback(smtpError(451, '4.3.0 try again later'));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log?.('inbound SMTP error', error));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
