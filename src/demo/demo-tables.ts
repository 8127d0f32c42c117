import { RowBuffer, type TableSpec } from './row-buffer.ts';

/**
 * The columns the demo loader writes, table by table, in the order of the foreign keys.
 * They follow the migrations (src/**\/migrations/*.sql); generated columns (search_vector)
 * are left out. Every row gets its id from the generator, so a seed gives the same ids.
 */
export const demoTables = {
  households: {
    name: 'households',
    columns: [
      ['id', 'uuid'],
      ['name', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  customers: {
    name: 'customers',
    columns: [
      ['id', 'uuid'],
      ['kind', 'code'],
      ['lifecycle_stage', 'code'],
      ['first_name', 'text'],
      ['middle_name', 'text'],
      ['last_name', 'text'],
      ['gender', 'code'],
      ['birth_date', 'date'],
      ['education', 'code'],
      ['occupation', 'text'],
      ['employer', 'text'],
      ['income_band', 'code'],
      ['marital_status', 'code'],
      ['children_count', 'smallint'],
      ['interests', 'text[]'],
      ['personal_values', 'text[]'],
      ['friends_cars', 'text'],
      ['household_id', 'uuid'],
      ['household_role', 'code'],
      ['company_name', 'text'],
      ['legal_form', 'text'],
      ['tax_id', 'text'],
      ['categories', 'text[]'],
      ['preferred_language', 'code'],
      ['preferred_channel', 'code'],
      ['timezone', 'code'],
      ['source', 'code'],
      ['notes', 'text'],
      ['display_name', 'text'],
      ['sort_key', 'text'],
      ['search_text', 'text'],
      ['created_by', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
      ['verified_at', 'timestamptz'],
      ['verification_method', 'code'],
    ],
  },
  customerDealers: {
    name: 'customer_dealers',
    columns: [
      ['customer_id', 'uuid'],
      ['dealer_id', 'uuid'],
      ['relations', 'text[]'],
      ['assigned_user_id', 'uuid'],
      ['first_at', 'timestamptz'],
      ['last_at', 'timestamptz'],
    ],
  },
  phones: {
    name: 'customer_phones',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['e164', 'code'],
      ['raw', 'text'],
      ['kind', 'code'],
      ['is_primary', 'bool'],
      ['created_at', 'timestamptz'],
    ],
  },
  emails: {
    name: 'customer_emails',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['address', 'text'],
      ['normalized', 'text'],
      ['kind', 'code'],
      ['is_primary', 'bool'],
      ['created_at', 'timestamptz'],
    ],
  },
  messengers: {
    name: 'customer_messengers',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['kind', 'code'],
      ['handle', 'text'],
      ['created_at', 'timestamptz'],
    ],
  },
  addresses: {
    name: 'customer_addresses',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['kind', 'code'],
      ['country', 'code'],
      ['region', 'text'],
      ['city', 'text'],
      ['postcode', 'code'],
      ['street', 'text'],
      ['building', 'text'],
      ['apartment', 'text'],
      ['is_primary', 'bool'],
      ['created_at', 'timestamptz'],
    ],
  },
  familyMembers: {
    name: 'customer_family_members',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['relation', 'code'],
      ['name', 'text'],
      ['birth_date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  companyContacts: {
    name: 'company_contacts',
    columns: [
      ['company_id', 'uuid'],
      ['person_id', 'uuid'],
      ['role', 'text'],
    ],
  },
  consents: {
    name: 'consents',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['channel', 'code'],
      ['status', 'code'],
      ['purpose', 'code'],
      ['method', 'code'],
      ['evidence', 'text'],
      ['dealer_id', 'uuid'],
      ['recorded_by', 'uuid'],
      ['effective_at', 'timestamptz'],
      ['recorded_at', 'timestamptz'],
      ['note', 'text'],
    ],
  },
  vehicles: {
    name: 'vehicles',
    columns: [
      ['id', 'uuid'],
      ['vin', 'code'],
      ['customer_id', 'uuid'],
      ['make_id', 'uuid'],
      ['model_id', 'uuid'],
      ['trim_id', 'uuid'],
      ['make_name', 'text'],
      ['model_name', 'text'],
      ['series', 'text'],
      ['body', 'text'],
      ['engine', 'text'],
      ['trim_name', 'text'],
      ['colour', 'text'],
      ['model_year', 'smallint'],
      ['wmi_maker', 'text'],
      ['wmi_country', 'code'],
      ['plate', 'text'],
      ['first_registration', 'date'],
      ['odometer_km', 'int'],
      ['odometer_read_at', 'date'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  ownerships: {
    name: 'vehicle_ownerships',
    columns: [
      ['id', 'uuid'],
      ['vehicle_id', 'uuid'],
      ['customer_id', 'uuid'],
      ['role', 'code'],
      ['from_date', 'date'],
      ['to_date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  purchases: {
    name: 'vehicle_purchases',
    columns: [
      ['id', 'uuid'],
      ['vehicle_id', 'uuid'],
      ['customer_id', 'uuid'],
      ['dealer_id', 'uuid'],
      ['consultant_user_id', 'uuid'],
      ['purchase_date', 'date'],
      ['condition', 'code'],
      ['price_minor', 'bigint'],
      ['discount_minor', 'bigint'],
      ['currency', 'code'],
      ['odometer_km', 'int'],
      ['created_at', 'timestamptz'],
    ],
  },
  serviceVisits: {
    name: 'service_visits',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['vehicle_id', 'uuid'],
      ['dealer_id', 'uuid'],
      ['advisor_user_id', 'uuid'],
      ['order_number', 'code'],
      ['visit_date', 'date'],
      ['mileage_km', 'int'],
      ['visit_type', 'code'],
      ['paid_by', 'code'],
      ['total_minor', 'bigint'],
      ['currency', 'code'],
      ['description', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  activities: {
    name: 'activities',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['dealer_id', 'uuid'],
      ['user_id', 'uuid'],
      ['channel', 'code'],
      ['direction', 'code'],
      ['occurred_at', 'timestamptz'],
      ['subject', 'text'],
      ['outcome', 'code'],
      ['note', 'text'],
      ['next_contact_at', 'timestamptz'],
      ['next_contact_plan', 'text'],
      ['created_at', 'timestamptz'],
    ],
  },
  tasks: {
    name: 'tasks',
    columns: [
      ['id', 'uuid'],
      ['customer_id', 'uuid'],
      ['dealer_id', 'uuid'],
      ['assignee_user_id', 'uuid'],
      ['created_by', 'uuid'],
      ['kind', 'code'],
      ['title', 'text'],
      ['description', 'text'],
      ['priority', 'code'],
      ['due_at', 'timestamptz'],
      ['status', 'code'],
      ['result', 'text'],
      ['completed_at', 'timestamptz'],
      ['completed_by', 'uuid'],
      ['activity_id', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
} as const satisfies Record<string, TableSpec>;

export type DemoTableKey = keyof typeof demoTables;

/** One batch: a buffer per table, in foreign-key order. */
export type DemoBatch = { [K in DemoTableKey]: RowBuffer };

export function emptyBatch(): DemoBatch {
  const batch = {} as DemoBatch;
  for (const key of Object.keys(demoTables) as DemoTableKey[]) {
    batch[key] = new RowBuffer(demoTables[key]);
  }
  return batch;
}

export function batchRowCount(batch: DemoBatch): number {
  let rows = 0;
  for (const buffer of Object.values(batch)) rows += buffer.length;
  return rows;
}
