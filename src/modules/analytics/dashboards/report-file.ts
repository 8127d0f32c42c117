import type { FastifyReply } from 'fastify';
import { NotFoundError } from '../../../lib/errors.ts';
import { reportCsv, reportXlsx, type HeaderNames } from './report-export.ts';
import type { Report } from './report.ts';

/**
 * Sends a report as a download: the whole workbook, or one table as CSV (the figures when no
 * table is named; an unknown table is a 404). `file` is the name without its extension; `names`
 * translates the header keys (without it the keys stand as they are).
 */
export async function sendReportFile(
  reply: FastifyReply,
  report: Report,
  options: {
    format: 'csv' | 'xlsx';
    table?: string | undefined;
    file: string;
    names?: HeaderNames;
  },
): Promise<FastifyReply> {
  const { format, table, file, names } = options;
  if (format === 'csv') {
    const csv = reportCsv(report, table, names);
    if (csv === undefined) throw new NotFoundError(`Table ${table}`);
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${file}${table ? `-${table}` : ''}.csv"`,
      )
      .send(csv);
  }
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file}.xlsx"`)
    .send(await reportXlsx(report, names));
}
