/**
 * The server's CPU time of segment counts, beside their wall time: for comparing two forms of a
 * count on a machine that other sessions keep at load 8-20, where wall times of the same query
 * vary by 2x. Reads the backend's utime + stime from /proc, so the server must run on this
 * machine; parallel workers are separate processes, so by default the session runs without
 * them (`--parallel` allows them, and then only the wall time means much).
 *
 *   DATABASE_URL=postgres://... npx tsx bench/segment-count.ts --sql > counts.sql
 *   DATABASE_URL=postgres://... npx tsx bench/segment-cpu.ts [--runs 3] [--parallel]
 *     [--set 'enable_nestloop=off'] a.sql b.sql a.sql b.sql
 *
 * Each file holds counts as written by `segment-count.ts --sql` ("-- name" then the statement);
 * give the files alternately so that both forms see the same load. Each count runs once
 * unmeasured, then --runs times; one line per count: CPU ms and wall ms per run, load average.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: options, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    parallel: { type: 'boolean', default: false },
    set: { type: 'string', multiple: true, default: [] },
  },
});

const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) throw new Error('Set DATABASE_URL to a PostgreSQL database');
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
const pid = rows[0]!.pid;

/** utime + stime of the backend in ms (fields 14 and 15 of /proc/<pid>/stat, in 1/100 s) */
function backendCpuMs(): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

await client.query('set jit = off'); // as countSegment (segment-query-settings.ts)
if (!options.parallel) await client.query('set max_parallel_workers_per_gather = 0');
for (const setting of options.set) {
  const [name, value] = setting.split('=');
  await client.query('select set_config($1, $2, false)', [name!.trim(), value!.trim()]);
}

for (const file of files) {
  const counts = readFileSync(file, 'utf8').split(/^-- /m).slice(1);
  for (const count of counts) {
    const name = count.slice(0, count.indexOf('\n'));
    const text = count.slice(count.indexOf('\n') + 1, count.lastIndexOf(';'));
    await client.query(text);
    const cpu: number[] = [];
    const wall: number[] = [];
    let n = '';
    for (let i = 0; i < Number(options.runs); i++) {
      const cpuStart = backendCpuMs();
      const start = performance.now();
      n = (await client.query<{ n: string }>(text)).rows[0]!.n;
      wall.push(Math.round(performance.now() - start));
      cpu.push(backendCpuMs() - cpuStart);
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(
      `${file} ${name}: count ${n}, cpu ms ${cpu.join(' ')}, wall ms ${wall.join(' ')}, load ${load}`,
    );
  }
}
await client.end();
