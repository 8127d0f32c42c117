import type { Generated } from 'kysely';

export type DealerKind = 'dealer' | 'parts_retailer' | 'service_partner';
export type DepartmentKind = 'sales' | 'service' | 'parts' | 'crm';

export type OrgTables = {
  org_group: {
    id: Generated<string>;
    name: string;
    default_country: Generated<string>;
    default_currency: Generated<string>;
    default_timezone: Generated<string>;
    created_at: Generated<Date>;
  };
  brands: { id: Generated<string>; code: string; name: string; created_at: Generated<Date> };
  regions: {
    id: Generated<string>;
    code: string;
    name: string;
    country: string;
    created_at: Generated<Date>;
  };
  dealers: {
    id: Generated<string>;
    code: string;
    name: string;
    kind: Generated<DealerKind>;
    region_id: string;
    country: string;
    city: string | null;
    postcode: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
    timezone: string;
    currency: string;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  dealer_brands: { dealer_id: string; brand_id: string };
  departments: { id: Generated<string>; dealer_id: string; kind: DepartmentKind; name: string };
};
