import type { Generated } from 'kysely';

export const bookingStatuses = ['booked', 'cancelled', 'came', 'no_show'] as const;
export const buyingIntents = ['yes', 'maybe', 'no'] as const;

export type BookingStatus = (typeof bookingStatuses)[number];
export type BuyingIntent = (typeof buyingIntents)[number];

export type TestDrivesTables = {
  test_drive_vehicles: {
    id: Generated<string>;
    dealer_id: string;
    /** null only for a car the backfill of 0269 could not tell; the API requires it */
    brand_id: string | null;
    model: string;
    vin: string;
    plate: string | null;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  test_drive_bookings: {
    id: Generated<string>;
    dealer_id: string;
    customer_id: string;
    vehicle_id: string;
    consultant_user_id: string;
    lead_id: string | null;
    starts_at: Date;
    ends_at: Date;
    status: Generated<BookingStatus>;
    licence_number: string | null;
    licence_category: string | null;
    licence_expires_on: string | null;
    note: string | null;
    cancel_reason: string | null;
    attendance_at: Date | null;
    attendance_by: string | null;
    follow_up_planned_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  test_drive_feedback: {
    booking_id: string;
    customer_id: string;
    rating: number;
    liked: string | null;
    concerns: string | null;
    intent_to_buy: BuyingIntent;
    recorded_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};
