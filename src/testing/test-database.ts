import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type AppDatabase } from '../db/database.ts';

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new
 * database on the PostgreSQL server of TEST_DATABASE_URL (dropped again on close). Both start
 * from the copy the global setup migrated (`global-setup.ts`).
 */
export async function createTestDatabase(): Promise<AppDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const startFrom = new Blob([fs.readFileSync(migratedTemplate('pgliteTemplateFile'))]);
    return openDatabase({ kind: 'pglite-memory', startFrom });
  }
  const template = migratedTemplate('serverTemplateDatabase');
  const name = `autocrm_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}

/** What the global setup migrated; every config that runs these tests must name it. */
function migratedTemplate(key: 'pgliteTemplateFile' | 'serverTemplateDatabase'): string {
  const template = inject(key);
  if (!template)
    throw new Error(`No migrated template (${key}): run with src/testing/global-setup.ts`);
  return template;
}
