import { sql } from 'kysely';
import { systemActor, withActor, type Tx } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import { consentGranted } from '../customers/index.ts';
import { contactableByDealer } from '../leads/index.ts';
import {
  queueMessages,
  recentMessageCount,
  wakeOutbox,
  type QueueMessageInput,
} from '../messaging/index.ts';
import { groupDefaultZone, personZone } from '../org/index.ts';
import { bucketOf } from './ab-test.ts';
import { ownerScope } from './owner-scope.ts';
import {
  matchOffers,
  offerContext,
  offersFor,
  templatesUseOffers,
} from './offer-recommendations.ts';
import { audienceCondition } from './audience.ts';
import { taskRefused, writeCallTasks } from './call-tasks.ts';
import { contactBlock, contactRules, releaseFor, suppressed } from './contact-rules.service.ts';
import {
  expiresIn,
  isPreferencesLink,
  linkSignerFor,
  preferencesLink,
  publicBaseUrl,
  unsubscribeLink,
  type LinkSigner,
  eventPageLink,
} from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { Condition } from './segment.schemas.ts';
import type { CampaignChannel } from './schema.ts';
import { saveSmsLinks, shortenSmsLinks, type SmsLink } from './sms-links.ts';
import { compileFor, type CompiledTemplate, type TemplateContent } from './templates.ts';
import { nextSlotTime, type VariantSendTime } from './variant-send-time.ts';
import {
  beforeBodyEnd,
  decodeAttr,
  escapeAttr,
  textWithUnsubscribe,
  withUnsubscribeFooter,
} from './unsubscribe.ts';

/**
 * Sending a campaign: the audience is read page by page (keyset on the customer id, so memory
 * stays flat whatever its size), each person's e-mail is rendered and the page is written to
 * the outbox and to the campaign's recipients in one transaction. The outbox idempotency key
 * (campaign, person) and the recipients' key make a re-run — after a crash, or a second
 * click — write nothing twice. The outbox sender delivers; it reads consent once more.
 */
export type CampaignForSend = {
  id: string;
  name: string;
  channel: CampaignChannel;
  kind: 'message' | 'event';
  /** call campaigns: who gets the tasks and how many days they have */
  callAssigneeUserId: string | null;
  callDueDays: number;
  dealerId: string | null;
  brandId: string | null;
  ownerLevel: 'group' | 'brand' | 'dealer';
  defaultLanguage: Language;
  abTestShare: number;
  audience: Condition;
  variants: {
    key: string;
    contents: Partial<Record<Language, TemplateContent>>;
    /** the variant's own send time (e-mail, SMS); none: at once */
    sendTime?: VariantSendTime | null | undefined;
  }[];
  createdBy: string | null;
};

export type Phase = 'test' | 'rest' | 'all';
export type SendCounts = { queued: number; blocked: number; alreadyThere: number };
/** A phase's counts and the latest time one of its messages is released (null: none queued). */
export type PhaseResult = { counts: SendCounts; lastRelease: Date | null };

const pageSize = 500;

type Templates = (
  variant: string,
  language: Language,
) => Promise<{ language: Language; template: CompiledTemplate }>;

export function templateCache(
  campaign: Pick<CampaignForSend, 'variants' | 'defaultLanguage'> & {
    channel?: CampaignChannel | undefined;
  },
): Templates {
  const cache = new Map<string, Promise<CompiledTemplate>>();
  return async (key, wanted) => {
    const variant = campaign.variants.find((v) => v.key === key)!;
    const language = variant.contents[wanted] ? wanted : campaign.defaultLanguage;
    const id = `${key}:${language}`;
    let compiled = cache.get(id);
    if (!compiled) {
      compiled = compileFor(
        campaign.channel ?? 'email',
        variant.contents[language]!,
        `variants.${key}.contents.${language}`,
      );
      cache.set(id, compiled);
    }
    return { language, template: await compiled };
  };
}

/** Whose e-mail a tracked link belongs to: a campaign's, or a journey run's step. */
export type TrackedMessage =
  | { campaignId: string; customerId: string }
  | { journeyRunId: string; stepId: string; customerId: string };

function clickToken(signer: LinkSigner, ids: TrackedMessage, url: string, expiry: number) {
  return 'campaignId' in ids
    ? signer.sign({ k: 'click', c: ids.campaignId, p: ids.customerId, u: url, e: expiry })
    : signer.sign({
        k: 'jclick',
        r: ids.journeyRunId,
        s: ids.stepId,
        p: ids.customerId,
        u: url,
        e: expiry,
      });
}

