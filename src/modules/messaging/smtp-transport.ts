import nodemailer from 'nodemailer';
import { defaultOutboxConcurrency } from './outbox-concurrency.ts';
import type { EmailTransport } from './outbox-sender.ts';
import { configuredReplyAddress } from './reply-address.ts';

export type SmtpOptions = {
  /**
   * The Message-ID's right-hand side, `<id@host>`: it names where the id comes from, so a
   * weekly pack (report_mail id) is never mistaken for an outbox message. Default
   * 'autocrm.outbox'.
   */
  messageIdHost?: string;
  /**
   * SMTP connections kept open (nodemailer's maxConnections): as many as messages the outbox
   * sends at once, so none waits for a connection. Default the outbox's default concurrency.
   */
  connections?: number;
  /**
   * Give each message the Reply-To `reply+<signed id>@REPLY_DOMAIN` when the process captures
   * replies (reply-address.ts). Default: for outbox mail (no `messageIdHost` of its own) yes,
   * for staff mail such as the weekly pack no: its id is no outbox message.
   */
  captureReplies?: boolean;
};

/** E-mail through an SMTP server, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@host:465. */
export function smtpTransport(
  url: string,
  from: string,
  options: SmtpOptions = {},
): EmailTransport {
  const host = options.messageIdHost ?? 'autocrm.outbox';
  const captureReplies = options.captureReplies ?? options.messageIdHost === undefined;
  // kept connections instead of one per message (measured against a local smtp-server:
  // 124 ms a message with a new connection each, 6 ms over a pooled one); a message handed
  // over while all are busy waits in nodemailer's queue for the next free one
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.connections ?? defaultOutboxConcurrency,
  });
  return {
    email: async (message) => {
      const replyTo = captureReplies ? await configuredReplyAddress(message.id) : undefined;
      const info = await transporter.sendMail({
        from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${message.id}@${host}>`,
        ...(replyTo ? { replyTo } : {}),
        // a Buffer goes out as base64 byte for byte; a string as text (nodemailer picks)
        attachments: message.attachments.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: file.content,
        })),
      });
      return { providerMessageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}
