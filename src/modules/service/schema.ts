import type { Generated } from 'kysely';

export const visitTypes = [
  'maintenance',
  'repair',
  'warranty',
  'recall',
  'body',
  'tyres',
  'inspection',
] as const;
export const payers = ['customer', 'warranty', 'insurance', 'dealer'] as const;
export type VisitType = (typeof visitTypes)[number];
export type Payer = (typeof payers)[number];

export type ServiceTables = {
  service_visits: {
    id: Generated<string>;
    customer_id: string;
    vehicle_id: string;
    dealer_id: string;
    advisor_user_id: string | null;
    order_number: string | null;
    visit_date: string;
    mileage_km: number | null;
    visit_type: VisitType;
    paid_by: Generated<Payer>;
    total_minor: Generated<number>;
    currency: string;
    description: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};
