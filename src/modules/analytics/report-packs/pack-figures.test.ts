import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../dashboards/report.ts';
import { perDealerRows } from './pack-figures.ts';

/** The usage dashboard's per-dealer table, read into the pack's rows by column key. */
describe("the pack's per-dealer rows", () => {
  it('reads the usage table as the dashboard writes it', () => {
    const table: ReportTable = {
      key: 'perDealer',
      columns: [
        { key: 'dealer', kind: 'text' },
        { key: 'users', kind: 'count' },
        { key: 'activeUserShare', kind: 'ratio' },
        { key: 'logins', kind: 'count' },
        { key: 'activities', kind: 'count' },
        { key: 'overdueTasks', kind: 'count' },
      ],
      rows: [
        ['A', 6, 0.5, 2, 3, 1],
        [null, 2, 0, 0, 0, 0],
      ],
    };
    expect(perDealerRows(table)).toEqual([
      { dealer: 'A', users: 6, logins: 2, activities: 3, overdueTasks: 1 },
      { dealer: null, users: 2, logins: 0, activities: 0, overdueTasks: 0 },
    ]);
  });

  it('keeps each figure under its own heading when columns move or one is missing', () => {
    // columns reordered, the share dropped, and no activities figure at all: read by position,
    // dealer A would be "12", its overdue tasks would show as users and its users as logins
    const table: ReportTable = {
      key: 'perDealer',
      columns: [
        { key: 'overdueTasks', kind: 'count' },
        { key: 'users', kind: 'count' },
        { key: 'logins', kind: 'count' },
        { key: 'dealer', kind: 'text' },
      ],
      rows: [
        [12, 6, 2, 'A'],
        [0, 3, 5, 'B'],
      ],
    };
    expect(perDealerRows(table)).toEqual([
      { dealer: 'A', users: 6, logins: 2, activities: null, overdueTasks: 12 },
      { dealer: 'B', users: 3, logins: 5, activities: null, overdueTasks: 0 },
    ]);
  });

  it('refuses a table whose rows cannot be told apart by dealer, and reads no table as none', () => {
    expect(() =>
      perDealerRows({ key: 'perDealer', columns: [{ key: 'users', kind: 'count' }], rows: [[1]] }),
    ).toThrow(/no dealer column/);
    expect(perDealerRows(undefined)).toEqual([]);
  });
});
