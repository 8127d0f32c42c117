import type { Locale } from '../../../auth/index.ts';
import { reportXlsx } from '../dashboards/report-export.ts';
import type { Cell, Report } from '../dashboards/report.ts';
import { nowOnlyMetrics, packMetrics, type PackFigures } from './pack-figures.ts';
import { addDays } from '../../../lib/zoned-time.ts';
import { fill, packIntlLocales, packTexts } from './pack-texts.ts';

/** Which scope a pack covers, e.g. { kind: 'dealer', code: 'A' }. */
export type PackScope = { kind: 'dealer' | 'region' | 'brand' | 'group'; code: string | null };

export type RenderedPack = {
  subject: string;
  text: string;
  html: string;
  attachmentName: string;
  attachment: Buffer;
};

/** The attachment's content type: the pack's workbook is always XLSX. */
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

function formatters(locale: Locale, timeZone: string) {
  const tag = packIntlLocales[locale];
  // calendar dates are UTC midnights: format them in UTC so they never shift a day
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(tag, {
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const week = (start: string) =>
    day.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${addDays(start, 6)}T00:00:00Z`));
  const instant = new Intl.DateTimeFormat(tag, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  return {
    week,
    time: (iso: string) => instant.format(new Date(iso)),
    number: (value: number | null) => (value === null ? '—' : number.format(value)),
    change: (now: number | null, before: number | null) =>
      now === null || before === null ? '' : signed.format(Math.round((now - before) * 10) / 10),
  };
}

/** The pack's tables with labels in the recipient's language: one source for HTML and XLSX. */
export function packReport(figures: PackFigures, scope: PackScope, locale: Locale): Report {
  const texts = packTexts[locale];
  const difference = (now: number | null, before: number | null): Cell =>
    now === null || before === null ? null : Math.round((now - before) * 10) / 10;
  return {
    name: 'weeklyPack',
    asOf: figures.asOf,
    filters: {
      scope: scope.code ? `${scope.kind}:${scope.code}` : scope.kind,
      from: figures.weekStart,
      to: addDays(figures.weekStart, 6),
      previousFrom: addDays(figures.weekStart, -7),
      previousTo: addDays(figures.weekStart, -1),
    },
    kpis: packMetrics
      .filter((metric) => metric !== 'csiAverage')
      .map((metric) => ({ key: metric, kind: 'count' as const, value: figures.current[metric] })),
    tables: [
      {
        key: 'weekOverWeek',
        columns: [
          { key: 'metric', kind: 'text' },
          { key: 'thisWeek', kind: 'decimal' },
          { key: 'previousWeek', kind: 'decimal' },
          { key: 'change', kind: 'decimal' },
        ],
        rows: packMetrics.map((metric) => [
          texts.metrics[metric],
          figures.current[metric],
          figures.previous[metric],
          difference(figures.current[metric], figures.previous[metric]),
        ]),
      },
      {
        key: 'perDealer',
        columns: [
          { key: 'dealer', kind: 'text' },
          { key: 'users', kind: 'count' },
          { key: 'logins', kind: 'count' },
          { key: 'activities', kind: 'count' },
          { key: 'overdueTasks', kind: 'count' },
        ],
        rows: figures.perDealer.map((row) => [
          row.dealer ?? texts.noDealer,
          row.users,
          row.logins,
          row.activities,
          row.overdueTasks,
        ]),
      },
    ],
  };
}

const cellStyle = 'padding:4px 10px;border-bottom:1px solid #e5e7eb';

/** Subject, plain text, HTML and the workbook of one recipient's pack. */
export async function renderPack(
  figures: PackFigures,
  scope: PackScope,
  locale: Locale,
  /** the recipient's, for the time the figures were refreshed */
  timeZone: string,
): Promise<RenderedPack> {
  const texts = packTexts[locale];
  const format = formatters(locale, timeZone);
  const scopeName = fill(texts.scopes[scope.kind], { code: scope.code ?? '' });
  const week = format.week(figures.weekStart);
  const previous = format.week(addDays(figures.weekStart, -7));
  const subject = fill(texts.subject, { scope: scopeName, week });
  const title = fill(texts.title, { scope: scopeName });
  const intro = fill(texts.intro, { week, previous });
  const freshness = figures.asOf
    ? fill(texts.asOf, { time: format.time(figures.asOf) })
    : texts.notComputed;

  const metricRows = packMetrics.map((metric) => {
    const nowOnly = nowOnlyMetrics.includes(metric);
    const now = figures.current[metric];
    const before = figures.previous[metric];
    return {
      label: texts.metrics[metric],
      now: format.number(now),
      before: nowOnly ? texts.nowOnly : format.number(before),
      change: nowOnly ? '' : format.change(now, before),
    };
  });
  const dealerRows = figures.perDealer.map((row) => ({
    dealer: row.dealer ?? texts.noDealer,
    cells: [row.users, row.logins, row.activities, row.overdueTasks].map(format.number),
  }));

  const th = (text: string, align = 'right') =>
    `<th style="${cellStyle};text-align:${align}">${escapeHtml(text)}</th>`;
  const td = (text: string, align = 'right') =>
    `<td style="${cellStyle};text-align:${align}">${escapeHtml(text)}</td>`;
  const table = (head: string, body: string) =>
    `<table style="border-collapse:collapse;font-size:14px;margin:12px 0"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#111827">',
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(intro)}</p>`,
    table(
      th(texts.metric, 'left') + th(texts.thisWeek) + th(texts.previousWeek) + th(texts.change),
      metricRows
        .map(
          (row) =>
            `<tr data-metric>${td(row.label, 'left')}${td(row.now)}${td(row.before)}${td(row.change)}</tr>`,
        )
        .join(''),
    ),
    `<p style="color:#6b7280;font-size:12px">${escapeHtml(freshness)}</p>`,
    `<h2 style="font-size:16px">${escapeHtml(texts.perDealer)}</h2>`,
    table(
      th(texts.dealer, 'left') +
        th(texts.users) +
        th(texts.metrics.logins) +
        th(texts.metrics.activities) +
        th(texts.metrics.overdueTasks),
      dealerRows
        .map(
          (row) =>
            `<tr>${td(row.dealer, 'left')}${row.cells.map((cell) => td(cell)).join('')}</tr>`,
        )
        .join(''),
    ),
    `<p>${escapeHtml(texts.attachment)}</p>`,
    `<p style="color:#6b7280;font-size:12px">${escapeHtml(texts.footer)}</p>`,
    '</body></html>',
  ].join('');
  const text = [
    title,
    intro,
    '',
    ...metricRows.map(
      (row) => `${row.label}: ${row.now} (${row.before}${row.change ? `, ${row.change}` : ''})`,
    ),
    freshness,
    '',
    texts.attachment,
    texts.footer,
  ].join('\n');
  const file = `weekly-pack-${scope.code ?? scope.kind}-${figures.weekStart}.xlsx`;
  return {
    subject,
    text,
    html,
    attachmentName: file.replace(/[^A-Za-z0-9._-]/g, '_'),
    attachment: await reportXlsx(packReport(figures, scope, locale)),
  };
}
