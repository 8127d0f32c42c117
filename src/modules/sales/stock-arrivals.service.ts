import type { Actor } from '../../auth/index.ts';
import { can, dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { namedOrOwnDealer } from '../org/index.ts';
import { checkVin } from '../vehicles/index.ts';
import type { StockArrivalInput, StockArrivalQuery } from './stock-arrival.schemas.ts';

/**
 * Cars arriving in a dealer's stock (seed 000). A row is all the journeys need to invite the
 * prospects who asked about the model: the "model arrived" trigger reads them set-based.
 */
export type StockArrival = {
  id: string;
  dealerCode: string;
  make: string;
  model: string;
  trim: string | null;
  vin: string | null;
  arrivedAt: string;
  createdAt: string;
};

export async function recordStockArrival(
  db: Db,
  actor: Actor,
  input: StockArrivalInput,
): Promise<StockArrival> {
  if (!can(actor, 'orders:write')) throw new ForbiddenError('You may not record stock');
  const problems: FieldProblem[] = [];
  const dealer = await namedOrOwnDealer(db, actor, input.dealerCode, problems);
  let vin: string | null = null;
  if (input.vin) {
    const check = checkVin(input.vin);
    if (!check.valid) problems.push({ path: 'vin', message: check.error ?? 'not a valid VIN' });
    vin = check.vin;
  }
  const arrivedAt = input.arrivedAt ? new Date(input.arrivedAt) : new Date();
  if (arrivedAt.getTime() > Date.now() + 86_400_000) {
    problems.push({ path: 'arrivedAt', message: 'in the future' });
  }
  if (problems.length || !dealer) throw new ValidationError(problems);
  const row = await withActor(db, actor, (tx) =>
    tx
      .insertInto('stock_arrivals')
      .values({
        dealer_id: dealer.id,
        make: input.make,
        model: input.model,
        trim_level: input.trim ?? null,
        vin,
        arrived_at: arrivedAt,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return view({ ...row, dealer_code: dealer.code });
}

/** Arrivals at the dealers the actor sees, newest first. */
export async function listStockArrivals(
  db: Db,
  actor: Actor,
  query: StockArrivalQuery,
): Promise<StockArrival[]> {
  let select = db
    .selectFrom('stock_arrivals as a')
    .innerJoin('dealers as d', 'd.id', 'a.dealer_id')
    .selectAll('a')
    .select('d.code as dealer_code')
    .where((eb) => dealerVisible(actor, eb.ref('a.dealer_id')));
  if (query.dealerCode) select = select.where('d.code', '=', query.dealerCode.toUpperCase());
  if (query.make)
    select = select.where((eb) => eb(eb.fn('lower', ['a.make']), '=', query.make!.toLowerCase()));
  if (query.model)
    select = select.where((eb) => eb(eb.fn('lower', ['a.model']), '=', query.model!.toLowerCase()));
  const rows = await select
    .orderBy('a.arrived_at', 'desc')
    .orderBy('a.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map(view);
}

function view(row: {
  id: string;
  dealer_code: string;
  make: string;
  model: string;
  trim_level: string | null;
  vin: string | null;
  arrived_at: Date;
  created_at: Date;
}): StockArrival {
  return {
    id: row.id,
    dealerCode: row.dealer_code,
    make: row.make,
    model: row.model,
    trim: row.trim_level,
    vin: row.vin,
    arrivedAt: row.arrived_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
