import type { Generated } from 'kysely';

export type OwnershipRole = 'owner' | 'driver' | 'lessee';
export type VehicleCondition = 'new' | 'used';

export type VehiclesTables = {
  catalog_makes: {
    id: Generated<string>;
    name: string;
    country: string | null;
    brand_id: string | null;
    created_at: Generated<Date>;
  };
  catalog_models: {
    id: Generated<string>;
    make_id: string;
    name: string;
    series: string | null;
    body_types: Generated<string[]>;
    segment: string | null;
    from_year: number | null;
    to_year: number | null;
    created_at: Generated<Date>;
  };
  catalog_trims: {
    id: Generated<string>;
    model_id: string;
    name: string;
    body: string | null;
    engine: string | null;
    fuel: string | null;
    power_kw: number | null;
    transmission: string | null;
    drive: string | null;
    base_price_minor: number | null;
    currency: string | null;
  };
  catalog_colours: { id: Generated<string>; make_id: string; code: string; name: string };
  vehicles: {
    id: Generated<string>;
    vin: string | null;
    customer_id: string | null;
    make_id: string | null;
    model_id: string | null;
    trim_id: string | null;
    make_name: string;
    model_name: string | null;
    series: string | null;
    body: string | null;
    engine: string | null;
    trim_name: string | null;
    colour: string | null;
    model_year: number | null;
    wmi_maker: string | null;
    wmi_country: string | null;
    plate: string | null;
    first_registration: string | null;
    odometer_km: number | null;
    odometer_read_at: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  vehicle_ownerships: {
    id: Generated<string>;
    vehicle_id: string;
    customer_id: string;
    role: Generated<OwnershipRole>;
    from_date: string;
    to_date: string | null;
    created_at: Generated<Date>;
  };
  vehicle_purchases: {
    id: Generated<string>;
    vehicle_id: string;
    customer_id: string;
    dealer_id: string | null;
    consultant_user_id: string | null;
    purchase_date: string;
    condition: Generated<VehicleCondition>;
    price_minor: number | null;
    discount_minor: Generated<number>;
    currency: string;
    odometer_km: number | null;
    created_at: Generated<Date>;
  };
};
