import { Command, InvalidArgumentError, Option } from 'commander';
import {
  systemActor,
  createApiToken,
  findUserByEmail,
  roleKeys,
  type RoleKey,
} from '../auth/index.ts';
import { openDatabase, type AppDatabase } from '../db/database.ts';
import { EmbeddedDatabaseInUseError } from '../db/embedded-lock.ts';
import { migrate } from '../db/migrate.ts';
import type { DedupeFileOptions } from '../modules/quality/index.ts';
import { AppError } from '../lib/errors.ts';
import { createUser } from '../modules/org/index.ts';
import { cliErrorText } from './cli-errors.ts';
import { databaseTarget, describeTarget, loadConfig } from './config.ts';
import { firstModelFit } from './first-model-fit.ts';
import { firstQualityRun } from './first-quality-run.ts';
import { serve } from './serve.ts';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('a whole number is expected');
  return parsed;
}

function probability(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError('a probability between 0 and 1');
  return parsed;
}

/** As `probability`, and 0 to turn a check off. */
function probabilityOrOff(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed < 1))
    throw new InvalidArgumentError('0 (off) or a probability below 1');
  return parsed;
}

async function withDatabase<T>(
  command: string,
  work: (database: AppDatabase) => Promise<T>,
): Promise<T> {
  const target = databaseTarget();
  const database = await openDatabase(target, { command: `autocrm ${command}` });
  try {
    await migrate(database.pool);
    return await work(database);
  } finally {
    await database.close();
  }
}

const program = new Command()
  .name('autocrm')
  .description(
    'AutoCRM operator commands. They work on DATABASE_URL (PostgreSQL) when it is set, ' +
      'otherwise on the embedded PostgreSQL (PGlite) in DATA_DIR (default ./data).',
  )
  .showHelpAfterError();

program
  .command('start')
  .description(
    'what `npm start` runs: build the web app if needed, migrate, load the demo group into an empty embedded database, serve',
  )
  .option('--demo', 'load the demo group even into an empty PostgreSQL server database')
  .action(async (options: { demo?: boolean }) => {
    await serve(loadConfig(), {
      buildWeb: true,
      demoIfEmpty: options.demo ? 'always' : 'embedded-only',
    });
  });

program
  .command('serve')
  .description('migrate and run the web app and API (PORT, default 3000)')
  .option('--demo', 'load the demo group when the database is empty')
  .action(async (options: { demo?: boolean }) => {
    await serve(loadConfig(), { buildWeb: false, demoIfEmpty: options.demo ? 'always' : 'never' });
  });

program
  .command('migrate')
  .description('apply the database migrations that have not been applied yet')
  .action(async () => {
    const target = databaseTarget();
    const database = await openDatabase(target, { command: 'autocrm migrate' });
    try {
      const report = await migrate(database.pool);
      console.log(
        `${describeTarget(target)}: ${report.applied.length} migration(s) applied, ${report.alreadyApplied} already there`,
      );
      for (const name of report.applied) console.log(`  + ${name}`);
    } finally {
      await database.close();
    }
  });

program
  .command('demo')
  .description(
    'load the demo group: brands, regions, dealers, users of every role and N customers with vehicles and history',
  )
  .option('--customers <n>', 'number of customers', positiveInteger, 2000)
  .option('--seed <s>', 'random seed: the same seed gives the same data', positiveInteger, 1)
  .action(async (options: { customers: number; seed: number }) => {
    await withDatabase('demo', async (database) => {
      const { loadDemo, printDemoLogins } = await import('../demo/index.ts');
      const report = await loadDemo(database, {
        customers: options.customers,
        seed: options.seed,
        log: console.log,
      });
      await firstQualityRun(database.db, console.log);
      await firstModelFit(database.db, console.log);
      printDemoLogins(report, console.log);
    });
  });

program
  .command('dedupe')
  .description(
    'find duplicate people in a CSV file (no database): writes record_id,cluster_id for every row',
  )
  .argument('<input>', 'CSV file (UTF-8; Windows-1251 and GBK are detected)')
  .requiredOption('--out <file>', 'clusters CSV to write')
  .option('--pairs <file>', "also write the scored pairs with each field's contribution")
  .option(
    '--map <column=field,...>',
    'name columns the file calls otherwise, e.g. fio=full_name,tel=phone',
  )
  .option('--country <code>', 'country of phone numbers written without a code', 'RU')
  .option('--threshold <p>', 'match probability that joins two records', probability, 0.9)
  .option(
    '--group-threshold <p>',
    'two groups join only when their records match this well on average (0: no check against chaining)',
    probabilityOrOff,
    0.5,
  )
  .addOption(
    new Option('--encoding <name>', 'read the file in this encoding').choices([
      'utf-8',
      'windows-1251',
      'gbk',
    ]),
  )
  .action(async (input: string, options: DedupeFileOptions) => {
    const { dedupeFile } = await import('../modules/quality/index.ts');
    await dedupeFile(input, {
      ...options,
      log: (line) => console.error(line),
      bar: process.stderr.isTTY,
    });
  });

