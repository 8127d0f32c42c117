import { auditEvent, can, type Actor, type Locale } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import type { ExportTable } from '../../../lib/table-export.ts';
import { exportHeaders } from '../dashboards/export-headers.ts';
import {
  getBestCustomerRun,
  keptScoreBatches,
  readyKeptList,
  type ScoreOrder,
} from './best-customers.service.ts';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** This export's own column names; the shared ones (customer, customer id) come from analytics'. */
const names: Record<Locale, Record<string, string>> = {
  en: {
    bestCustomers: 'Best customers',
    priority: 'Priority (likeness × readiness)',
    likeness: 'Likeness',
    readiness: 'Readiness',
    probability: 'Probability of buying',
    reasons: 'Why',
    series: 'Model series',
    runId: 'Model fit (id)',
    order: 'Order',
  },
  ru: {
    bestCustomers: 'Лучшие клиенты',
    priority: 'Приоритет (сходство × готовность)',
    likeness: 'Сходство',
    readiness: 'Готовность',
    probability: 'Вероятность покупки',
    reasons: 'Почему',
    series: 'Модельный ряд',
    runId: 'Обучение модели (id)',
    order: 'Порядок',
  },
  zh: {
    bestCustomers: '最佳客户',
    priority: '优先级(相似度 × 准备度)',
    likeness: '相似度',
    readiness: '购买准备度',
    probability: '购买概率',
    reasons: '原因',
    series: '车系',
    runId: '模型训练(ID)',
    order: '排序',
  },
};

export function scoredExportHeaders(locale: Locale): (key: string) => string {
  const shared = exportHeaders(locale);
  return (key) => names[locale][key] ?? shared(key);
}

/**
 * The whole scored list of the page (the same scope and order, from the run's kept list) as a
 * table streamed batch by batch to CSV or XLSX, so a group's million rows are never all in
 * memory. Names leave the CRM only with `customers:export`; an analyst gets the ids, to look
 * the customers up inside. Audited with the row count once the last row is out.
 */
export async function scoredCustomersExport(
  db: Db,
  actor: Actor,
  runId: string,
  order: ScoreOrder,
): Promise<{ series: string; table: ExportTable }> {
  const withNames = can(actor, 'customers:export');
  // a failed or superseded fit is a 400 before the file starts, not a broken download
  await readyKeptList(db, runId);
  const run = await getBestCustomerRun(db, runId);
  const names = scoredExportHeaders(actor.locale);
  const keys = [
    'customerId',
    ...(withNames ? ['customer'] : []),
    'priority',
    'likeness',
    'readiness',
    'probability',
    'reasons',
  ];
  const decimal = { numFmt: '#,##0.0#', width: 14 };
  async function* rows(): AsyncGenerator<readonly unknown[]> {
    let count = 0;
    for await (const batch of keptScoreBatches(db, actor, runId, order)) {
      for (const item of batch) {
        yield [
          item.customerId,
          ...(withNames ? [item.displayName] : []),
          round(item.priority, 2),
          round(item.likeness, 2),
          round(item.readiness, 2),
          round(item.probability, 4),
          // the traits as the model's keys (the page words them): incomeBand=high; interests=golf
          item.reasons.map((reason) => `${reason.feature}=${reason.value}`).join('; '),
        ];
      }
      count += batch.length;
    }
    await auditEvent(db, actor, {
      table: 'analytics_model_runs',
      recordId: runId,
      details: { export: 'scored-customers', order, rows: count, names: withNames },
    });
  }
  return {
    series: run.series,
    table: {
      sheet: names('bestCustomers'),
      header: keys.map(names),
      rows: rows(),
      columns: [
        { width: 38 },
        ...(withNames ? [{ width: 28 }] : []),
        decimal,
        decimal,
        decimal,
        { numFmt: '0.0%', width: 14 },
        { width: 40 },
      ],
      notes: [
        {
          sheet: names('kpis'),
          header: [names('kpi'), names('value')],
          rows: [
            [names('as_of'), run.finishedAt],
            [names('series'), run.series],
            [names('runId'), runId],
            [names('order'), order],
          ],
        },
      ],
    },
  };
}
