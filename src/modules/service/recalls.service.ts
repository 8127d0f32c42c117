import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { readRows, type FileRow } from '../imports/index.ts';
import { assertVehicleVisible, checkVin } from '../vehicles/index.ts';
import type {
  CreateRecallInput,
  RecallCampaign,
  RecallVinsInput,
  VehicleRecall,
  VinReport,
} from './recall.schemas.ts';

export async function createRecall(
  db: Db,
  actor: Actor,
  input: CreateRecallInput,
): Promise<{ id: string }> {
  if (!can(actor, 'recalls:manage')) throw new ForbiddenError();
  const code = input.code.toUpperCase();
  const taken = await db
    .selectFrom('recall_campaigns')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (taken)
    throw new ConflictError(`Recall ${code} exists`, [
      { path: 'code', message: 'taken', code: 'taken' },
    ]).because('recall_exists', { recall: code });
  return withActor(db, actor, (tx) =>
    tx
      .insertInto('recall_campaigns')
      .values({
        code,
        title: input.title,
        description: input.description ?? null,
        starts_on: input.startsOn,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

/** Campaigns with their counts of cars listed, still open and done; the counts are not people. */
export async function listRecalls(db: Db): Promise<RecallCampaign[]> {
  const rows = await db
    .selectFrom('recall_campaigns as c')
    .leftJoin('recall_vehicles as r', 'r.campaign_id', 'c.id')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.description',
      'c.starts_on',
      'c.status',
      sql<number>`count(r.vin)::int`.as('vehicles'),
      sql<number>`(count(*) filter (where r.status = 'open'))::int`.as('open'),
      sql<number>`(count(*) filter (where r.status = 'done'))::int`.as('done'),
    ])
    .groupBy('c.id')
    .orderBy('c.starts_on', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    startsOn: row.starts_on,
    status: row.status,
    vehicles: row.vehicles,
    open: row.open,
    done: row.done,
  }));
}

async function* givenVins(vins: string[]): AsyncGenerator<FileRow> {
  let line = 0;
  for (const vin of vins) yield { line: ++line, values: [vin] };
}

/** The VIN column of a file: the one headed VIN, else the first; the header row is skipped. */
async function* fileVins(fileName: string, content: Buffer): AsyncGenerator<FileRow> {
  const kind = /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
  let column: number | undefined;
  for await (const row of readRows(kind, content)) {
    if (column === undefined) {
      const headed = row.values.findIndex((value) => /^\s*vin\s*$/i.test(value));
      column = headed >= 0 ? headed : 0;
      // a file without a header starts with a VIN: keep that row
      if (headed < 0 && checkVin(row.values[0] ?? '').valid) yield row;
      continue;
    }
    yield { line: row.line, values: [row.values[column] ?? ''] };
  }
}

/**
 * Adds VINs to a campaign from a file or a list: each unreadable VIN is reported with its line
 * and reason and the rest are added in one statement; VINs listed already are counted, not
 * doubled.
 */
export async function addRecallVins(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: RecallVinsInput,
): Promise<VinReport> {
  if (!can(actor, 'recalls:manage')) throw new ForbiddenError();
  const campaign = await db
    .selectFrom('recall_campaigns')
    .select('id')
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!campaign) throw new NotFoundError('Recall campaign');
  if (!input.vins && !input.contentBase64)
    throw new ValidationError([
      { path: 'vins', message: 'give a file or the VINs', code: 'required' },
    ]);
  const rows = input.contentBase64
    ? fileVins(input.fileName ?? 'vins.csv', Buffer.from(input.contentBase64, 'base64'))
    : givenVins(input.vins ?? []);
  const good = new Set<string>();
  const rejected: VinReport['rejected'] = [];
  for await (const row of rows) {
    const value = (row.values[0] ?? '').trim();
    const check = checkVin(value);
    if (!check.valid) rejected.push({ line: row.line, value, reason: check.error });
    else good.add(check.vin);
  }
  const vins = [...good];
  const added = vins.length
    ? await withActor(db, actor, async (tx) => {
        const result = await sql`insert into recall_vehicles (campaign_id, vin)
          select ${campaignId}, vin from unnest(${vins}::text[]) as vin
          on conflict do nothing`.execute(tx);
        return Number(result.numAffectedRows ?? 0);
      })
    : 0;
  return { added, alreadyListed: vins.length - added, rejected };
}

/** A vehicle's recalls, open ones first; 404 unless the actor sees the vehicle. */
export async function recallsOfVehicle(
  db: Db,
  actor: Actor,
  vehicleId: string,
): Promise<VehicleRecall[]> {
  await assertVehicleVisible(db, actor, vehicleId);
  const rows = await db
    .selectFrom('vehicles as v')
    .innerJoin('recall_vehicles as r', 'r.vin', 'v.vin')
    .innerJoin('recall_campaigns as c', 'c.id', 'r.campaign_id')
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.description',
      'c.starts_on',
      'c.status as campaign_status',
      'r.status',
      'r.closed_at',
      'r.closed_visit_id',
    ])
    .where('v.id', '=', vehicleId)
    .orderBy(sql`r.status = 'open'`, 'desc')
    .orderBy('c.starts_on', 'desc')
    .execute();
  return rows
    .filter((row) => row.status === 'done' || row.campaign_status === 'active')
    .map((row) => ({
      campaignId: row.id,
      code: row.code,
      title: row.title,
      description: row.description,
      startsOn: row.starts_on,
      status: row.status,
      closedAt: row.closed_at?.toISOString() ?? null,
      closedVisitId: row.closed_visit_id,
    }));
}

/**
 * A recall visit closes the car's open recalls: the one named, else every open one (they are
 * done in one visit as a rule). Runs inside the visit's transaction.
 */
export async function closeRecallsByVisit(
  tx: Tx,
  visit: { id: string; vehicleId: string; campaignId: string | null },
): Promise<number> {
  const result =
    await sql`update recall_vehicles r set status = 'done', closed_visit_id = ${visit.id},
         closed_at = now()
    from vehicles v
   where v.id = ${visit.vehicleId} and r.vin = v.vin and r.status = 'open'
     and (${visit.campaignId}::uuid is null or r.campaign_id = ${visit.campaignId}::uuid)`.execute(
      tx,
    );
  return Number(result.numAffectedRows ?? 0);
}

/** Is the recall named open for this vehicle? (a visit naming a campaign must close one) */
export async function hasOpenRecallOf(
  db: Db | Tx,
  vehicleId: string,
  campaignId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('recall_vehicles as r')
    .innerJoin('vehicles as v', 'v.vin', 'r.vin')
    .select('r.vin')
    .where('v.id', '=', vehicleId)
    .where('r.campaign_id', '=', campaignId)
    .where('r.status', '=', 'open')
    .executeTakeFirst();
  return row !== undefined;
}

/** SQL: is the vehicle (by its VIN column) under an open recall of an active campaign? */
export function underOpenRecall(vin: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from recall_vehicles r
      join recall_campaigns c on c.id = r.campaign_id
     where r.vin = ${vin} and r.status = 'open' and c.status = 'active')`;
}
