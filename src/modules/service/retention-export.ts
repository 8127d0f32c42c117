import { auditEvent, can, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { oneBatch, type Cell, type ExportColumn, type ExportData } from './export-file.ts';
import {
  lapsedKey,
  lapsedOwnerItem,
  lapsedOwnerRows,
  lapsedTotal,
  retentionByDealer,
  type LapsedFilter,
  type LapsedKey,
  type LapsedRow,
} from './retention.service.ts';
import { plainMoney, toMajor } from '../../lib/currency.ts';

/** Rows read per statement: the file never holds more than this many in memory. */
export const lapsedExportBatch = 1000;

/** The per-dealer figures of the screen, from the screen's own query, one row per dealer. */
export async function retentionExport(
  db: Db,
  actor: Actor,
  asOf: string,
  dealerCode: string | undefined,
): Promise<ExportData> {
  const retention = await retentionByDealer(db, actor, asOf, dealerCode);
  const years = [1, 2, 3].flatMap((year): ExportColumn[] => [
    { key: `year${year}Vehicles`, kind: 'count' },
    { key: `year${year}Serviced`, kind: 'count' },
    { key: `year${year}Share`, kind: 'ratio' },
  ]);
  return {
    sheet: 'retention',
    columns: [
      { key: 'dealer', kind: 'text' },
      { key: 'soldVehicles', kind: 'count' },
      { key: 'servicedInYear1', kind: 'count' },
      { key: 'lapsed', kind: 'count' },
      ...years,
    ],
    batches: oneBatch(
      retention.dealers.map((dealer): Cell[] => [
        dealer.dealerCode,
        dealer.soldVehicles,
        dealer.servicedInYear1,
        dealer.lapsed,
        ...dealer.loyalty.flatMap((year) => [year.vehicles, year.serviced, year.share]),
      ]),
    ),
  };
}

function lapsedColumns(contacts: boolean): ExportColumn[] {
  return [
    { key: 'customerId', kind: 'text' },
    ...(contacts
      ? ([
          { key: 'customer', kind: 'text' },
          { key: 'phones', kind: 'text' },
          { key: 'emails', kind: 'text' },
        ] as const)
      : []),
    { key: 'vehicleId', kind: 'text' },
    { key: 'car', kind: 'text' },
    { key: 'dealer', kind: 'text' },
    { key: 'purchaseDate', kind: 'text' },
    { key: 'lastVisitDate', kind: 'text' },
    { key: 'serviceDueDate', kind: 'text' },
    { key: 'lifetimeValue', kind: 'money' },
    { key: 'currency', kind: 'text' },
    { key: 'otherCurrencies', kind: 'text' },
  ];
}

function lapsedCells(row: LapsedRow, contacts: boolean): Cell[] {
  const item = lapsedOwnerItem(row);
  // amounts in other currencies are never converted: written out as "200000.00 CNY"
  const others = item.lifetimeValue
    .filter((line) => line.currency !== item.currency)
    .map((line) => plainMoney(line.amountMinor, line.currency))
    .join(' + ');
  return [
    item.customer.id,
    ...(contacts
      ? [
          item.customer.displayName,
          (row.phones ?? []).map((phone) => phone.e164).join(' '),
          (row.emails ?? []).map((email) => email.address).join(' '),
        ]
      : []),
    item.vehicle.id,
    [item.vehicle.makeName, item.vehicle.modelName].filter(Boolean).join(' '),
    item.dealerCode,
    item.purchaseDate,
    item.lastVisitDate,
    item.serviceDueDate,
    toMajor(item.lifetimeValueMinor, item.currency),
    item.currency,
    others || null,
  ];
}

async function* lapsedBatches(
  db: Db,
  actor: Actor,
  filter: LapsedFilter,
  contacts: boolean,
  batchSize: number,
): AsyncGenerator<Cell[][]> {
  let after: LapsedKey | undefined;
  for (;;) {
    const rows = await lapsedOwnerRows(db, actor, filter, {
      limit: batchSize,
      contacts,
      ...(after ? { after } : {}),
    });
    if (rows.length > 0) yield rows.map((row) => lapsedCells(row, contacts));
    if (rows.length < batchSize) return;
    after = lapsedKey(rows[rows.length - 1]!);
  }
}

/**
 * The whole lapsed-owner worklist (every row, not a page) in the screen's order and scope, read
 * in keyset batches. Names, phones and e-mails are in it only for a user who may take customers
 * out of the CRM (`customers:export`); everyone else gets ids, cars and figures, as the CSI
 * export does for analysts. Audited with the filters and the row count.
 */
export async function lapsedOwnersExport(
  db: Db,
  actor: Actor,
  filter: LapsedFilter,
  batchSize = lapsedExportBatch,
): Promise<ExportData & { total: number }> {
  // the worklist in a file is for those who work it (call centre, service, managers, analysts)
  if (!can(actor, 'customers:read') || !can(actor, 'retention:read')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not export the lapsed owners`);
  }
  const contacts = can(actor, 'customers:export');
  const total = await lapsedTotal(db, actor, filter);
  await auditEvent(db, actor, {
    table: 'service_visits',
    recordId: 'lapsed-owners-export',
    details: { filters: filter, rows: total, contacts },
  });
  return {
    sheet: 'lapsedOwners',
    columns: lapsedColumns(contacts),
    batches: lapsedBatches(db, actor, filter, contacts, batchSize),
    total,
  };
}
