import type { Generated, JSONColumnType } from 'kysely';

export const orderStatuses = ['draft', 'confirmed', 'delivered', 'cancelled'] as const;
export const periodKinds = ['month', 'quarter'] as const;

export type OrderStatus = (typeof orderStatuses)[number];
export type PeriodKind = (typeof periodKinds)[number];

export type SalesTables = {
  orders: {
    id: Generated<string>;
    customer_id: string;
    dealer_id: string;
    lead_id: string | null;
    consultant_user_id: string | null;
    model_id: string;
    trim_id: string | null;
    make_name: string;
    model_name: string;
    series: string | null;
    trim_name: string | null;
    colour: string | null;
    list_price_minor: number;
    discount_minor: Generated<number>;
    agreement_discount_minor: Generated<number>;
    final_price_minor: number;
    currency: string;
    agreement_id: string | null;
    trade_in_vin: string | null;
    trade_in_make: string | null;
    trade_in_model: string | null;
    trade_in_year: number | null;
    trade_in_mileage_km: number | null;
    trade_in_appraisal_minor: number | null;
    planned_delivery_date: string | null;
    status: Generated<OrderStatus>;
    cancel_reason: string | null;
    vehicle_id: string | null;
    trade_in_vehicle_id: string | null;
    confirmed_at: Date | null;
    delivered_at: Date | null;
    delivered_on: string | null;
    cancelled_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  company_agreements: {
    id: Generated<string>;
    company_id: string;
    year: number;
    note: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  company_agreement_tiers: {
    agreement_id: string;
    min_vehicles: number;
    discount_bp: number;
  };
  conquest_plans: {
    id: Generated<string>;
    dealer_id: string;
    period_kind: PeriodKind;
    period_start: string;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  conquest_plan_targets: {
    plan_id: string;
    series: string;
    target_units: number;
  };
  stock_arrivals: {
    id: Generated<string>;
    dealer_id: string;
    make: string;
    model: string;
    trim_level: string | null;
    vin: string | null;
    arrived_at: Date;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  domain_events: {
    id: Generated<string>;
    type: string;
    payload: JSONColumnType<Record<string, unknown>>;
    customer_id: string | null;
    created_at: Generated<Date>;
    processed_at: Date | null;
  };
};
