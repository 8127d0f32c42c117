import { openDatabase } from '../db/database.ts';
import { drainPool } from '../db/drain.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from './app.ts';
import { describeTarget, type ServerConfig } from './config.ts';
import { ensureWebBuilt } from './web-build.ts';
import { firstModelFit } from './first-model-fit.ts';
import { firstQualityRun } from './first-quality-run.ts';

export type ServeOptions = {
  buildWeb: boolean;
  /** when to load the demo group into an empty database */
  demoIfEmpty: 'never' | 'embedded-only' | 'always';
};

/** how long a stopping server waits for database work in flight */
const shutdownDrainMs = 15_000;

export async function serve(config: ServerConfig, options: ServeOptions): Promise<void> {
  const log = (line: string) => console.log(line);
  if (options.buildWeb) await ensureWebBuilt(log);
  const database = await openDatabase(config.database, { command: 'autocrm serve' });
  const report = await migrate(database.pool);
  log(`Database: ${describeTarget(config.database)} (${report.applied.length} new migration(s))`);

  const embedded = config.database.kind !== 'postgres';
  const wantDemo =
    options.demoIfEmpty === 'always' || (options.demoIfEmpty === 'embedded-only' && embedded);
  if (wantDemo) {
    const { isDatabaseEmpty, loadDemo, printDemoLogins } = await import('../demo/index.ts');
    if (await isDatabaseEmpty(database.db)) {
      log('Empty database: loading the demo group ...');
      const demo = await loadDemo(database, { customers: 2000, seed: 1, log });
      await firstQualityRun(database.db, log);
      await firstModelFit(database.db, log);
      printDemoLogins(demo, log);
    }
  }

  const app = await buildApp({
    db: database.db,
    settings: config.settings,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    ...(config.jobs ? { jobs: database } : {}),
  });
  const shutdown = async (signal: string) => {
    log(`${signal}: stopping ...`);
    await app.close();
    // app.close() waits for the open connections, not for a handler whose client went away
    if (!(await drainPool(database.pool, { timeoutMs: shutdownDrainMs }))) {
      log(
        `${signal}: database work still running after ${shutdownDrainMs / 1000} s, closing anyway`,
      );
    }
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  log(`AutoCRM is running on http://localhost:${config.port} (API reference: /api/docs)`);
}
