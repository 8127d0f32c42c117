import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../src/server/web-build.ts';
import { startMailbox } from './mailbox.ts';
import { freePort, startServer } from './server.ts';

/**
 * One real server for every browser story: building the web app and loading the demo group
 * take most of a run, and the stories do not disturb each other's customers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureWebBuilt(() => undefined);
  const mailbox = await startMailbox();
  // answers to the server's e-mails come back to its own inbound SMTP listener
  const inboundSmtpPort = await freePort();
  // e-mail goes out through a real SMTP sink; the senders run every second, not every minute
  const server = await startServer({
    SMTP_URL: mailbox.smtpUrl,
    SMTP_FROM: 'AutoCRM <crm@demo.autocrm>',
    OUTBOX_INTERVAL_MS: '1000',
    CAMPAIGN_INTERVAL_MS: '1000',
    // the journey story waits for the runner to enrol people
    JOURNEY_INTERVAL_MS: '2000',
    REPLY_DOMAIN: 'replies.demo.autocrm',
    INBOUND_SMTP_PORT: String(inboundSmtpPort),
    INBOUND_SMTP_HOST: '127.0.0.1',
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('mailboxUrl', mailbox.url);
  project.provide('inboundSmtpPort', inboundSmtpPort);
  return async () => {
    await server.stop();
    await mailbox.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailboxUrl: string;
    inboundSmtpPort: number;
  }
}
