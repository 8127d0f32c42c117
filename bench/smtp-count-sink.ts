/**
 * A local SMTP server for bench/outbox-send.ts, in a process of its own so that its CPU and
 * memory are not the sender's: it accepts every message, counts it and its distinct
 * Message-IDs, and keeps nothing else. Started with fork(); answers { port } when listening and
 * { received, distinct } when asked 'count'. An argument in milliseconds delays each answer, as
 * the round trips to a remote relay would (the local one answers in well under a millisecond).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const delayMs = Number(process.argv[2] ?? 0);
let received = 0;
const ids = new Set<string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // no DNS look-up of the client per connection (the sandbox has no resolver to ask)
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      // the Message-ID is in the headers, near the start: no need to keep the body
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      received += 1;
      const id = /^message-id:\s*(\S+)/im.exec(head)?.[1];
      if (id) ids.add(id);
      if (delayMs > 0) setTimeout(() => callback(), delayMs);
      else callback();
    });
  },
});
// a sender that exits with pooled connections open resets them: that is no failure of the sink
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'ECONNRESET') throw error;
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (message) => {
  if (message === 'count') process.send?.({ received, distinct: ids.size });
  if (message === 'stop') server.close(() => process.exit(0));
});
