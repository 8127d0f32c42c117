import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmtpFailure } from './bounces.service.ts';
import type { EmailTransport } from './outbox-sender.ts';
import { smtpTransport } from './smtp-transport.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

/** The SMTP mailer on its own, against the real test server: what arrives, byte for byte. */
describe('the SMTP mailer', () => {
  let sink: SmtpSink;
  let transport: EmailTransport;
  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url, 'AutoCRM <crm@autocrm.test>', {
      messageIdHost: 'autocrm.reports',
    });
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
  });

  it('carries a binary attachment unchanged beside a text one', async () => {
    // every byte value, including NUL and bytes that are not valid UTF-8
    const binary = Buffer.from(Array.from({ length: 512 }, (_, index) => index % 256));
    await transport.email({
      id: 'pack-1',
      recipient: 'manager@dealer.example',
      subject: 'Binary',
      body: 'See the files.',
      html: null,
      attachments: [
        { filename: 'data.bin', contentType: 'application/octet-stream', content: binary },
        { filename: 'note.txt', contentType: 'text/plain; charset=utf-8', content: 'Привет' },
      ],
    });
    const mail = sink.received.find((item) => item.subject === 'Binary')!;
    expect(mail.headers.get('message-id')).toBe('<pack-1@autocrm.reports>');
    const file = mail.parts.find((part) => part.filename === 'data.bin')!;
    expect(file.contentType).toMatch(/^application\/octet-stream/);
    expect(file.bytes.equals(binary)).toBe(true);
    expect(mail.parts.find((part) => part.filename === 'note.txt')!.content).toBe('Привет');
  });

  it('answers a refused recipient with an error parseSmtpFailure reads as permanent', async () => {
    sink.unknown.add('gone@dealer.example');
    const error = await transport
      .email({
        id: 'pack-2',
        recipient: 'gone@dealer.example',
        subject: 'Nobody',
        body: '.',
        html: null,
        attachments: [],
      })
      .catch((caught: unknown) => caught);
    expect(parseSmtpFailure(error)).toMatchObject({ permanent: true, statusCode: '5.1.1' });
  });
});
