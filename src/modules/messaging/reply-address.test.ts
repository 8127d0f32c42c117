import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configureReplyAddresses,
  readReplyAddress,
  replyAddress,
  type ReplyAddressConfig,
} from './reply-address.ts';
import { smtpTransport } from './smtp-transport.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.testing.ts';

const config: ReplyAddressConfig = {
  domain: 'replies.dealer.example',
  key: crypto.randomBytes(32),
};
const messageId = '0b6f5a2e-4c1d-4e8a-9f00-1234567890ab';

describe('reply addresses', () => {
  it('fit an address local part and lead back to their outbox message, in any case', () => {
    const address = replyAddress(config, messageId);
    const local = address.split('@')[0]!;
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toMatch(/^reply\+[a-z2-7]+$/);
    expect(readReplyAddress(config, address)).toMatchObject({ ok: true, messageId });
    expect(readReplyAddress(config, address.toUpperCase())).toMatchObject({ ok: true, messageId });
  });

  it('refuse another domain, a changed token, another key and an expired one', () => {
    const address = replyAddress(config, messageId);
    expect(readReplyAddress(config, address.replace('dealer.example', 'other.example'))).toEqual({
      ok: false,
      reason: 'not_ours',
    });
    expect(readReplyAddress(config, `sales@${config.domain}`)).toEqual({
      ok: false,
      reason: 'not_ours',
    });
    // one character of the token changed: another message id under the same signature
    const local = address.split('@')[0]!;
    const flipped = local.slice(0, 8) + (local[8] === 'a' ? 'b' : 'a') + local.slice(9);
    expect(readReplyAddress(config, `${flipped}@${config.domain}`)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(readReplyAddress(config, `reply+abc@${config.domain}`)).toEqual({
      ok: false,
      reason: 'forged',
    });
    const otherKey = { ...config, key: crypto.randomBytes(32) };
    expect(readReplyAddress(otherKey, address)).toEqual({ ok: false, reason: 'forged' });
    const old = replyAddress(config, messageId, new Date(Date.now() - 1000));
    expect(readReplyAddress(config, old)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('the SMTP mailer with replies captured', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    configureReplyAddresses(null);
    await sink.close();
  });

  const send = async (id: string, options: { messageIdHost?: string } = {}) => {
    const transport = smtpTransport(sink.url, 'Dealer <crm@dealer.example>', options);
    await transport.email({
      id,
      recipient: 'anna@example.com',
      subject: id,
      body: 'Hello',
      html: null,
      attachments: [],
    });
    transport.close();
    return sink.received.find((mail) => mail.subject === id)!;
  };

  it('gives outbox mail its signed Reply-To, and staff mail none', async () => {
    expect((await send('before')).headers.get('reply-to')).toBeUndefined();
    configureReplyAddresses(Promise.resolve(config));
    const replyTo = (await send(messageId)).headers.get('reply-to')!;
    expect(readReplyAddress(config, replyTo)).toMatchObject({ ok: true, messageId });
    expect(
      (await send('pack-9', { messageIdHost: 'autocrm.reports' })).headers.get('reply-to'),
    ).toBeUndefined();
  });
});
