/** Where the database lives: an embedded PGlite folder or a PostgreSQL server URL. */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };
