import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, withActor } from '../../auth/index.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { queueMessage } from './outbox.service.ts';
import { deliverQueued } from './outbox-sender.ts';
import { localSmsTransport, smsTransportFor } from './sms-local.ts';

/**
 * An operator without an SMS contract yet sets SMS_URL to a folder: the consented SMS of the
 * outbox land there as files, once each; the others stay blocked as before.
 */
describe('the local SMS driver writes each SMS to a folder', () => {
  let world: TestWorld;
  let folder: string;

  async function customer(name: string, smsConsent: boolean): Promise<string> {
    const created = await apiAs(world, 'consultantA1').post('/api/customers', {
      kind: 'person',
      firstName: name,
      lastName: 'Local',
      phones: [{ number: '+7 916 555 10 21' }],
      consents: smsConsent ? [{ channel: 'sms', status: 'granted', method: 'signed_form' }] : [],
    });
    expect(created.status, created.text).toBe(201);
    return created.body.id;
  }

  const queue = (customerId: string, text: string) =>
    withActor(world.database.db, systemActor('test'), (tx) =>
      queueMessage(tx, {
        customerId,
        channel: 'sms',
        recipient: '+79165551021',
        subject: null,
        body: text,
        attachments: [],
      }),
    );

  beforeAll(async () => {
    world = await createTestWorld();
    folder = path.join(await mkdtemp(path.join(os.tmpdir(), 'autocrm-sms-')), 'outbox');
  });
  afterAll(async () => {
    await world.close();
    await rm(path.dirname(folder), { recursive: true, force: true });
  });

  it('writes a consented SMS as one file named after its outbox row, and marks it sent', async () => {
    const transport = smsTransportFor(pathToFileURL(folder).href);
    const queued = await queue(await customer('Sima', true), 'Ваши шины готовы 轮胎');
    const refused = await queue(await customer('Oleg', false), 'Not for Oleg');
    expect(refused).toMatchObject({ status: 'blocked', reason: 'no_consent' });

    const report = await deliverQueued(world.database.db, transport);
    expect(report.sent).toBe(1);
    expect(await readdir(folder)).toEqual([`${queued.id}.json`]);
    const written = JSON.parse(await readFile(path.join(folder, `${queued.id}.json`), 'utf8'));
    expect(written).toMatchObject({
      to: '+79165551021',
      text: 'Ваши шины готовы 轮胎',
      reference: queued.id,
    });
    const row = await world.database.db
      .selectFrom('outbox_messages')
      .select(['status', 'provider_message_id', 'attempts'])
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', provider_message_id: `local:${queued.id}`, attempts: 1 });

    // a second pass finds nothing due: no second file, no second attempt
    expect((await deliverQueued(world.database.db, transport)).sent).toBe(0);
    expect(await readdir(folder)).toEqual([`${queued.id}.json`]);
  });

  it('writes again once its folder can be made, after a send that could not', async () => {
    const blocked = path.join(path.dirname(folder), 'blocked');
    await writeFile(blocked, 'a file where the folder should be');
    const transport = localSmsTransport(blocked);
    const message = {
      id: '00000000-0000-4000-8000-0000000000aa',
      recipient: '+79165551021',
      subject: null,
      body: 'Hello',
      html: null,
      attachments: [],
    };
    await expect(transport.sms(message)).rejects.toThrow();
    await rm(blocked);
    expect(await transport.sms(message)).toEqual({ providerMessageId: `local:${message.id}` });
    expect(await readdir(blocked)).toEqual([`${message.id}.json`]);
  });

  it('takes an http(s) gateway or a file folder, and refuses anything else', () => {
    expect(typeof smsTransportFor('https://sms.example/send').sms).toBe('function');
    expect(() => smsTransportFor('ftp://sms.example/')).toThrow(/SMS_URL/);
  });
});
