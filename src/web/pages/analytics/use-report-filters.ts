import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { defaultPeriod, samePeriod, type Period, type PeriodSpan } from './default-period.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report's filters kept in the URL (?from=&to=&dealerCode=...), so a link opens the same
 * figures and Back returns to them. The period is written only once the user picks one: without
 * it the report opens on its default (`span`), which therefore follows the dashboard shown and
 * the day the link is opened. `keys` are the other filters, each a plain string (a constant list, not
 * made anew on each render).
 */
export function useReportFilters<F extends Period>(span: PeriodSpan, keys: readonly string[]) {
  const [search, setSearch] = useSearchParams();
  const fallback = useMemo(() => defaultPeriod(span), [span]);
  const from = search.get('from');
  const to = search.get('to');
  const picked = Boolean(from && to && isoDay.test(from) && isoDay.test(to));

  const filters = useMemo(() => {
    const period = picked ? { from: from!, to: to! } : fallback;
    const rest = Object.fromEntries(
      keys.flatMap((key) => {
        const value = search.get(key);
        return value ? [[key, value]] : [];
      }),
    );
    return { ...rest, ...period } as F;
  }, [search, picked, from, to, fallback, keys]);

  const setFilters = useCallback(
    (next: F) => {
      setSearch(
        (previous) => {
          const params = new URLSearchParams(previous);
          for (const key of keys) {
            const value = (next as Record<string, unknown>)[key];
            if (typeof value === 'string' && value) params.set(key, value);
            else params.delete(key);
          }
          // the default stays implicit, so the next dashboard still opens on its own
          if (samePeriod(next, fallback)) {
            params.delete('from');
            params.delete('to');
          } else {
            params.set('from', next.from);
            params.set('to', next.to);
          }
          return params;
        },
        { replace: true },
      );
    },
    [setSearch, fallback, keys],
  );

  const resetPeriod = useCallback(() => {
    setSearch(
      (previous) => {
        const params = new URLSearchParams(previous);
        params.delete('from');
        params.delete('to');
        return params;
      },
      { replace: true },
    );
  }, [setSearch]);

  return { filters, setFilters, periodPicked: picked, resetPeriod };
}
