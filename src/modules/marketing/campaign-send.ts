import { sql } from 'kysely';
import { systemActor, withActor, type Scope } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import type { Language } from '../customers/index.ts';
import { contactableByDealer } from '../leads/index.ts';
import { queueMessages, recentMessageCount, type QueueMessageInput } from '../messaging/index.ts';
import { bucketOf } from './ab-test.ts';
import { audienceCondition } from './audience.ts';
import { contactRules, quietHoursRelease, suppressed } from './contact-rules.service.ts';
import {
  expiresIn,
  linkSignerFor,
  publicBaseUrl,
  unsubscribeDays,
  type LinkSigner,
} from './links.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import type { Condition } from './segment.schemas.ts';
import { compileTemplate, type CompiledTemplate, type TemplateContent } from './templates.ts';

/**
 * Sending a campaign: the audience is read page by page (keyset on the customer id, so memory
 * stays flat whatever its size), each person's e-mail is rendered and the page is written to
 * the outbox and to the campaign's recipients in one transaction. The outbox idempotency key
 * (campaign, person) and the recipients' key make a re-run — after a crash, or a second
 * click — write nothing twice. The outbox sender delivers; it reads consent once more.
 */
export type CampaignForSend = {
  id: string;
  dealerId: string | null;
  brandId: string | null;
  ownerLevel: 'group' | 'brand' | 'dealer';
  defaultLanguage: Language;
  abTestShare: number;
  audience: Condition;
  variants: { key: string; contents: Partial<Record<Language, TemplateContent>> }[];
  createdBy: string | null;
};

export type Phase = 'test' | 'rest' | 'all';
export type SendCounts = { queued: number; blocked: number; alreadyThere: number };

const pageSize = 500;

/** The customers a campaign's owner may reach: its dealer, its brand's dealers, or all. */
export async function ownerScope(
  db: Db,
  campaign: Pick<CampaignForSend, 'ownerLevel' | 'dealerId' | 'brandId'>,
): Promise<Scope> {
  if (campaign.ownerLevel === 'dealer') return { level: 'dealer', dealerIds: [campaign.dealerId!] };
  if (campaign.ownerLevel === 'brand') {
    const rows = await db
      .selectFrom('dealer_brands')
      .select('dealer_id')
      .where('brand_id', '=', campaign.brandId!)
      .execute();
    return { level: 'brand', dealerIds: rows.map((row) => row.dealer_id) };
  }
  return { level: 'group' };
}

type Templates = (
  variant: string,
  language: Language,
) => Promise<{ language: Language; template: CompiledTemplate }>;

