/** A job the server runs again and again (a sweep, a refresh, an outbox drain). */
export type PeriodicJob = {
  /** names the job's pg-boss queue and its lines in the log */
  name: string;
  everyMs: number;
  /** `signal` is aborted when the server closes: a long pass may stop early (or ignore it) */
  run: (signal: AbortSignal) => Promise<unknown>;
  /**
   * Several servers may each run a pass at the same time (each server still one at a time).
   * Only for work whose own claims keep the servers apart, as the outbox's leases do; by default
   * a pass runs on one server of the cluster at a time.
   */
  parallel?: boolean;
  /** after the last pass on close: release what the job holds (a transport) */
  stop?: () => void;
};

/** What a module sees of the server's job queue (`app.jobs`). */
export type JobRegistry = {
  /** registers a periodic job; a second one of the same name replaces the first */
  periodic(job: PeriodicJob): void;
  /** whether this server runs jobs (API tests build apps without them) */
  readonly running: boolean;
};
