import { systemActor, withActor, type Scope, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { wakeOutbox } from '../messaging/index.ts';
import { groupDefaultZone } from '../org/index.ts';
import { bucketOf } from './ab-test.ts';
import { ownerScope } from './owner-scope.ts';
import {
  matchOffers,
  offersFor,
  templatesUseOffers,
  type OfferForSend,
} from './offer-recommendations.ts';
import { contactRules } from './contact-rules.service.ts';
import { linkSignerFor, publicBaseUrl } from './links.ts';
import { readAudiencePage } from './send-audience-page.ts';
import { writePage } from './send-page-write.ts';
import { renderRecipient, type RenderSetup } from './send-render.ts';
import { templateCache } from './send-templates.ts';
import type { CampaignForSend, Phase, Prepared, SendCounts } from './send-types.ts';

export type { CampaignForSend, Phase, Prepared, SendCounts } from './send-types.ts';
export { writePage } from './send-page-write.ts';

/**
 * Sending a campaign: the audience is read page by page (keyset on the customer id, so memory
 * stays flat whatever its size; send-audience-page.ts), each person's message is rendered
 * (send-render.ts) and the page is written to the outbox and to the campaign's recipients in
 * one transaction. The outbox idempotency key (campaign, person) and the recipients' key make
 * a re-run — after a crash, or a second click — write nothing twice. The outbox sender
 * delivers; it reads consent once more.
 */

/** A phase's counts and the latest time one of its messages is released (null: none queued). */
export type PhaseResult = { counts: SendCounts; lastRelease: Date | null };

/** What a phase reads once and every page uses. */
type SendSetup = RenderSetup & {
  /** the customers the campaign's owner may reach */
  scope: Scope;
  /** the offers its templates list (none when no template lists them) */
  offers: OfferForSend[];
  /** the variants' keys, sorted: the test spreads people over them by bucket */
  keys: string[];
  /** the A/B test's share of buckets (0–10000) */
  testShare: number;
};

async function loadSendSetup(db: Db, campaign: CampaignForSend): Promise<SendSetup> {
  const allRules = await contactRules(db);
  return {
    scope: await ownerScope(db, campaign),
    // calls and letters have no frequency cap or quiet hours of their own: the e-mail rule's
    // numbers are never used for them (the block applies to outbox channels only)
    rules: campaign.channel === 'sms' ? allRules.sms : allRules.email,
    signer: await linkSignerFor(db),
    base: publicBaseUrl(),
    templates: templateCache(campaign),
    fallbackZone: await groupDefaultZone(db),
    // offers are matched only for templates that list them, a page at a time
    offers: templatesUseOffers(campaign.variants) ? await offersFor(db, campaign) : [],
    keys: campaign.variants.map((variant) => variant.key).sort(),
    testShare: campaign.abTestShare * 100,
  };
}

/**
 * Writes one phase of a campaign. `phase` test: the people whose stable bucket falls in the
 * test share, spread over the variants; rest: everyone not yet reached, with the winner;
 * all: everyone with the single variant. A variant with a send time of its own is released at
 * its next slot on each person's clock (then quiet hours), so the test's variants go out at
 * their times and the rest get the winner at the winner's next slot.
 */
export async function sendPhase(
  db: Db,
  campaign: CampaignForSend,
  phase: Phase,
  winner?: string,
): Promise<PhaseResult> {
  const counts: SendCounts = { queued: 0, blocked: 0, alreadyThere: 0 };
  let lastRelease: Date | null = null;
  const setup = await loadSendSetup(db, campaign);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const queuedBefore = counts.queued;
    // One transaction per page: the campaign row's key-share lock first, then the page read
    // (with the dealers' notes), rendered and written. Saving a note takes the row FOR UPDATE
    // (dealer-notes.service.ts), so it lands before the first page's read or is refused after
    // its write: never between, where it would reach only part of the audience. Key share
    // lets the status and event updates of the row go on; two sends' pages share it.
    const page = await withActor(db, systemActor('job'), (tx) =>
      withCampaignShareLock(tx, campaign.id, () =>
        sendNextPage(tx, setup, campaign, phase, winner, after, counts),
      ),
    );
    if (!page) break;
    after = page.last;
    lastRelease = later(lastRelease, page.release);
    // committed: the drain may start on this page while the next one renders (a send time
    // later than now leaves the messages waiting, and the drain finds nothing due: harmless)
    if (counts.queued > queuedBefore && campaign.channel !== 'call' && campaign.channel !== 'mail')
      wakeOutbox(db);
  }
  return { counts, lastRelease };
}

/**
 * Reads the page of the audience after `after`, renders the people of the phase on it and
 * writes them (writePage). Null when the audience is through; else the page's last customer
 * id (the next page's start) and its latest release.
 */
async function sendNextPage(
  tx: Tx,
  setup: SendSetup,
  campaign: CampaignForSend,
  phase: Phase,
  winner: string | undefined,
  after: string,
  counts: SendCounts,
): Promise<{ last: string; release: Date | null } | null> {
  const page = await readAudiencePage(tx, campaign, setup.scope, setup.rules.periodDays, after);
  if (page.length === 0) return null;
  const now = new Date();
  const inPhase = page.filter(
    (row) => phase !== 'test' || bucketOf(campaign.id, row.id) < setup.testShare,
  );
  const offered = await matchOffers(
    tx,
    setup.offers,
    inPhase.map((row) => row.id),
  );
  const prepared: Prepared[] = [];
  let release: Date | null = null;
  for (const row of inPhase) {
    const variant = variantFor(setup.keys, campaign.id, row.id, phase, winner);
    const rendered = await renderRecipient(setup, campaign, row, variant, offered.get(row.id), now);
    prepared.push(rendered.item);
    release = later(release, rendered.release);
  }
  if (prepared.length > 0) await writePage(tx, campaign, phase, prepared, counts, now);
  return { last: page[page.length - 1]!.id, release };
}

/** The variant a person gets: the test's by his bucket, the rest's winner, or the only one. */
function variantFor(
  keys: string[],
  campaignId: string,
  customerId: string,
  phase: Phase,
  winner: string | undefined,
): string {
  if (phase === 'rest') return winner!;
  if (phase === 'all') return keys[0]!;
  return keys[bucketOf(campaignId, customerId) % keys.length]!;
}

const later = (a: Date | null, b: Date | null) => (!a || (b && b > a) ? b : a);

/** Runs `work` holding the campaign row's FOR KEY SHARE lock (till the transaction ends). */
async function withCampaignShareLock<T>(tx: Tx, campaignId: string, work: () => Promise<T>) {
  await tx
    .selectFrom('marketing_campaigns')
    .select('id')
    .where('id', '=', campaignId)
    .forKeyShare()
    .executeTakeFirstOrThrow();
  return work();
}
