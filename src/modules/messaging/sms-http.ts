import type { OutboxTransport, SendResult } from './outbox-sender.ts';

/**
 * SMS through an HTTP gateway: `POST SMS_URL` with JSON `{ to, text, reference }` (E.164, the
 * text, the outbox id so the gateway can refuse a repeat), `Authorization: Bearer SMS_TOKEN`
 * when a token is set. Any 2xx is accepted; the gateway's `id` (or `messageId`) becomes the
 * provider message id. Anything else throws, which the outbox counts as a failed attempt and
 * retries with back-off.
 */
export function httpSmsTransport(
  url: string,
  token?: string,
  timeoutMs = 10_000,
): Required<Pick<OutboxTransport, 'sms'>> {
  return {
    sms: async (message): Promise<SendResult> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to: message.recipient, text: message.body, reference: message.id }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`SMS gateway answered ${response.status}: ${text.slice(0, 200)}`);
      }
      let id: unknown;
      try {
        const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
        id = body.id ?? body.messageId;
      } catch {
        // a gateway that answers plain text: its answer is the reference
        id = text.trim();
      }
      return { providerMessageId: String(id || `sms:${message.id}`) };
    },
  };
}
