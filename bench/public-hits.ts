/**
 * The cost of the public rate limit (public-rate-limit.ts): every open pixel, tracked click and
 * SMS short link first upserts its counters in `marketing_public_hits`. This counts --hits
 * requests from --addresses client addresses over --tokens links with --clients concurrent
 * callers (each with its own connection, as the server's pool would), through countPublicHit
 * itself (no HTTP), and prints hits per second for:
 *   tracked: the pixel / click with a genuine signed token (one upsert, per token);
 *   short:   an SMS short link (two upserts: per address, then per code);
 *   select1: a `select 1` per hit, the round trip alone, for comparison.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/public-hits.ts [--hits 20000] [--addresses 2000]
 *     [--tokens 5000] [--clients 4] [--runs 5]
 *
 * It empties marketing_public_hits before each run (bench databases only).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import {
  countPublicHit,
  shortLinkLimits,
  trackedLinkLimits,
} from '../src/modules/marketing/public-rate-limit.ts';
import { databaseTarget } from '../src/server/config.ts';

const { values: options } = parseArgs({
  options: {
    hits: { type: 'string', default: '20000' },
    addresses: { type: 'string', default: '2000' },
    tokens: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
  },
});
const hits = Number(options.hits);
const addresses = Number(options.addresses);
const tokens = Number(options.tokens);
const clients = Number(options.clients);
const runs = Number(options.runs);

const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('Set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { command: 'bench/public-hits.ts', poolSize: clients });
const db = database.db;

// a fixed pseudo-random sequence, so every run sends the same requests
const requests = Array.from({ length: hits }, (_, i) => ({
  clientIp: `10.${((i * 7919) % addresses) >> 8}.${((i * 7919) % addresses) & 255}.1`,
  token: `bench-token-${(i * 104_729) % tokens}`,
}));

type Mode = 'tracked' | 'short' | 'select1';
async function once(mode: Mode): Promise<number> {
  await sql`delete from marketing_public_hits`.execute(db);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      if (mode === 'select1') await sql`select 1`.execute(db);
      else if (mode === 'tracked')
        await countPublicHit(db, trackedLinkLimits, { ...request, genuine: true });
      else await countPublicHit(db, shortLinkLimits, { ...request, genuine: false });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  return hits / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
console.log(
  `# ${new Date().toISOString()} ${hits} hits, ${addresses} addresses, ${tokens} tokens, ${clients} clients, load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
const results: Record<string, number[]> = { tracked: [], short: [], select1: [] };
await once('select1'); // warm the pool's connections
for (let run = 0; run < runs; run += 1) {
  // alternate the modes, so a change of the machine's load touches each alike
  for (const mode of ['tracked', 'short', 'select1'] as const) {
    results[mode]!.push(await once(mode));
  }
}
console.log('| mode | hits/s, median | min–max |');
console.log('|---|---:|---|');
for (const [mode, values] of Object.entries(results)) {
  console.log(
    `| ${mode} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} |`,
  );
}
console.log(
  JSON.stringify({
    load: os.loadavg()[0],
    results: Object.fromEntries(
      Object.entries(results).map(([mode, values]) => [mode, Math.round(median(values))]),
    ),
  }),
);
await sql`delete from marketing_public_hits`.execute(db);
await database.close();
