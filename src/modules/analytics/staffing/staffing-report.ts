import type { HeaderNames } from '../dashboards/report-export.ts';
import type { Report } from '../dashboards/report.ts';
import { staffingBands, staffingFor } from './staffing-guide.ts';

/**
 * The staffing guide as a report, so that it downloads as XLSX or CSV like every dashboard: the
 * seed's bands as a table (a bound or team size the seed does not give is empty, its note
 * worded by `names` in the user's language, as the headers are) and, for a given annual
 * target, the team it calls for as the figures.
 */
export function staffingGuideReport(annualTarget: number | undefined, names: HeaderNames): Report {
  const advice = annualTarget === undefined ? null : staffingFor(annualTarget);
  return {
    name: 'staffing',
    asOf: null,
    filters: { annualTarget: annualTarget === undefined ? undefined : String(annualTarget) },
    kpis: advice
      ? [
          { key: 'annualTarget', kind: 'count', value: advice.annualTarget },
          { key: 'managers', kind: 'count', value: advice.managers },
          { key: 'loyaltySpecialists', kind: 'count', value: advice.loyaltySpecialists },
          { key: 'conquestDataSpecialists', kind: 'count', value: advice.conquestDataSpecialists },
          { key: 'teamTotal', kind: 'count', value: advice.total },
        ]
      : [],
    tables: [
      {
        key: 'staffingGuide',
        columns: [
          { key: 'fromTarget', kind: 'count' },
          { key: 'underTarget', kind: 'count' },
          { key: 'managers', kind: 'count' },
          { key: 'loyaltySpecialists', kind: 'count' },
          { key: 'conquestDataSpecialists', kind: 'count' },
          { key: 'note', kind: 'text' },
        ],
        rows: staffingBands.map((band) => [
          band.minTarget ?? 0,
          band.maxTarget,
          band.managers,
          band.loyaltySpecialists,
          band.conquestDataSpecialists,
          band.note && names(band.note),
        ]),
      },
    ],
  };
}
