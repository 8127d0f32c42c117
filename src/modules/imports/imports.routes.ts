import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, errorSchema, idParams, listOf } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { intakeAdfDocument } from './adf-intake.service.ts';
import {
  adfLeadResultSchema,
  adfQuery,
  createImportBody,
  createWebFormSiteBody,
  importJobSchema,
  listImportsQuery,
  mappingBody,
  previewSchema,
  reportQuery,
  reportRowSchema,
  updateWebFormSiteBody,
  webFormSiteSchema,
} from './import.schemas.ts';
import {
  createImportJob,
  getImportJob,
  importReport,
  listImportJobs,
} from './import-jobs.service.ts';
import { previewImport, runImport } from './import-run.service.ts';
import { registerPublicFormRoutes } from './public-form.routes.ts';
import {
  createWebFormSite,
  listWebFormSites,
  updateWebFormSite,
} from './web-form-sites.service.ts';

/** An upload of 10 MB arrives as about 13.4 MB of base64 inside JSON. */
const uploadBodyLimit = 15 * 1024 * 1024;

export function registerImportRoutes(app: App): void {
  // Encapsulated plugins: their body parsers do not reach the other routes.
  app.register(registerAdfRoute);
  app.register(registerPublicFormRoutes);

  app.post(
    '/api/imports',
    {
      bodyLimit: uploadBodyLimit,
      schema: {
        tags: ['imports'],
        summary:
          'Upload a CSV, XLSX or ADF list (leads) or a DMS export (service visits); answers its columns and a suggested mapping',
        body: createImportBody,
        response: { 201: importJobSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      // the right depends on the target: checked by the service
      const actor = requireActor(request);
      return reply.status(201).send(await createImportJob(app.db, actor, request.body));
    },
  );

  app.get(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import jobs of my dealers and my own of one target, newest first',
        querystring: listImportsQuery,
        response: { 200: listOf(importJobSchema), ...commonErrors },
      },
    },
    async (request) => listImportJobs(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import job with its counts',
        params: idParams,
        response: { 200: importJobSchema, ...commonErrors },
      },
    },
    async (request) => getImportJob(app.db, requireActor(request), request.params.id),
  );

  const settings = () => ({
    country: app.settings.defaultCountry,
    currency: app.settings.defaultCurrency,
  });

  app.post(
    '/api/imports/:id/preview',
    {
      schema: {
        tags: ['imports'],
        summary: 'Dry run: validate every row with this mapping, writing nothing',
        params: idParams,
        body: mappingBody,
        response: { 200: previewSchema, ...commonErrors },
      },
    },
    async (request) =>
      previewImport(
        app.db,
        requireActor(request),
        request.params.id,
        request.body.mapping,
        settings(),
      ),
  );

  app.post(
    '/api/imports/:id/run',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Capture every good row, report each bad row with its line and reason; answers within seconds, a long list runs on (poll the job); a stalled run is resumed',
        params: idParams,
        body: mappingBody,
        response: { 200: importJobSchema, ...commonErrors },
      },
    },
    async (request) =>
      runImport(
        app.db,
        requireActor(request),
        request.params.id,
        request.body.mapping,
        settings(),
        (error) => app.log.error({ err: error, job: request.params.id }, 'import run failed'),
      ),
  );

  app.get(
    '/api/imports/:id/rows',
    {
      schema: {
        tags: ['imports'],
        summary: 'The per-row report of a run (all, imported or rejected rows)',
        params: idParams,
        querystring: reportQuery,
        response: { 200: listOf(reportRowSchema), ...commonErrors },
      },
    },
    async (request) =>
      importReport(app.db, requireActor(request), request.params.id, request.query),
  );

  app.get(
    '/api/web-form-sites',
    {
      schema: {
        tags: ['web forms'],
        summary: 'Dealer and brand websites allowed to post leads',
        response: { 200: z.object({ items: z.array(webFormSiteSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await listWebFormSites(app.db, requirePermission(request, 'webforms:manage')),
    }),
  );

  app.post(
    '/api/web-form-sites',
    {
      schema: {
        tags: ['web forms'],
        summary: 'Register a website; its key is in this answer only',
        body: createWebFormSiteBody,
        response: {
          201: z.object({ site: webFormSiteSchema, key: z.string() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'webforms:manage');
      return reply.status(201).send(await createWebFormSite(app.db, actor, request.body));
    },
  );

  app.patch(
    '/api/web-form-sites/:id',
    {
      schema: {
        tags: ['web forms'],
        summary: 'Rename a site, change its origins, or deactivate it',
        params: idParams,
        body: updateWebFormSiteBody,
        response: { 200: webFormSiteSchema, ...commonErrors },
      },
    },
    async (request) =>
      updateWebFormSite(
        app.db,
        requirePermission(request, 'webforms:manage'),
        request.params.id,
        request.body,
      ),
  );
}

/**
 * `POST /api/leads/adf`. The XML body parser lives in this encapsulated plugin so that no
 * other route starts accepting XML.
 */
async function registerAdfRoute(plugin: App): Promise<void> {
  plugin.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  plugin.post(
    '/api/leads/adf',
    {
      schema: {
        tags: ['leads'],
        summary: 'Capture the prospects of an ADF 1.0 XML document, all or none',
        description:
          'Send the document with `Content-Type: application/xml`. A prospect’s dealer is the ' +
          '`dealer` query parameter, else a vendor `<id>` equal to a dealer code or the ' +
          'vendor name equal to a dealer name, else the caller’s own dealer.',
        consumes: ['application/xml', 'text/xml'],
        querystring: adfQuery,
        body: z.string(),
        response: {
          201: z.object({ leads: z.array(adfLeadResultSchema) }),
          ...commonErrors,
          415: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'leads:import');
      const leads = await intakeAdfDocument(plugin.db, actor, request.body, {
        source: request.query.source,
        ...(request.query.dealer ? { dealerCode: request.query.dealer } : {}),
      });
      return reply.status(201).send({ leads });
    },
  );
}
