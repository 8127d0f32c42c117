import { Worker } from 'node:worker_threads';
import type { DedupeStage, PersonRecord } from '../matching/index.ts';
import type { FromMatchWorker, ToMatchWorker } from './match-worker.ts';
import type { ReviewPair, ReviewThresholds } from './review-pairs.ts';

/** Where the engine's stages lie on the run's "match" progress bar, as fractions of it. */
const stageSpan: Record<DedupeStage, [number, number]> = {
  prepare: [0, 0.1],
  block: [0.1, 0.4],
  estimate: [0.4, 0.6],
  score: [0.6, 0.85],
  cluster: [0.85, 1],
};

/** The share (0..1) of the matching done when the engine reports `done` of `total` in a stage. */
function matchShare(stage: DedupeStage, done: number, total: number): number {
  const span = stageSpan[stage];
  const within = total > 0 ? Math.min(done / total, 1) : 0;
  return span[0] + (span[1] - span[0]) * within;
}

/**
 * The matching engine in a worker thread. The engine is synchronous and takes minutes at a
 * million records; on the server's own thread every other user would wait that long.
 * Records are handed over batch by batch as they are read; `finish` runs the engine.
 */
export class MatchWorker {
  private readonly worker = new Worker(new URL('./match-worker.mjs', import.meta.url));
  private failure: Error | null = null;

  constructor(private readonly onShare: (share: number) => void) {
    // An error before `finish` (the worker failed to load) is kept and thrown by `finish`.
    this.worker.on('error', (error) => (this.failure ??= error));
  }

  add(records: PersonRecord[]): void {
    this.send({ type: 'records', records });
  }

  finish(thresholds: ReviewThresholds): Promise<ReviewPair[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const pairs: ReviewPair[] = [];
      this.worker.on('message', (message: FromMatchWorker) => {
        if (message.type === 'progress') {
          this.onShare(matchShare(message.stage, message.done, message.total));
        } else if (message.type === 'pairs') {
          for (const pair of message.pairs) pairs.push(pair);
          this.send({ type: 'next' });
        } else {
          resolve(pairs);
        }
      });
      this.worker.on('error', reject);
      this.worker.on('exit', (code) =>
        reject(new Error(`the duplicate matching worker stopped (exit code ${code})`)),
      );
      this.send({ type: 'match', thresholds });
    });
  }

  /** Ends the thread; after `finish` or when the run failed half way. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: ToMatchWorker): void {
    this.worker.postMessage(message);
  }
}
