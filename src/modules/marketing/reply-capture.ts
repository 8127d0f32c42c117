import crypto from 'node:crypto';
import type { App } from '../../http/types.ts';
import { configureReplyAddresses, type ReplyAddressConfig } from '../messaging/index.ts';
import { startInboundSmtp, type InboundSmtp } from './inbound-smtp.ts';
import { linkSecretFor } from './links.ts';
import type { Db } from '../../db/database.ts';

/**
 * The reply addresses' key, derived from the links' secret (MARKETING_LINK_SECRET or the one
 * kept in the database) so an operator configures nothing more, yet a reply token is never
 * valid as a link token or the other way round.
 */
export async function replyAddressConfig(
  db: Db,
  domain: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReplyAddressConfig> {
  const secret = await linkSecretFor(db, env);
  return { domain, key: crypto.createHmac('sha256', secret).update('reply-address').digest() };
}

const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Reply capture in the server process. REPLY_DOMAIN set: outbox e-mails get the Reply-To
 * `reply+<token>@REPLY_DOMAIN`. INBOUND_SMTP_PORT set too: the listener for those answers
 * starts with the server (on INBOUND_SMTP_HOST, default 0.0.0.0: it is the domain's MX) and
 * stops with it. A bad value stops the server at start, as a bad SMS_URL does.
 */
export function registerReplyCapture(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const domain = env.REPLY_DOMAIN?.trim().toLowerCase();
  const portText = env.INBOUND_SMTP_PORT?.trim();
  if (!domain) {
    if (portText) throw new Error('INBOUND_SMTP_PORT needs REPLY_DOMAIN, the domain it receives');
    return;
  }
  if (!hostname.test(domain))
    throw new Error(`REPLY_DOMAIN must be a domain name, got "${domain}"`);
  const config = replyAddressConfig(app.db, domain, env);
  // an unhandled rejection here would end the process; the sender then sends without Reply-To
  config.catch((error: unknown) => app.log.error({ err: error }, 'reply addresses: no key'));
  configureReplyAddresses(config);
  app.addHook('onClose', async () => configureReplyAddresses(null));
  if (!portText) return;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`INBOUND_SMTP_PORT must be a port number, got "${portText}"`);
  }
  let listener: InboundSmtp | undefined;
  app.addHook('onReady', async () => {
    listener = await startInboundSmtp(app.db, {
      port,
      host: env.INBOUND_SMTP_HOST || '0.0.0.0',
      config: await config,
      log: (line, error) => app.log.error({ err: error }, line),
    });
    app.log.info(`inbound SMTP for replies on port ${listener.port}`);
  });
  app.addHook('onClose', async () => listener?.close());
}
