/** Where the database lives: an embedded PGlite folder or a PostgreSQL server URL. */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  /** In memory; `startFrom` is a data-folder dump (`PGlite.dumpDataDir`) to begin with. */
  | { kind: 'pglite-memory'; startFrom?: Blob }
  | { kind: 'postgres'; url: string };
