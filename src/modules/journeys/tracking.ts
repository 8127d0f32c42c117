import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { App } from '../../http/types.ts';
import {
  linkSignerFor,
  onJourneySmsClick,
  publicRateLimit,
  tokenQuery,
  trackedLinkLimits,
  trackingPixel,
} from '../marketing/index.ts';

/**
 * Opens and clicks of a journey's e-mails: the links are signed by marketing's link signer
 * (addTracking with a run and step instead of a campaign) and land here, on the step's log
 * row of that run and person. The pixel and the redirect behave as the campaigns' do; an
 * SMS's short links are marketing's, and their clicks land here too.
 */
export async function recordJourneyOpen(
  db: Db,
  runId: string,
  stepId: string,
  customerId: string,
): Promise<void> {
  await sql`update journey_step_log
       set opened_at = coalesce(opened_at, now()), open_count = open_count + 1
     where enrollment_id = ${runId} and step_id = ${stepId}
       and customer_id = ${customerId}`.execute(db);
}

export async function recordJourneyClick(
  db: Db,
  runId: string,
  stepId: string,
  customerId: string,
): Promise<void> {
  // a click proves the mail was opened, even when the pixel was blocked
  await sql`update journey_step_log
       set opened_at = coalesce(opened_at, now()), clicked_at = coalesce(clicked_at, now()),
           click_count = click_count + 1
     where enrollment_id = ${runId} and step_id = ${stepId}
       and customer_id = ${customerId}`.execute(db);
}

/** Public, like the campaigns' /m/ links: the signed token is the only credential. */
export function registerJourneyTrackingRoutes(app: App): void {
  // an SMS's short link (marketing's /s/<code>) of a journey step counts here like an e-mail's
  onJourneySmsClick((db, click) =>
    recordJourneyClick(db, click.runId, click.stepId, click.customerId),
  );
  const schema = { hide: true, querystring: tokenQuery };
  // the campaigns' pixel and click limit (guesses per address, one link per token)
  const onRequest = publicRateLimit(app, trackedLinkLimits);
  app.get('/m/j/o.gif', { onRequest, schema }, async (request, reply) => {
    const payload = (await linkSignerFor(app.db)).verify(request.query.t);
    if (payload?.k === 'jopen') await recordJourneyOpen(app.db, payload.r, payload.s, payload.p);
    return reply
      .header('content-type', 'image/gif')
      .header('cache-control', 'no-store, private')
      .send(trackingPixel);
  });
  app.get('/m/j/c', { onRequest, schema }, async (request, reply) => {
    const payload = (await linkSignerFor(app.db)).verify(request.query.t);
    if (payload?.k !== 'jclick' || !/^https?:\/\//.test(payload.u)) {
      return reply.status(404).header('content-type', 'text/plain').send('This link is not valid.');
    }
    await recordJourneyClick(app.db, payload.r, payload.s, payload.p);
    // only the address signed into the token: the redirect cannot be pointed elsewhere
    return reply.header('cache-control', 'no-store').redirect(payload.u, 302);
  });
}
