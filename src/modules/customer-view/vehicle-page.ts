import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { visitsOfVehicleJson } from '../service/index.ts';
import { checkVin, normalizeVin, vehicleVisible } from '../vehicles/index.ts';
import type { VehiclePage } from './view.schemas.ts';

/** The vehicle page, when the actor may see the vehicle. */
export async function getVehiclePage(
  db: Db,
  actor: Actor,
  vehicleId: string,
): Promise<VehiclePage> {
  const visible = (ref: Parameters<typeof customerVisible>[1]) => customerVisible(actor, ref);
  const row = await db
    .selectFrom('vehicles as v')
    .leftJoin('customers as c', 'c.id', 'v.customer_id')
    .selectAll('v')
    .select((eb) => [
      'c.display_name as owner_name',
      sql<unknown>`coalesce((select jsonb_agg(jsonb_build_object(
          'customerId', case when ${visible(sql.ref('o.customer_id'))} then o.customer_id end,
          'displayName', case when ${visible(sql.ref('o.customer_id'))} then oc.display_name end,
          'role', o.role, 'fromDate', o.from_date, 'toDate', o.to_date) order by o.from_date desc)
        from vehicle_ownerships o join customers oc on oc.id = o.customer_id
        where o.vehicle_id = v.id), '[]'::jsonb)`.as('ownerships'),
      sql<unknown>`coalesce((select jsonb_agg(jsonb_build_object(
          'date', p.purchase_date, 'dealerCode', d.code, 'consultant', u.display_name,
          'priceMinor', p.price_minor, 'discountMinor', p.discount_minor, 'currency', p.currency,
          'condition', p.condition, 'odometerKm', p.odometer_km) order by p.purchase_date desc)
        from vehicle_purchases p left join dealers d on d.id = p.dealer_id
        left join users u on u.id = p.consultant_user_id
        where p.vehicle_id = v.id and ${visible(sql.ref('p.customer_id'))}), '[]'::jsonb)`.as(
        'purchases',
      ),
      visitsOfVehicleJson(eb.ref('v.id')).as('service_visits'),
    ])
    .where('v.id', '=', vehicleId)
    .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Vehicle');
  return {
    vehicle: {
      id: row.id,
      vin: row.vin,
      makeName: row.make_name,
      modelName: row.model_name,
      series: row.series,
      trimName: row.trim_name,
      body: row.body,
      engine: row.engine,
      colour: row.colour,
      modelYear: row.model_year,
      wmiMaker: row.wmi_maker,
      wmiCountry: row.wmi_country,
      plate: row.plate,
      firstRegistration: row.first_registration,
      odometerKm: row.odometer_km,
      odometerReadAt: row.odometer_read_at,
    },
    vinCheck: row.vin ? checkVin(row.vin) : null,
    owner:
      row.customer_id && row.owner_name
        ? { id: row.customer_id, displayName: row.owner_name }
        : null,
    ownerships: row.ownerships as VehiclePage['ownerships'],
    purchases: row.purchases as VehiclePage['purchases'],
    serviceVisits: row.service_visits as VehiclePage['serviceVisits'],
  };
}

export type VehicleListItem = {
  id: string;
  vin: string | null;
  makeName: string;
  modelName: string | null;
  modelYear: number | null;
  plate: string | null;
  owner: { id: string; displayName: string } | null;
};

/** Vehicles by VIN (start or last characters) or plate, of owners the actor sees. */
export async function searchVehicles(
  db: Db,
  actor: Actor,
  query: { search?: string; customerId?: string; limit: number; offset: number },
): Promise<{ items: VehicleListItem[]; total: number }> {
  let vehicles = db
    .selectFrom('vehicles as v')
    .leftJoin('customers as c', 'c.id', 'v.customer_id')
    .where((eb) => vehicleVisible(actor, eb.ref('v.customer_id')));
  if (query.customerId) vehicles = vehicles.where('v.customer_id', '=', query.customerId);
  if (query.search) {
    const code = normalizeVin(query.search);
    const reversed = [...code]
      .reverse()
      .join('')
      .replace(/[\\%_]/g, (char) => `\\${char}`);
    const prefix = code.replace(/[\\%_]/g, (char) => `\\${char}`);
    vehicles = vehicles.where((eb) =>
      eb.or([
        eb('v.vin', 'like', `${prefix}%`),
        sql<boolean>`(length(${code}) >= 6 and reverse(v.vin) like ${`${reversed}%`})`,
        sql<boolean>`upper(v.plate) = ${code}`,
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    vehicles
      .select([
        'v.id',
        'v.vin',
        'v.make_name',
        'v.model_name',
        'v.model_year',
        'v.plate',
        'v.customer_id',
        'c.display_name',
      ])
      .orderBy('v.vin')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    vehicles.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.total,
    items: rows.map((row) => ({
      id: row.id,
      vin: row.vin,
      makeName: row.make_name,
      modelName: row.model_name,
      modelYear: row.model_year,
      plate: row.plate,
      owner: row.customer_id ? { id: row.customer_id, displayName: row.display_name ?? '' } : null,
    })),
  };
}
