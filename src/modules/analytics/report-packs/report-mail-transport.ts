import nodemailer from 'nodemailer';

/**
 * SMTP for staff mail. The customer outbox's smtpTransport carries attachments as text, which
 * would corrupt a binary workbook, so packs get their own small nodemailer transport.
 */
export type StaffMail = {
  /** the report_mail row id: the Message-ID is built from it, so a retry is the same message */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachment: { filename: string; content: Buffer };
};

export type StaffMailTransport = {
  send(mail: StaffMail): Promise<{ messageId: string }>;
  close(): void;
};

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function staffSmtpTransport(url: string, from: string): StaffMailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    send: async (mail) => {
      const info = await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@autocrm.reports>`,
        attachments: [
          {
            filename: mail.attachment.filename,
            contentType: xlsxType,
            content: mail.attachment.content,
          },
        ],
      });
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}
