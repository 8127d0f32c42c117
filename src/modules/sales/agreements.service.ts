import { sql, type Expression } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { assertCustomerVisible } from '../customers/index.ts';
import { purchaseDates } from '../vehicles/index.ts';
import type { AgreementInput } from './agreement.schemas.ts';
import { customerStatus, lastCalendarYear, tierFor, type Tier } from './pricing.ts';

/** The calendar year now in a time zone: a company's volume counts in its dealer's year. */
export function yearIn(timezone: string, now = new Date()): number {
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric' }).format(now),
  );
}

async function tiersOf(db: Db | Tx, agreementId: string): Promise<Tier[]> {
  const rows = await db
    .selectFrom('company_agreement_tiers')
    .select(['min_vehicles', 'discount_bp'])
    .where('agreement_id', '=', agreementId)
    .orderBy('min_vehicles')
    .execute();
  return rows.map((row) => ({ minVehicles: row.min_vehicles, discountBp: row.discount_bp }));
}

/**
 * Orders of a company in a year that count towards its volume (all but cancelled ones); each
 * order falls in the year of its dealer's calendar. The customer index narrows it to the
 * company's own orders first.
 */
function volumeSql(companyId: Expression<unknown>, year: Expression<unknown> | number) {
  return sql<number>`(select count(*) from orders o join dealers d on d.id = o.dealer_id
                       where o.customer_id = ${companyId} and o.status <> 'cancelled'
                         and extract(year from o.created_at at time zone d.timezone) = ${year})`;
}

/**
 * The company agreement that prices an order of this customer now, with the tier that the
 * year's volume reaches counting the order itself. The agreement row is locked so that two
 * orders written at once count each other.
 */
export async function agreementForOrder(
  tx: Tx,
  customerId: string,
  timezone: string,
  orderId?: string,
): Promise<{ id: string; volume: number; tier: Tier | undefined } | undefined> {
  const year = yearIn(timezone);
  const agreement = await tx
    .selectFrom('company_agreements as a')
    .innerJoin('customers as c', 'c.id', 'a.company_id')
    .select('a.id')
    .where('a.company_id', '=', customerId)
    .where('c.kind', '=', 'company')
    .where('a.year', '=', year)
    .forUpdate('a')
    .executeTakeFirst();
  if (!agreement) return undefined;
  const counted = await tx
    .selectNoFrom([
      volumeSql(sql`${customerId}::uuid`, year).as('n'),
      sql<boolean>`exists (select 1 from orders where id = ${orderId ?? null}::uuid
                             and status <> 'cancelled')`.as('self'),
    ])
    .executeTakeFirstOrThrow();
  // the order being priced counts once, whether it is written already or not
  const volume = Number(counted.n) + (counted.self ? 0 : 1);
  return { id: agreement.id, volume, tier: tierFor(await tiersOf(tx, agreement.id), volume) };
}

function checkTiers(tiers: Tier[], problems: FieldProblem[]): void {
  const seen = new Set<number>();
  tiers.forEach((tier, index) => {
    if (seen.has(tier.minVehicles))
      problems.push({ path: `tiers.${index}.minVehicles`, message: 'given twice' });
    seen.add(tier.minVehicles);
  });
  // a bigger volume must never cost more per vehicle
  const sorted = tiers.map((tier, index) => ({ ...tier, index }));
  sorted.sort((a, b) => a.minVehicles - b.minVehicles);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.discountBp < sorted[i - 1]!.discountBp)
      problems.push({
        path: `tiers.${sorted[i]!.index}.discountBp`,
        message: 'smaller than the discount of a lower volume',
      });
  }
}