function openToken(signer: LinkSigner, ids: TrackedMessage, expiry: number) {
  return 'campaignId' in ids
    ? signer.sign({ k: 'open', c: ids.campaignId, p: ids.customerId, e: expiry })
    : signer.sign({ k: 'jopen', r: ids.journeyRunId, s: ids.stepId, p: ids.customerId, e: expiry });
}

/**
 * Click tracking on every http(s) link except the unsubscribe and preferences links, and the open pixel. A
 * journey's links go to the journeys module's own addresses (/m/j/…), which record on the run.
 */
export function addTracking(
  html: string,
  signer: LinkSigner,
  base: string,
  ids: TrackedMessage,
  unsubscribe: string,
): string {
  const prefix = 'campaignId' in ids ? `${base}/m` : `${base}/m/j`;
  const expiry = expiresIn(365);
  // anchors only: stylesheet and font links in the head are not clicks; the unsubscribe link
  // stays as it is (it is no click)
  const tracked = html.replace(
    /(<a\b[^>]*?\shref=")(https?:\/\/[^"]+)"/gi,
    (whole, start: string, url: string) => {
      const target = decodeAttr(url);
      // nor is a visit to one's own preferences page
      if (target === unsubscribe || isPreferencesLink(base, target)) return whole;
      const token = clickToken(signer, ids, target, expiry);
      return `${start}${escapeAttr(`${prefix}/c?t=${token}`)}"`;
    },
  );
  const pixelToken = openToken(signer, ids, expiry);
  const pixel = `<img src="${prefix}/o.gif?t=${pixelToken}" width="1" height="1" alt="" style="display:block;height:1px;width:1px;border:0">`;
  return beforeBodyEnd(withUnsubscribeFooter(tracked, unsubscribe), pixel);
}

type AudienceRow = RecipientRow & { suppressed: boolean; recent: number; consented: boolean };

/** the contact channel (consent, do-not-contact) each campaign channel uses */
const contactChannel = { email: 'email', sms: 'sms', call: 'phone', mail: 'post' } as const;

export type Prepared = {
  variant: string;
  customerId: string;
  /** an outbox message (e-mail, SMS) */
  message?: QueueMessageInput;
  /** an SMS's short tracked links, stored with the message */
  links?: SmsLink[];
  /** a call task: its title and script */
  task?: { title: string; script: string };
  /** nothing goes out, for this reason */
  blocked?: string;
};

/**
 * Why a person cannot be reached on a channel that does not go through the outbox (calls,
 * letters), which therefore checks consent and do-not-contact itself.
 */
