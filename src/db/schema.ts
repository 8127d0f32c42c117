import type { AuthTables } from '../auth/schema.ts';
import type { ActivitiesTables } from '../modules/activities/schema.ts';
import type { CustomersTables } from '../modules/customers/schema.ts';
import type { OrgTables } from '../modules/org/schema.ts';
import type { ServiceTables } from '../modules/service/schema.ts';
import type { VehiclesTables } from '../modules/vehicles/schema.ts';
import type { CoreTables } from './core-schema.ts';

/** Every table of the application, as Kysely sees it; each module declares its own. */
export type Schema = CoreTables &
  OrgTables &
  AuthTables &
  CustomersTables &
  VehiclesTables &
  ServiceTables &
  ActivitiesTables;