/** Creates the company's agreement for a year, or replaces its tiers and note. */
export async function saveAgreement(
  db: Db,
  actor: Actor,
  input: AgreementInput,
): Promise<{ id: string }> {
  if (!can(actor, 'sales:manage')) throw new ForbiddenError();
  await assertCustomerVisible(db, actor, input.companyId);
  const problems: FieldProblem[] = [];
  const company = await db
    .selectFrom('customers')
    .select('kind')
    .where('id', '=', input.companyId)
    .executeTakeFirstOrThrow();
  if (company.kind !== 'company')
    problems.push({ path: 'companyId', message: 'agreements are made with companies' });
  checkTiers(input.tiers, problems);
  if (problems.length) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const { id } = await tx
      .insertInto('company_agreements')
      .values({
        company_id: input.companyId,
        year: input.year,
        note: input.note ?? null,
        created_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['company_id', 'year']).doUpdateSet({ note: input.note ?? null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('company_agreement_tiers').where('agreement_id', '=', id).execute();
    await tx
      .insertInto('company_agreement_tiers')
      .values(
        input.tiers.map((tier) => ({
          agreement_id: id,
          min_vehicles: tier.minVehicles,
          discount_bp: tier.discountBp,
        })),
      )
      .execute();
    return { id };
  });
}

export type AgreementView = {
  id: string;
  company: { id: string; displayName: string; categories: string[] };
  year: number;
  note: string | null;
  tiers: Tier[];
  /** the company's orders in the agreement year so far (cancelled ones do not count) */
  volume: number;
  currentTier: Tier | null;
  /** "existing" when the company bought in the year before the agreement's */
  customerStatus: 'new' | 'existing';
};

export async function listAgreements(
  db: Db,
  actor: Actor,
  filter: { companyId?: string; year?: number },
): Promise<AgreementView[]> {
  let query = db
    .selectFrom('company_agreements as a')
    .innerJoin('customers as c', 'c.id', 'a.company_id')
    .select([
      'a.id',
      'a.company_id',
      'a.year',
      'a.note',
      'c.display_name',
      'c.categories',
      (eb) => volumeSql(eb.ref('a.company_id'), eb.ref('a.year')).as('volume'),
    ])
    .where((eb) => customerVisible(actor, eb.ref('a.company_id')));
  if (filter.companyId) query = query.where('a.company_id', '=', filter.companyId);
  if (filter.year) query = query.where('a.year', '=', filter.year);
  const rows = await query.orderBy('a.year', 'desc').orderBy('c.sort_key').limit(500).execute();
  if (!rows.length) return [];
  const tiers = await db
    .selectFrom('company_agreement_tiers')
    .selectAll()
    .where(
      'agreement_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('min_vehicles')
    .execute();
  const years = rows.map((row) => row.year);
  const purchases = await purchaseDates(
    db,
    [...new Set(rows.map((row) => row.company_id))],
    lastCalendarYear(`${Math.min(...years)}-01-01`).from,
    lastCalendarYear(`${Math.max(...years)}-01-01`).to,
  );
  return rows.map((row) => {
    const own = tiers
      .filter((tier) => tier.agreement_id === row.id)
      .map((tier) => ({ minVehicles: tier.min_vehicles, discountBp: tier.discount_bp }));
    const volume = Number(row.volume);
    return {
      id: row.id,
      company: { id: row.company_id, displayName: row.display_name, categories: row.categories },
      year: row.year,
      note: row.note,
      tiers: own,
      volume,
      currentTier: tierFor(own, volume) ?? null,
      customerStatus: customerStatus(
        purchases.filter((p) => p.customerId === row.company_id).map((p) => p.date),
        `${row.year}-01-01`,
      ),
    };
  });
}

export async function getAgreement(db: Db, actor: Actor, id: string): Promise<AgreementView> {
  const row = await db
    .selectFrom('company_agreements')
    .select(['company_id', 'year'])
    .where('id', '=', id)
    .executeTakeFirst();
  const found = row
    ? (await listAgreements(db, actor, { companyId: row.company_id, year: row.year }))[0]
    : undefined;
  if (!found) throw new NotFoundError('Agreement');
  return found;
}