export function templateCache(
  campaign: Pick<CampaignForSend, 'variants' | 'defaultLanguage'>,
): Templates {
  const cache = new Map<string, Promise<CompiledTemplate>>();
  return async (key, wanted) => {
    const variant = campaign.variants.find((v) => v.key === key)!;
    const language = variant.contents[wanted] ? wanted : campaign.defaultLanguage;
    const id = `${key}:${language}`;
    let compiled = cache.get(id);
    if (!compiled) {
      compiled = compileTemplate(
        variant.contents[language]!,
        `variants.${key}.contents.${language}`,
      );
      cache.set(id, compiled);
    }
    return { language, template: await compiled };
  };
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** An attribute's value as the browser reads it (Handlebars writes = as &#x3D;). */
export const decodeAttr = (value: string) =>
  value
    .replace(/&#x3D;|&#61;/gi, '=')
    .replace(/&#x27;|&#39;/gi, "'")
    .replace(/&#x60;/gi, '`')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Click tracking on every http(s) link except the unsubscribe link, and the open pixel. */
export function addTracking(
  html: string,
  signer: LinkSigner,
  base: string,
  ids: { campaignId: string; customerId: string },
  unsubscribe: string,
): string {
  const expiry = expiresIn(365);
  let hasUnsubscribe = false;
  // anchors only: stylesheet and font links in the head are not clicks
  const tracked = html.replace(
    /(<a\b[^>]*?\shref=")(https?:\/\/[^"]+)"/gi,
    (whole, start: string, url: string) => {
      const target = decodeAttr(url);
      if (target === unsubscribe) {
        hasUnsubscribe = true;
        return whole;
      }
      const token = signer.sign({
        k: 'click',
        c: ids.campaignId,
        p: ids.customerId,
        u: target,
        e: expiry,
      });
      return `${start}${escapeAttr(`${base}/m/c?t=${token}`)}"`;
    },
  );
  const pixelToken = signer.sign({ k: 'open', c: ids.campaignId, p: ids.customerId, e: expiry });
  const pixel = `<img src="${base}/m/o.gif?t=${pixelToken}" width="1" height="1" alt="" style="display:block;height:1px;width:1px;border:0">`;
  // every e-mail carries an unsubscribe link, whether the template placed one or not
  const footer = hasUnsubscribe
    ? ''
    : `<p style="font-size:12px;color:#888;text-align:center"><a href="${escapeAttr(unsubscribe)}">Unsubscribe</a></p>`;
  return tracked.includes('</body>')
    ? tracked.replace('</body>', `${footer}${pixel}</body>`)
    : `${tracked}${footer}${pixel}`;
}

type AudienceRow = RecipientRow & { suppressed: boolean; recent: number };

/**
 * Writes one phase of a campaign. `phase` test: the people whose stable bucket falls in the
 * test share, spread over the variants; rest: everyone not yet reached, with the winner;
 * all: everyone with the single variant.
 */
export async function sendPhase(
  db: Db,
  campaign: CampaignForSend,
  phase: Phase,
  winner?: string,
): Promise<SendCounts> {
  const counts: SendCounts = { queued: 0, blocked: 0, alreadyThere: 0 };
  const scope = await ownerScope(db, campaign);
  const rules = (await contactRules(db)).email;
  const signer = await linkSignerFor(db);
  const base = publicBaseUrl();
  const templates = templateCache(campaign);
  const group = await db.selectFrom('org_group').select('default_timezone').executeTakeFirst();
  const fallbackZone = group?.default_timezone ?? 'UTC';
  const keys = campaign.variants.map((variant) => variant.key).sort();
  const testShare = campaign.abTestShare * 100;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    let query = selectRecipientData(db.selectFrom('customers as c'), campaign.dealerId)
      .select((eb) => [
        suppressed(eb.ref('c.id'), 'email').as('suppressed'),
        recentMessageCount(eb.ref('c.id'), 'email', rules.periodDays).as('recent'),
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
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const now = new Date();
    const messages: (QueueMessageInput & { variant: string })[] = [];
    for (const row of page) {
      const bucket = bucketOf(campaign.id, row.id);
      if (phase === 'test' && bucket >= testShare) continue;
      const variant =
        phase === 'rest' ? winner! : phase === 'all' ? keys[0]! : keys[bucket % keys.length]!;
      const { language, template } = await templates(
        variant,
        row.preferred_language ?? campaign.defaultLanguage,
      );
      const unsubscribe = `${base}/m/u?t=${signer.sign({
        k: 'unsubscribe',
        c: campaign.id,
        p: row.id,
        ch: 'email',
        e: expiresIn(unsubscribeDays),
      })}`;
      const context = messageContext(row, language, unsubscribe);
      const html = addTracking(
        template.html(context),
        signer,
        base,
        { campaignId: campaign.id, customerId: row.id },
        unsubscribe,
      );
      const text = template.text(context);
      messages.push({
        variant,
        customerId: row.id,
        dealerId: campaign.dealerId ?? null,
        channel: 'email',
        purpose: 'marketing',
        recipient: row.email,
        subject: template.subject(context),
        body: text.includes(unsubscribe) ? text : `${text}\n\nUnsubscribe: ${unsubscribe}`,
        html,
        source: { kind: 'campaign', id: campaign.id },
        createdBy: campaign.createdBy,
        idempotencyKey: `campaign:${campaign.id}:${row.id}`,
        notBefore: quietHoursRelease(
          now,
          rules,
          row.timezone ?? row.dealer?.timezone ?? fallbackZone,
          fallbackZone,
        ),
        blockedBy: row.suppressed
          ? 'do_not_contact'
          : row.recent >= rules.maxMessages
            ? 'frequency_cap'
            : null,
      });
    }
    if (messages.length === 0) continue;
    await withActor(db, systemActor('job'), async (tx) => {
      const results = await queueMessages(tx, messages);
      await tx
        .insertInto('marketing_campaign_recipients')
        .values(
          results.map((result, index) => ({
            campaign_id: campaign.id,
            customer_id: messages[index]!.customerId,
            variant: messages[index]!.variant,
            phase,
            message_id: result.id,
            status: result.status,
            blocked_reason: result.status === 'blocked' ? result.reason : null,
          })),
        )
        .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
        .execute();
      for (const result of results) {
        if (result.duplicate) counts.alreadyThere += 1;
        else if (result.status === 'queued') counts.queued += 1;
        else counts.blocked += 1;
      }
    });
  }
  return counts;
}