const users = program.command('users').description('manage users');
users
  .command('add')
  .description('create a user')
  .requiredOption('--email <email>', 'login e-mail')
  .requiredOption('--password <password>', 'password (at least 8 characters)')
  .addOption(new Option('--role <role>', 'role').choices(roleKeys).makeOptionMandatory())
  .option('--dealer <code>', 'dealer code (dealer roles)')
  .option('--region <code>', 'region code (regional roles)')
  .option('--brand <code>', 'brand code (brand roles)')
  .option('--name <name>', 'display name')
  .addOption(new Option('--locale <locale>', 'interface language').choices(['en', 'ru', 'zh']))
  .action(
    async (options: {
      email: string;
      password: string;
      role: RoleKey;
      dealer?: string;
      region?: string;
      brand?: string;
      name?: string;
      locale?: 'en' | 'ru' | 'zh';
    }) => {
      await withDatabase('users add', async (database) => {
        const user = await createUser(database.db, systemActor('cli'), {
          email: options.email,
          password: options.password,
          role: options.role,
          dealerCode: options.dealer,
          regionCode: options.region,
          brandCode: options.brand,
          displayName: options.name,
          locale: options.locale,
        });
        console.log(
          `Created ${user.role} ${user.email} (${user.id})${user.dealerCode ? ` at dealer ${user.dealerCode}` : ''}`,
        );
      });
    },
  );

const tokens = program.command('tokens').description('manage API tokens');
tokens
  .command('create')
  .description('create an API token for a user and print it (it is shown only once)')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--days <n>', 'expire after this many days', positiveInteger)
  .action(async (options: { email: string; name: string; days?: number }) => {
    await withDatabase('tokens create', async (database) => {
      const user = await findUserByEmail(database.db, options.email);
      if (!user) throw new AppError(404, 'not_found', `No user with e-mail ${options.email}`);
      const expires = options.days ? new Date(Date.now() + options.days * 86_400_000) : null;
      const created = await createApiToken(
        database.db,
        systemActor('cli'),
        user.id,
        options.name,
        expires,
      );
      console.log(created.token);
    });
  });

const models = program.command('models').description('fit the analytics models');
models
  .command('bgnbd')
  .description(
    'fit BG/NBD (and Gamma-Gamma when amounts are given) on customer_id,date[,amount] rows',
  )
  .requiredOption('--transactions <file>', 'CSV of customer_id,date[,amount]')
  .requiredOption('--calibration-end <date>', 'last day of the calibration period (YYYY-MM-DD)')
  .addOption(new Option('--period <unit>', 'time unit').choices(['week', 'day']).default('week'))
  .option('--out <file>', 'write the fitted parameters as JSON')
  .action(
    async (options: {
      transactions: string;
      calibrationEnd: string;
      period: 'week' | 'day';
      out?: string;
    }) => {
      const { runBgNbdCommand } = await import('../modules/analytics/models-command.ts');
      await runBgNbdCommand({ ...options, log: console.log });
    },
  );

models
  .command('refit-service')
  .description('refit the after-sales churn model on all service visits and rescore the owners')
  .option('--as-of <date>', 'last day of visits to use (YYYY-MM-DD, default today)')
  .action(async (options: { asOf?: string }) => {
    await withDatabase('models refit-service', async (database) => {
      const { refitServiceChurnCommand } = await import('../modules/analytics/models-command.ts');
      await refitServiceChurnCommand(database.db, options.asOf, console.log);
    });
  });

const reports = program.command('reports').description('scheduled reports by e-mail');
reports
  .command('send-weekly')
  .description(
    "queue the weekly pack of every subscribed user (the week due in his time zone, or the given week's) and send them over SMTP_URL",
  )
  .option('--week <date>', 'any day of the week to report (YYYY-MM-DD); default: last week')
  .option('--dry-run', 'list who would get which pack; write and send nothing')
  .action(async (options: { week?: string; dryRun?: boolean }) => {
    await withDatabase('reports send-weekly', async (database) => {
      const { sendWeeklyCommand } = await import('../modules/analytics/reports-command.ts');
      await sendWeeklyCommand(database.db, {
        ...options,
        smtpUrl: process.env.SMTP_URL,
        smtpFrom: process.env.SMTP_FROM,
        log: console.log,
      });
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof EmbeddedDatabaseInUseError) {
    console.error(`autocrm: ${error.message}`);
    process.exit(3);
  }
  if (error instanceof AppError) {
    console.error(cliErrorText(error));
    process.exit(2);
  }
  throw error;
}
