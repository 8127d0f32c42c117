import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../src/server/web-build.ts';
import { startMailbox } from './mailbox.ts';
import { startServer } from './server.ts';

/**
 * One real server for every browser story: building the web app and loading the demo group
 * take most of a run, and the stories do not disturb each other's customers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureWebBuilt(() => undefined);
  const mailbox = await startMailbox();
  // e-mail goes out through a real SMTP sink; the senders run every second, not every minute
  const server = await startServer({
    SMTP_URL: mailbox.smtpUrl,
    SMTP_FROM: 'AutoCRM <crm@demo.autocrm>',
    OUTBOX_INTERVAL_MS: '1000',
    CAMPAIGN_INTERVAL_MS: '1000',
    // the journey story waits for the runner to enrol people
    JOURNEY_INTERVAL_MS: '2000',
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('mailboxUrl', mailbox.url);
  return async () => {
    await server.stop();
    await mailbox.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    mailboxUrl: string;
  }
}
