/**
 * The worker thread of a whole-base duplicate run (see match-in-worker.ts): it collects the
 * records the server reads, runs the engine and sends the review pairs back in slices, so the
 * server's event loop goes on answering requests for the minutes a million records take.
 */
import { parentPort } from 'node:worker_threads';
import type { DedupeStage, PersonRecord } from '../matching/index.ts';
import { reviewPairs, type ReviewPair, type ReviewThresholds } from './review-pairs.ts';

export type ToMatchWorker =
  | { type: 'records'; records: PersonRecord[] }
  | { type: 'match'; thresholds: ReviewThresholds }
  /** the server took the last slice of pairs and wants the next */
  | { type: 'next' };

export type FromMatchWorker =
  | { type: 'progress'; stage: DedupeStage; done: number; total: number }
  | { type: 'pairs'; pairs: ReviewPair[] }
  | { type: 'done'; count: number };

/**
 * Pairs per message. The server asks for each slice when it has taken the one before: Node
 * reads all waiting messages in one turn of the event loop, so slices sent at once would be
 * read as one long stall (1.25 s for 58,854 pairs, bench/duplicate-run-blocking.ts).
 */
const SLICE = 2000;

const port = parentPort;
if (!port) throw new Error('match-worker.ts runs only as a worker thread');
const records: PersonRecord[] = [];
let pairs: ReviewPair[] = [];
let sent = 0;
const send = (reply: FromMatchWorker) => port.postMessage(reply);

function sendNextSlice(): void {
  if (sent >= pairs.length) {
    send({ type: 'done', count: pairs.length });
    return;
  }
  send({ type: 'pairs', pairs: pairs.slice(sent, sent + SLICE) });
  sent += SLICE;
}

port.on('message', (message: ToMatchWorker) => {
  if (message.type === 'records') {
    for (const record of message.records) records.push(record);
  } else if (message.type === 'next') {
    sendNextSlice();
  } else {
    pairs = reviewPairs(records, message.thresholds, (stage, done, total) =>
      send({ type: 'progress', stage, done, total }),
    );
    records.length = 0;
    sendNextSlice();
  }
});
