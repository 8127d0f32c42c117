import { z } from 'zod';
import { isoDate } from '../../http/schemas.ts';

const money = z.number().int().min(0).max(1e13);
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code')
  .transform((code) => code.toUpperCase());

export const tradeInBody = z.strictObject({
  vin: z.string().trim().max(40).nullish().describe('recorded as a vehicle at delivery when given'),
  make: z.string().trim().min(1).max(60),
  model: z.string().trim().max(60).nullish(),
  year: z.number().int().min(1950).max(2100).nullish(),
  mileageKm: z.number().int().min(0).max(3_000_000).nullish(),
  appraisalMinor: money.nullish().describe('appraised value in minor units'),
});

export const createOrderBody = z
  .strictObject({
    customerId: z.uuid(),
    dealerCode: z
      .string()
      .trim()
      .max(16)
      .optional()
      .describe('for group, brand and region staff: which dealer sells'),
    leadId: z.uuid().nullish().describe('the opportunity this order closes'),
    modelId: z.uuid().describe('from the vehicles catalogue'),
    trimId: z.uuid().nullish(),
    colour: z.string().trim().max(60).nullish(),
    listPriceMinor: money.optional().describe('the trim’s base price when absent'),
    discountMinor: money
      .optional()
      .describe('extra discount on top of a company agreement’s tier discount'),
    currency: currency.optional().describe('the dealer’s currency when absent'),
    tradeIn: tradeInBody.nullish(),
    plannedDeliveryDate: isoDate.nullish(),
  })
  .meta({ id: 'NewOrder' });

export const updateOrderBody = z
  .strictObject({
    trimId: z.uuid().nullish(),
    colour: z.string().trim().max(60).nullish(),
    listPriceMinor: money.optional(),
    discountMinor: money.optional(),
    tradeIn: tradeInBody.nullish(),
    plannedDeliveryDate: isoDate.nullish(),
    status: z.literal('confirmed').optional().describe('confirm a draft order'),
  })
  .meta({ id: 'OrderChanges' });

export const deliverOrderBody = z
  .strictObject({
    vin: z.string().trim().min(1).max(40),
    plate: z.string().trim().max(20).nullish(),
    deliveredOn: isoDate.optional().describe('today when absent'),
    odometerKm: z.number().int().min(0).max(100_000).nullish(),
  })
  .meta({ id: 'Delivery' });

export const cancelOrderBody = z
  .strictObject({ reason: z.string().trim().min(1).max(1000) })
  .meta({ id: 'OrderCancellation' });

export const orderListQuery = z.strictObject({
  customerId: z.uuid().optional(),
  dealerCode: z.string().trim().max(16).optional(),
  status: z.enum(['draft', 'confirmed', 'delivered', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type TradeInInput = z.output<typeof tradeInBody>;
export type CreateOrderInput = z.output<typeof createOrderBody>;
export type UpdateOrderInput = z.output<typeof updateOrderBody>;
export type DeliverOrderInput = z.output<typeof deliverOrderBody>;
export type OrderListQuery = z.output<typeof orderListQuery>;
