import type { Actor } from '../../auth/index.ts';
import { auditEvent } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { csvField } from '../../lib/csv.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { can } from '../../auth/index.ts';
import { filteredCustomers, listColumns, type CustomerListQuery } from './customer-list.ts';

const header = [
  'id',
  'kind',
  'display_name',
  'lifecycle_stage',
  'phone',
  'email',
  'city',
  'dealers',
  'assigned_to',
  'created_at',
  'updated_at',
];

const batch = 2000;

/**
 * The filtered customers as CSV lines, read in key order batch by batch so memory stays flat
 * whatever the size. Only customers in the actor's scope are ever read.
 */
export async function* exportCustomersCsv(
  db: Db,
  actor: Actor,
  query: Omit<CustomerListQuery, 'limit' | 'offset' | 'sort'>,
  country: string,
): AsyncGenerator<string> {
  if (!can(actor, 'customers:export'))
    throw new ForbiddenError('Your role may not export customers');
  const customers = await filteredCustomers(db, actor, query, country);
  // UTF-8 byte order mark: spreadsheet programs then read Cyrillic and Chinese correctly.
  yield `\ufeff${header.join(',')}\r\n`;
  let count = 0;
  if (customers) {
    let after: { key: string; id: string } | null = null;
    for (;;) {
      let page = listColumns(customers, actor).select('c.sort_key');
      if (after) {
        const { key, id } = after;
        page = page.where((eb) => eb(eb.refTuple('c.sort_key', 'c.id'), '>', eb.tuple(key, id)));
      }
      const rows = await page.orderBy('c.sort_key').orderBy('c.id').limit(batch).execute();
      for (const row of rows) {
        yield [
          row.id,
          row.kind,
          row.display_name,
          row.lifecycle_stage,
          row.phone,
          row.email,
          row.city,
          row.dealer_codes,
          row.assigned_to?.name,
          row.created_at.toISOString(),
          row.updated_at.toISOString(),
        ]
          .map(csvField)
          .join(',')
          .concat('\r\n');
      }
      count += rows.length;
      if (rows.length < batch) break;
      const last = rows[rows.length - 1]!;
      after = { key: last.sort_key, id: last.id };
    }
  }
  await auditEvent(db, actor, {
    table: 'customers',
    recordId: 'export',
    details: { filters: query, rows: count },
  });
}