function directBlock(row: AudienceRow, channel: 'call' | 'mail'): string | null {
  if (channel === 'call' && !row.phone) return 'no_recipient';
  if (channel === 'mail' && !row.address) return 'no_recipient';
  if (!row.consented) return 'no_consent';
  if (row.suppressed) return 'do_not_contact';
  return null;
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
  const scope = await ownerScope(db, campaign);
  const contact = contactChannel[campaign.channel];
  const allRules = await contactRules(db);
  // calls and letters have no frequency cap or quiet hours of their own: the e-mail rule's
  // numbers are never used for them (blockedBy below only applies to outbox channels)
  const rules = campaign.channel === 'sms' ? allRules.sms : allRules.email;
  const signer = await linkSignerFor(db);
  const base = publicBaseUrl();
  const templates = templateCache(campaign);
  const fallbackZone = await groupDefaultZone(db);
  // offers are matched only for templates that list them, a page at a time
  const offers = templatesUseOffers(campaign.variants) ? await offersFor(db, campaign) : [];
  const keys = campaign.variants.map((variant) => variant.key).sort();
  const testShare = campaign.abTestShare * 100;
  let after = '00000000-0000-0000-0000-000000000000';
  // One transaction per page: the campaign row's key-share lock first, then the page read
  // (with the dealers' notes), rendered and written. Saving a note takes the row FOR UPDATE
  // (dealer-notes.service.ts), so it lands before the first page's read or is refused after
  // its write: never between, where it would reach only part of the audience. Key share lets
  // the status and event updates of the row go on; two sends' pages share it.
  const writeNextPage = (tx: Tx): Promise<'done' | 'page'> =>
    withCampaignShareLock(tx, campaign.id, async () => {
      let query = selectRecipientData(
        tx.selectFrom('customers as c'),
        campaign.dealerId,
        campaign.id,
      )
        .select((eb) => [
          suppressed(eb.ref('c.id'), contact).as('suppressed'),
          recentMessageCount(
            eb.ref('c.id'),
            campaign.channel === 'sms' ? 'sms' : 'email',
            rules.periodDays,
          ).as('recent'),
          consentGranted(eb.ref('c.id'), contact, 'marketing').as('consented'),
        ])
        .where(audienceCondition(scope, campaign.audience))
        .where('c.id', '>', after)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('marketing_campaign_recipients as r')
                .select(sql`1`.as('one'))
                .where('r.campaign_id', '=', campaign.id)
                .whereRef('r.customer_id', '=', 'c.id'),
            ),
          ),
        )
        .orderBy('c.id')
        .limit(pageSize);
      if (campaign.ownerLevel === 'dealer') {
        query = query.where(contactableByDealer(sql.ref('c.id'), campaign.dealerId!));
      }
      const page = (await query.execute()) as AudienceRow[];
      if (page.length === 0) return 'done';
      after = page[page.length - 1]!.id;
      const now = new Date();
      const prepared: Prepared[] = [];
      const inPhase = page.filter(
        (row) => phase !== 'test' || bucketOf(campaign.id, row.id) < testShare,
      );
      const offered = await matchOffers(
        tx,
        offers,
        inPhase.map((row) => row.id),
      );
      for (const row of inPhase) {
        const bucket = bucketOf(campaign.id, row.id);
        const variant =
          phase === 'rest' ? winner! : phase === 'all' ? keys[0]! : keys[bucket % keys.length]!;
        const { language, template } = await templates(
          variant,
          row.preferred_language ?? campaign.defaultLanguage,
        );
        const unsubscribe = unsubscribeLink(signer, base, {
          customerId: row.id,
          channel: campaign.channel === 'sms' ? 'sms' : 'email',
          campaignId: campaign.id,
        });
        const context = messageContext(
          row,
          language,
          unsubscribe,
          preferencesLink(signer, base, row.id),
          campaign.defaultLanguage,
        );
        context.offers = offerContext(offered.get(row.id), language, campaign.defaultLanguage);
        if (campaign.kind === 'event') {
          // the page itself refuses once the event has begun
          context.links.register = eventPageLink(signer, base, campaign.id, row.id);
        }
        if (campaign.channel === 'call' || campaign.channel === 'mail') {
          const blocked = directBlock(row, campaign.channel);
          prepared.push({
            variant,
            customerId: row.id,
            ...(blocked ? { blocked } : {}),
            ...(campaign.channel === 'call' && !blocked
              ? { task: { title: template.subject(context), script: template.text(context) } }
              : {}),
          });
          continue;
        }
        const blockedBy = contactBlock(row, rules, true);
        const slot = campaign.variants.find((v) => v.key === variant)!.sendTime;
        const zone = personZone(row.timezone, row.dealer?.timezone, fallbackZone);
        const notBefore = releaseFor(nextSlotTime(slot, now, zone), rules, row, fallbackZone);
        if (!blockedBy && (!lastRelease || notBefore > lastRelease)) lastRelease = notBefore;
        const common = {
          customerId: row.id,
          dealerId: campaign.dealerId ?? null,
          purpose: 'marketing' as const,
          source: { kind: 'campaign', id: campaign.id },
          createdBy: campaign.createdBy,
          idempotencyKey: `campaign:${campaign.id}:${row.id}`,
          notBefore,
          blockedBy,
        };
        if (campaign.channel === 'sms') {
          const source = campaign.variants.find((v) => v.key === variant)!.contents[language]!;
          const sms = shortenSmsLinks(template.text(context), {
            source: source.text ?? '',
            base,
            unsubscribe,
          });
          prepared.push({
            variant,
            customerId: row.id,
            message: { ...common, channel: 'sms', recipient: row.phone, body: sms.text },
            links: sms.links,
          });
          continue;
        }
        const html = addTracking(
          template.html(context),
          signer,
          base,
          { campaignId: campaign.id, customerId: row.id },
          unsubscribe,
        );
        const text = template.text(context);
        prepared.push({
          variant,
          customerId: row.id,
          message: {
            ...common,
            channel: 'email',
            recipient: row.email,
            subject: template.subject(context),
            body: textWithUnsubscribe(text, unsubscribe),
            html,
          },
        });
      }
      if (prepared.length > 0) await writePage(tx, campaign, phase, prepared, counts, now);
      return 'page';
    });
  for (;;) {
    const queuedBefore = counts.queued;
    if ((await withActor(db, systemActor('job'), writeNextPage)) === 'done') break;
    // committed: the drain may start on this page while the next one renders (a send time
    // later than now leaves the messages waiting, and the drain finds nothing due: harmless)
    if (counts.queued > queuedBefore && campaign.channel !== 'call' && campaign.channel !== 'mail')
      wakeOutbox(db);
  }
  return { counts, lastRelease };
}

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

