/**
 * What the HTTP benchmarks share: a free port, `autocrm serve` started on DATABASE_URL, and
 * autocannon runs that keep every response time (autocannon's own summary has no p95).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

export type Measured = {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
};

/** One request of a scenario: a GET path, or a method with a JSON body. */
export type RequestPlan = { path: string; method?: 'GET' | 'POST'; body?: string };

export type Scenario = { name: string; token: string; next: () => RequestPlan };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `autocrm serve` on DATABASE_URL (from the environment), once it answers its health check. */
export async function startServe(): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.resolve(import.meta.dirname, '../bin/autocrm.mjs'), 'serve'],
    {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { base, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not start within 2 minutes');
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs one scenario for `seconds` with `connections` clients; counts non-2xx as errors. */
export async function measure(
  base: string,
  scenario: Scenario,
  seconds: number,
  connections: number,
): Promise<Measured> {
  const times: number[] = [];
  let errors = 0;
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: base,
      connections,
      duration: seconds,
      headers: { authorization: `Bearer ${scenario.token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const plan = scenario.next();
            request.path = plan.path;
            request.method = plan.method ?? 'GET';
            if (plan.body !== undefined) request.body = plan.body;
            return request;
          },
        },
      ],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on(
    'response',
    (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      if (status >= 300) errors++;
    },
  );
  const result = await done;
  times.sort((a, b) => a - b);
  return {
    name: scenario.name,
    requests: times.length,
    rps: Math.round(result.requests.average),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: errors + result.errors + result.timeouts,
  };
}

/** Paths taken in turn, for GET scenarios. */
export function rotating(paths: string[]): () => RequestPlan {
  let next = 0;
  return () => ({ path: paths[next++ % paths.length]! });
}

export function resultsTable(results: Measured[]): string {
  const lines = [
    '| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}

export type LoadOptions = {
  databaseUrl: string;
  duration: number;
  connections: number;
  warmup: number;
  label: string;
  /** run only the scenarios whose name contains this text */
  only: string;
};

/** `--duration --connections --warmup --label --only` and DATABASE_URL, as every HTTP benchmark takes them. */
export function loadOptions(defaultWarmup: number): LoadOptions {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      connections: { type: 'string', default: '10' },
      warmup: { type: 'string', default: String(defaultWarmup) },
      label: { type: 'string', default: '' },
      only: { type: 'string', default: '' },
    },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Set DATABASE_URL to a PostgreSQL database with demo data');
  return {
    databaseUrl,
    duration: Number(values.duration),
    connections: Number(values.connections),
    warmup: Number(values.warmup),
    label: values.label,
    only: values.only,
  };
}

/** The line under a results heading: machine, server and load. */
export function machineLine(options: LoadOptions): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, PostgreSQL server; ${options.connections} connections, ${options.duration} s per scenario after ${options.warmup} s of warm-up.\n`;
}
