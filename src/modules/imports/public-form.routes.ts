import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { commonErrors, errorSchema } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { formSubmissionBody } from './import.schemas.ts';
import {
  countSubmission,
  findActiveSite,
  submitWebForm,
  type ActiveSite,
} from './web-form-intake.service.ts';

const siteParams = z.strictObject({ siteKey: z.string().min(8).max(100) });

/**
 * A request from a browser names its page's origin; only the site's own origins may post.
 * Server-to-server posts carry no Origin and need only the key.
 */
function allowOrigin(site: ActiveSite, request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (origin === undefined) return;
  if (!site.allowedOrigins.includes(origin)) {
    throw new AppError(403, 'origin_not_allowed', `Origin ${origin} may not post to this form`);
  }
  reply.header('access-control-allow-origin', origin);
}

async function activeSite(plugin: App, siteKey: string): Promise<ActiveSite> {
  const site = await findActiveSite(plugin.db, siteKey);
  if (!site) throw new NotFoundError('Form');
  return site;
}

/**
 * The public endpoint of dealer and brand websites (no login). The urlencoded parser of plain
 * HTML forms is registered in this encapsulated plugin only.
 */
export async function registerPublicFormRoutes(plugin: App): Promise<void> {
  plugin.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  plugin.options(
    '/api/public/forms/:siteKey/leads',
    { schema: { hide: true, params: siteParams } },
    async (request, reply) => {
      const site = await activeSite(plugin, request.params.siteKey);
      allowOrigin(site, request, reply);
      reply.header('access-control-allow-methods', 'POST');
      reply.header('access-control-allow-headers', 'content-type');
      reply.header('access-control-max-age', '600');
      return reply.status(204).send();
    },
  );

  plugin.post(
    '/api/public/forms/:siteKey/leads',
    {
      schema: {
        tags: ['web forms'],
        summary: 'A dealer or brand website posts an enquiry (no login; the site key is the path)',
        description:
          'JSON or an HTML form post. Put the time the page rendered the form in `renderedAt` ' +
          '(epoch ms) and leave the hidden `website` field empty. Ticked consent boxes ' +
          '(`consentEmail`, `consentSms`, `consentPhone`) are recorded with the form as their ' +
          'source. The answer is 202 whatever became of the enquiry.',
        security: [],
        params: siteParams,
        body: formSubmissionBody,
        response: {
          202: z.object({ status: z.literal('accepted') }),
          ...commonErrors,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const site = await activeSite(plugin, request.params.siteKey);
      allowOrigin(site, request, reply);
      await countSubmission(plugin.db, site.id, request.ip);
      const outcome = await submitWebForm(plugin.db, site, request.body, request.id);
      if (outcome.spam)
        request.log.info({ site: site.id, spam: outcome.spam }, 'form spam dropped');
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
}
