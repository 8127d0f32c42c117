import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboxTransport, SendResult } from './outbox-sender.ts';
import { httpSmsTransport } from './sms-http.ts';

/**
 * The local SMS driver: each SMS becomes one JSON file `<outbox id>.json` (`{ to, text,
 * reference, writtenAt }`) in a folder, for a development machine, a demo or a site whose own
 * gateway script picks the files up. The file is written under a temporary name and renamed,
 * so a reader never sees half a message; it is named after the outbox row, so writing the same
 * message again replaces it rather than adding a second one.
 */
export function localSmsTransport(folder: string): Required<Pick<OutboxTransport, 'sms'>> {
  return {
    sms: async (message): Promise<SendResult> => {
      // every time, not once: a folder missing for a moment must not fail every later SMS
      await mkdir(folder, { recursive: true });
      const target = path.join(folder, `${message.id}.json`);
      const temporary = `${target}.partial`;
      const content = {
        to: message.recipient,
        text: message.body,
        reference: message.id,
        writtenAt: new Date().toISOString(),
      };
      await writeFile(temporary, `${JSON.stringify(content)}\n`, 'utf8');
      await rename(temporary, target);
      return { providerMessageId: `local:${message.id}` };
    },
  };
}

/**
 * The SMS driver `SMS_URL` names: `file:` a local folder (above), `http(s):` an HTTP gateway.
 * Anything else stops the server at start rather than leaving every SMS queued unexplained.
 */
export function smsTransportFor(
  url: string,
  token?: string,
): Required<Pick<OutboxTransport, 'sms'>> {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return localSmsTransport(fileURLToPath(parsed));
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    return httpSmsTransport(url, token);
  }
  throw new Error(`SMS_URL must be an http(s): gateway or a file: folder, not ${parsed.protocol}`);
}
