/**
 * The worker thread of a whole-base duplicate run (see match-in-worker.ts): it collects the
 * records the server reads, runs the engine and sends the review pairs back in slices, so the
 * server's event loop goes on answering requests for the minutes a million records take.
 */
import { parentPort } from 'node:worker_threads';
import type { PersonRecord } from '../matching/index.ts';
import { reviewPairs, type ReviewThresholds } from './review-pairs.ts';

export type ToMatchWorker =
  { type: 'records'; records: PersonRecord[] } | { type: 'match'; thresholds: ReviewThresholds };

export type FromMatchWorker =
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'pairs'; pairs: ReturnType<typeof reviewPairs> }
  | { type: 'done'; count: number };

/** Pairs per message: each slice is copied on its own, so neither thread stalls on one huge copy. */
const SLICE = 5000;

const port = parentPort;
if (!port) throw new Error('match-worker.ts runs only as a worker thread');
const records: PersonRecord[] = [];
port.on('message', (message: ToMatchWorker) => {
  if (message.type === 'records') {
    for (const record of message.records) records.push(record);
    return;
  }
  const send = (reply: FromMatchWorker) => port.postMessage(reply);
  const pairs = reviewPairs(records, message.thresholds, (stage, done, total) =>
    send({ type: 'progress', stage, done, total }),
  );
  records.length = 0;
  for (let start = 0; start < pairs.length; start += SLICE) {
    send({ type: 'pairs', pairs: pairs.slice(start, start + SLICE) });
  }
  send({ type: 'done', count: pairs.length });
});
