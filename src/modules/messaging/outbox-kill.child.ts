/**
 * The sender process of outbox-kill.test.ts: runs delivery passes against the database and
 * SMTP server it is given until nothing is left, the way the server's outbox worker does. The
 * test kills it with SIGKILL in the middle; it is not meant to be run by hand.
 *
 *   OUTBOX_KILL_TARGET='{"kind":"pglite","dataDir":"..."}' OUTBOX_KILL_SMTP=smtp://127.0.0.1:port \
 *   node --import tsx src/modules/messaging/outbox-kill.child.ts
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseTarget } from '../../db/config-types.ts';
import { openDatabase } from '../../db/database.ts';
import { deliverQueued } from './outbox-sender.ts';
import { smtpTransport } from './smtp-transport.ts';

const target = JSON.parse(process.env.OUTBOX_KILL_TARGET ?? '') as DatabaseTarget;
const smtpUrl = process.env.OUTBOX_KILL_SMTP ?? '';
const batchSize = Number(process.env.OUTBOX_KILL_BATCH ?? 10);
const leaseMs = Number(process.env.OUTBOX_KILL_LEASE_MS ?? 2000);
const concurrency = Number(process.env.OUTBOX_KILL_CONCURRENCY ?? 1);

const database = await openDatabase(target, { command: 'outbox-kill.child.ts' });
const transport = smtpTransport(smtpUrl, 'Kill test <kill@autocrm.test>', {
  connections: concurrency,
});
console.log('ready');
for (;;) {
  const report = await deliverQueued(database.db, transport, { batchSize, leaseMs, concurrency });
  console.log(JSON.stringify(report));
  if (report.sent + report.retrying + report.failed + report.skipped === 0) break;
  await sleep(10);
}
transport.close?.();
await database.close();
