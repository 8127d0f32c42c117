import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { deliverOrder } from './delivery.service.ts';
import { registerOrderExportRoutes } from './order-export.routes.ts';
import {
  cancelOrderBody,
  createOrderBody,
  deliverOrderBody,
  orderListQuery,
  updateOrderBody,
} from './order.schemas.ts';
import { cancelOrder, createOrder, getOrder, listOrders, updateOrder } from './orders.service.ts';
import { priceList } from './price-list.ts';
import { orderStatuses } from './schema.ts';

const orderSchema = z
  .object({
    id: z.string(),
    status: z.enum(orderStatuses),
    customer: z.object({
      id: z.string(),
      displayName: z.string(),
      kind: z.enum(['person', 'company']),
    }),
    dealerCode: z.string(),
    leadId: z.string().nullable(),
    consultant: z.object({ id: z.string(), name: z.string() }).nullable(),
    model: z.object({
      id: z.string(),
      makeName: z.string(),
      modelName: z.string(),
      series: z.string().nullable(),
    }),
    trim: z.object({ id: z.string(), name: z.string() }).nullable(),
    colour: z.string().nullable(),
    price: z.object({
      currency: z.string(),
      listMinor: z.number(),
      discountMinor: z.number().describe('the whole discount, the agreement’s part included'),
      agreementDiscountMinor: z.number(),
      finalMinor: z.number(),
    }),
    agreementId: z.string().nullable(),
    tradeIn: z
      .object({
        vin: z.string().nullable(),
        make: z.string(),
        model: z.string().nullable(),
        year: z.number().nullable(),
        mileageKm: z.number().nullable(),
        appraisalMinor: z.number().nullable(),
        vehicleId: z.string().nullable(),
      })
      .nullable(),
    plannedDeliveryDate: z.string().nullable(),
    vehicleId: z.string().nullable(),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
    deliveredOn: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  })
  .meta({ id: 'Order' });

const tags = ['sales'];

export function registerOrderRoutes(app: App): void {
  registerOrderExportRoutes(app);
  app.get(
    '/api/price-list',
    {
      schema: {
        tags,
        summary: 'Trims with list prices and colours of a catalogue model, for an order',
        querystring: z.strictObject({ modelId: z.uuid() }),
        response: {
          200: z
            .object({
              modelId: z.string(),
              makeName: z.string(),
              modelName: z.string(),
              series: z.string().nullable(),
              trims: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  basePriceMinor: z.number().nullable(),
                  currency: z.string().nullable(),
                }),
              ),
              colours: z.array(z.object({ code: z.string(), name: z.string() })),
            })
            .meta({ id: 'PriceList' }),
          ...commonErrors,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return priceList(app.db, request.query.modelId);
    },
  );

  app.post(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Write a vehicle order (a draft) for a customer',
        body: createOrderBody,
        response: { 201: z.object({ id: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'orders:write');
      return reply.status(201).send(await createOrder(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Orders I may see, newest first',
        querystring: orderListQuery,
        response: {
          200: z.object({ items: z.array(orderSchema), total: z.number() }),
          ...commonErrors,
        },
      },
    },
    async (request) => listOrders(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags,
        summary: 'One order',
        params: idParams,
        response: { 200: orderSchema, ...commonErrors },
      },
    },
    async (request) => getOrder(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/orders/:id',
    {
      schema: {
        tags,
        summary:
          'Change a draft order, or confirm it; a confirmed one changes colour and date only',
        params: idParams,
        body: updateOrderBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'orders:write');
      await updateOrder(app.db, actor, request.params.id, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/orders/:id/deliver',
    {
      schema: {
        tags,
        summary:
          'Deliver a confirmed order: vehicle, ownership and purchase, trade-in, vehicle.delivered',
        params: idParams,
        body: deliverOrderBody,
        response: {
          200: z.object({
            vehicleId: z.string(),
            tradeInVehicleId: z.string().nullable(),
            warnings: z.array(z.string()),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) =>
      deliverOrder(
        app.db,
        requirePermission(request, 'orders:write'),
        request.params.id,
        request.body,
      ),
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a draft or confirmed order, with the reason',
        params: idParams,
        body: cancelOrderBody,
        response: { 204: z.undefined(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'orders:write');
      await cancelOrder(app.db, actor, request.params.id, request.body.reason);
      return reply.status(204).send();
    },
  );
}
