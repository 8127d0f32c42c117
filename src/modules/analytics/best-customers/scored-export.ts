import { auditEvent, can, type Actor, type Locale } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { exportHeaders } from '../dashboards/export-headers.ts';
import type { Cell, Report } from '../dashboards/report.ts';
import { scoreCustomers, type ScoreOrder } from './best-customers.service.ts';

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
 * The whole scored list of the page (the same scope, order and cached scoring as its pages)
 * as a report for the dashboards' CSV and XLSX writers. The scoring holds the list in memory
 * anyway, so it is not read in batches. Names leave the CRM only with `customers:export`; an
 * analyst gets the ids, to look the customers up inside. Audited with the row count.
 */
export async function scoredCustomersReport(
  db: Db,
  actor: Actor,
  runId: string,
  order: ScoreOrder,
): Promise<Report> {
  const withNames = can(actor, 'customers:export');
  const scored = await scoreCustomers(db, actor, runId, {
    order,
    limit: Number.MAX_SAFE_INTEGER,
    offset: 0,
  });
  await auditEvent(db, actor, {
    table: 'analytics_model_runs',
    recordId: runId,
    details: { export: 'scored-customers', order, rows: scored.total, names: withNames },
  });
  return {
    name: 'best-customers',
    asOf: scored.run.finishedAt,
    filters: { series: scored.run.series, runId, order },
    kpis: [],
    tables: [
      {
        key: 'bestCustomers',
        columns: [
          { key: 'customerId', kind: 'text' },
          ...(withNames ? [{ key: 'customer', kind: 'text' as const }] : []),
          { key: 'priority', kind: 'decimal' },
          { key: 'likeness', kind: 'decimal' },
          { key: 'readiness', kind: 'decimal' },
          { key: 'probability', kind: 'ratio' },
          { key: 'reasons', kind: 'text' },
        ],
        rows: scored.items.map((item): Cell[] => [
          item.customerId,
          ...(withNames ? [item.displayName] : []),
          round(item.priority, 2),
          round(item.likeness, 2),
          round(item.readiness, 2),
          round(item.probability, 4),
          // the traits as the model's keys (the page words them): incomeBand=high; interests=golf
          item.reasons.map((reason) => `${reason.feature}=${reason.value}`).join('; '),
        ]),
      },
    ],
  };
}