/**
 * One page in one transaction: the recipients' rows, then outbox messages (or call tasks), so
 * a crash leaves either the whole page or none of it, and a re-run skips the people recorded.
 * The recipients' key is taken first: two sends of one campaign racing over the same page (a
 * second click, the scheduler and a user) both read it before either wrote, but only one can
 * insert a person's row; the other finds him taken, waits for nothing more and writes him no
 * task (the outbox key alone guards messages, nothing guarded a call task).
 */
export async function writePage(
  tx: Tx,
  campaign: Pick<CampaignForSend, 'id' | 'name' | 'callAssigneeUserId' | 'callDueDays'>,
  phase: Phase,
  prepared: Prepared[],
  counts: SendCounts,
  now: Date,
): Promise<void> {
  const claimed = new Set(
    (
      await tx
        .insertInto('marketing_campaign_recipients')
        .values(
          prepared.map((item) => ({
            campaign_id: campaign.id,
            customer_id: item.customerId,
            variant: item.variant,
            phase,
            // settled below, once the message or task is written
            status: item.blocked ? ('blocked' as const) : ('queued' as const),
            blocked_reason: item.blocked ?? null,
          })),
        )
        .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
        .returning('customer_id')
        .execute()
    ).map((row) => row.customer_id),
  );
  counts.alreadyThere += prepared.length - claimed.size;
  const mine = prepared.filter((item) => claimed.has(item.customerId));
  if (mine.length === 0) return;
  const outgoing = mine.filter((item) => item.message);
  const results = await queueMessages(
    tx,
    outgoing.map((item) => item.message!),
  );
  const byCustomer = new Map(outgoing.map((item, index) => [item.customerId, results[index]!]));
  // a message written before (a re-run) keeps the links it went out with
  await saveSmsLinks(
    tx,
    outgoing.flatMap((item, index) =>
      item.links && !results[index]!.duplicate
        ? [
            {
              owner: {
                campaignId: campaign.id,
                variant: item.variant,
                customerId: item.customerId,
                messageId: results[index]!.id,
              },
              links: item.links,
            },
          ]
        : [],
    ),
  );
  const callTasks = await writeCallTasks(tx, campaign, mine, now);
  const settled = [];
  for (const item of mine) {
    const result = byCustomer.get(item.customerId);
    const taskId = callTasks.get(item.customerId) ?? null;
    // a refused call task is recorded and counted as blocked, not dropped
    const blocked = item.task && !taskId ? taskRefused : item.blocked;
    if (result?.duplicate) counts.alreadyThere += 1;
    const status = result ? result.status : blocked ? 'blocked' : 'queued';
    if (!result?.duplicate) {
      if (status === 'queued') counts.queued += 1;
      else counts.blocked += 1;
    }
    settled.push({
      customerId: item.customerId,
      messageId: result?.id ?? null,
      taskId,
      status,
      reason: result?.status === 'blocked' ? result.reason : (blocked ?? null),
    });
  }
  await sql`update marketing_campaign_recipients r
    set message_id = v.message_id, task_id = v.task_id, status = v.status,
        blocked_reason = v.reason
    from unnest(${settled.map((row) => row.customerId)}::uuid[],
                ${settled.map((row) => row.messageId)}::uuid[],
                ${settled.map((row) => row.taskId)}::uuid[],
                ${settled.map((row) => row.status)}::text[],
                ${settled.map((row) => row.reason)}::text[])
      as v(customer_id, message_id, task_id, status, reason)
    where r.campaign_id = ${campaign.id} and r.customer_id = v.customer_id`.execute(tx);
}
