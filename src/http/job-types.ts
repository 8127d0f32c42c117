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
  /**
   * Asks for a pass of a registered periodic job now instead of at its next tick (the outbox
   * drain after a campaign queued its mail): a pg-boss job sent to the job's queue, which keeps
   * the queue's rules (one pass at a time in the cluster, or the parallel job's one per server),
   * and this server's worker woken to take it. A pass already waiting is the one asked for; a
   * name not registered, or a server without jobs, does nothing. Never throws: a failed send is
   * logged and the next tick does the work.
   */
  runSoon(name: string): void;
  /** whether this server runs jobs (API tests build apps without them) */
  readonly running: boolean;
};
