/**
 * The quality findings export's file writer (issue 6: the export is streamed; since 6 December
 * the shared writer of lib/table-export.ts), without a
 * database: `--rows` generated records in batches of 2,000 (as the export reads them) are
 * written as CSV or XLSX to a sink that takes each chunk on the next turn of the event loop.
 * Prints the bytes, the seconds and the peak RSS: flat peak memory whatever the row count is
 * what "streamed" means here.
 *
 *   npx tsx bench/problems-export-file.ts --rows 400000 --format xlsx
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type {
  ProblemsExport,
  ProblemsExportRow,
} from '../src/modules/quality/scores/problems-export.ts';
import { exportStream } from '../src/lib/table-export.ts';
import { problemsTable } from '../src/modules/quality/scores/problems-file.ts';

const { values: options } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    format: { type: 'string', default: 'xlsx' },
  },
});
const total = Number(options.rows);

async function* batches(): AsyncGenerator<ProblemsExportRow[]> {
  const computedAt = new Date().toISOString();
  for (let start = 0; start < total; start += 2000) {
    yield Array.from({ length: Math.min(2000, total - start) }, (_, k) => ({
      customerId: `00000000-0000-4000-8000-${String(start + k).padStart(12, '0')}`,
      customer: `Иванов Иван Петрович ${start + k}`,
      dealers: ['MSK01', 'SPB02'],
      source: 'website',
      score: 40 + ((start + k) % 50),
      completeness: 50,
      validity: 60,
      consistency: 70,
      freshness: 80,
      problems: ['placeholder_name', 'no_contact'],
      computedAt,
    }));
  }
}

const data: ProblemsExport = { total, rows: total, filters: {}, batches: batches() };
let bytes = 0;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    bytes += chunk.length;
    setImmediate(done);
  },
});
const started = performance.now();
await pipeline(exportStream(options.format === 'csv' ? 'csv' : 'xlsx', problemsTable(data)), sink);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    format: options.format,
    rows: total,
    megabytes: +(bytes / 2 ** 20).toFixed(1),
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    peakRssMb: Math.round(peak / 2 ** 20),
  }),
);
