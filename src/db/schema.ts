import type { AuthTables } from '../auth/schema.ts';
import type { ActivitiesTables } from '../modules/activities/schema.ts';
import type { ComplaintsTables } from '../modules/complaints/schema.ts';
import type { AnalyticsTables } from '../modules/analytics/schema.ts';
import type { ClubTables } from '../modules/club/schema.ts';
import type { CustomersTables } from '../modules/customers/schema.ts';
import type { ImportsTables } from '../modules/imports/schema.ts';
import type { JourneysTables } from '../modules/journeys/schema.ts';
import type { MessagingTables } from '../modules/messaging/schema.ts';
import type { LeadsTables } from '../modules/leads/schema.ts';
import type { MarketingTables } from '../modules/marketing/schema.ts';
import type { OrgTables } from '../modules/org/schema.ts';
import type { QualityTables } from '../modules/quality/schema.ts';
import type { SalesTables } from '../modules/sales/schema.ts';
import type { ServiceTables } from '../modules/service/schema.ts';
import type { TestDrivesTables } from '../modules/test-drives/schema.ts';
import type { VehiclesTables } from '../modules/vehicles/schema.ts';
import type { CoreTables } from './core-schema.ts';

/** Every table of the application, as Kysely sees it; each module declares its own. */
export type Schema = CoreTables &
  OrgTables &
  AuthTables &
  CustomersTables &
  VehiclesTables &
  ServiceTables &
  ComplaintsTables &
  ActivitiesTables &
  ImportsTables &
  LeadsTables &
  SalesTables &
  MessagingTables &
  TestDrivesTables &
  QualityTables &
  MarketingTables &
  AnalyticsTables &
  ClubTables &
  JourneysTables;
