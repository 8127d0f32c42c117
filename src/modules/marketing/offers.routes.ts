import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { offerBody, offerSchema } from './offers.schemas.ts';
import { createOffer, getOffer, listOffers, updateOffer } from './offers.service.ts';

const tags = ['marketing'];

/** The offer catalogue: `{{#each offers}}` in templates recommends from it (0268). */
export function registerOfferRoutes(app: App): void {
  app.get(
    '/api/marketing/offers',
    {
      schema: {
        tags,
        summary: 'Offers of my dealer, my brand and the group, latest ending first',
        response: { 200: z.object({ items: z.array(offerSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listOffers(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/marketing/offers',
    {
      schema: {
        tags,
        summary:
          'Create an offer: owner, validity, texts per language, target (segment or condition)',
        body: offerBody,
        response: { 201: offerSchema, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOffer(app.db, requireActor(request), request.body)),
  );

  app.get(
    '/api/marketing/offers/:id',
    {
      schema: {
        tags,
        summary: 'One offer',
        params: idParams,
        response: { 200: offerSchema, ...commonErrors },
      },
    },
    async (request) => getOffer(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/marketing/offers/:id',
    {
      schema: {
        tags,
        summary: 'Change an offer (the whole body again)',
        params: idParams,
        body: offerBody,
        response: { 200: offerSchema, ...commonErrors },
      },
    },
    async (request) => updateOffer(app.db, requireActor(request), request.params.id, request.body),
  );
}
