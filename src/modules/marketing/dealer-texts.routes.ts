import { z } from 'zod';
import { requireActor } from '../../http/guards.ts';
import { commonErrors, idParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { listDealerNotes, saveDealerNote } from './dealer-notes.service.ts';
import { getDealerSignature, saveDealerSignature } from './dealer-signature.service.ts';
import {
  dealerNoteBody,
  dealerNotesSchema,
  signatureBody,
  signatureSchema,
} from './dealer-texts.schemas.ts';

const tags = ['marketing'];

/** A dealer's signature and its own paragraph in a group campaign (`{{dealer.signature}}`, `{{dealer.note}}`). */
export function registerDealerTextRoutes(app: App): void {
  app.get(
    '/api/dealers/:id/marketing-signature',
    {
      schema: {
        tags,
        summary: 'A dealer’s marketing signature per language ({{dealer.signature}})',
        params: idParams,
        response: { 200: signatureSchema, ...commonErrors },
      },
    },
    async (request) => getDealerSignature(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/dealers/:id/marketing-signature',
    {
      schema: {
        tags,
        summary:
          'Set a dealer’s marketing signature (whoever may run its campaigns); every language empty removes it',
        params: idParams,
        body: signatureBody,
        response: { 200: signatureSchema, ...commonErrors },
      },
    },
    async (request) =>
      saveDealerSignature(app.db, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/campaigns/:id/dealer-notes',
    {
      schema: {
        tags,
        summary:
          'Dealers’ own paragraphs in a group or brand campaign ({{dealer.note}}): a dealer’s own, or every dealer’s for the owner',
        params: idParams,
        response: { 200: dealerNotesSchema, ...commonErrors },
      },
    },
    async (request) => listDealerNotes(app.db, requireActor(request), request.params.id),
  );

  app.put(
    '/api/campaigns/:id/dealer-notes/:dealerId',
    {
      schema: {
        tags,
        summary:
          'Write a dealer’s own paragraph in a campaign before it is sent; every language empty removes it',
        params: z.strictObject({ id: z.uuid(), dealerId: z.uuid() }),
        body: dealerNoteBody,
        response: { 200: dealerNotesSchema, ...commonErrors },
      },
    },
    async (request) =>
      saveDealerNote(
        app.db,
        requireActor(request),
        request.params.id,
        request.params.dealerId,
        request.body,
      ),
  );
}
