import type { Language } from '../customers/index.ts';
import type { QueueMessageInput } from '../messaging/index.ts';
import { personZone } from '../org/index.ts';
import { contactBlock, releaseFor, type ContactRule } from './contact-rules.service.ts';
import { eventPageLink, preferencesLink, unsubscribeLink, type LinkSigner } from './links.ts';
import { offerContext, type OfferForSend } from './offer-recommendations.ts';
import { messageContext } from './recipient-data.ts';
import type { AudienceRow } from './send-audience-page.ts';
import type { Templates } from './send-templates.ts';
import { addTracking } from './send-tracking.ts';
import type { CampaignForSend, Prepared } from './send-types.ts';
import { shortenSmsLinks } from './sms-links.ts';
import type { CompiledTemplate, MessageContext } from './templates.ts';
import { textWithUnsubscribe } from './unsubscribe.ts';
import { nextSlotTime } from './variant-send-time.ts';

/** What rendering needs that stays the same for the whole send (read once by sendPhase). */
export type RenderSetup = {
  /** the channel's contact rule (calls and letters use the e-mail rule's, never its numbers) */
  rules: ContactRule;
  signer: LinkSigner;
  base: string;
  templates: Templates;
  fallbackZone: string;
};

/**
 * One person's item for the page: his message (or call task, or letter) in his language, or
 * the reason nothing goes to him; with `release`, when an unblocked message may leave (null
 * for calls and letters, and for a message the contact rules block).
 */
export type Rendered = { item: Prepared; release: Date | null };

export async function renderRecipient(
  setup: RenderSetup,
  campaign: CampaignForSend,
  row: AudienceRow,
  variant: string,
  offers: OfferForSend[] | undefined,
  now: Date,
): Promise<Rendered> {
  const { language, template } = await setup.templates(
    variant,
    row.preferred_language ?? campaign.defaultLanguage,
  );
  const unsubscribe = unsubscribeLink(setup.signer, setup.base, {
    customerId: row.id,
    channel: campaign.channel === 'sms' ? 'sms' : 'email',
    campaignId: campaign.id,
  });
  const context = recipientContext(setup, campaign, row, language, unsubscribe, offers);
  if (campaign.channel === 'call' || campaign.channel === 'mail') {
    return { item: directItem(campaign.channel, row, variant, template, context), release: null };
  }
  const { common, release } = outboxCommon(setup, campaign, row, variant, now);
  const message = { template, context, unsubscribe };
  const item =
    campaign.channel === 'sms'
      ? smsItem(setup, campaign, row, variant, language, common, message)
      : emailItem(setup, campaign, row, variant, common, message);
  return { item, release };
}

/** The Handlebars data of one person's message: him, his dealer, his links and offers. */
function recipientContext(
  setup: RenderSetup,
  campaign: CampaignForSend,
  row: AudienceRow,
  language: Language,
  unsubscribe: string,
  offers: OfferForSend[] | undefined,
): MessageContext {
  const context = messageContext(
    row,
    language,
    unsubscribe,
    preferencesLink(setup.signer, setup.base, row.id),
    campaign.defaultLanguage,
  );
  context.offers = offerContext(offers, language, campaign.defaultLanguage);
  if (campaign.kind === 'event') {
    // the page itself refuses once the event has begun
    context.links.register = eventPageLink(setup.signer, setup.base, campaign.id, row.id);
  }
  return context;
}

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

/** A call task (its title and script) or a letter (printed later from the recipients). */
function directItem(
  channel: 'call' | 'mail',
  row: AudienceRow,
  variant: string,
  template: CompiledTemplate,
  context: MessageContext,
): Prepared {
  const blocked = directBlock(row, channel);
  return {
    variant,
    customerId: row.id,
    ...(blocked ? { blocked } : {}),
    ...(channel === 'call' && !blocked
      ? { task: { title: template.subject(context), script: template.text(context) } }
      : {}),
  };
}

type OutboxCommon = Omit<QueueMessageInput, 'channel' | 'recipient' | 'body'>;

/**
 * The outbox fields an e-mail and an SMS share: the contact rules' block, and the release at
 * the variant's next send slot on the person's clock, then out of his quiet hours.
 */
function outboxCommon(
  setup: RenderSetup,
  campaign: CampaignForSend,
  row: AudienceRow,
  variant: string,
  now: Date,
): { common: OutboxCommon; release: Date | null } {
  const blockedBy = contactBlock(row, setup.rules, true);
  const slot = campaign.variants.find((v) => v.key === variant)!.sendTime;
  const zone = personZone(row.timezone, row.dealer?.timezone, setup.fallbackZone);
  const notBefore = releaseFor(nextSlotTime(slot, now, zone), setup.rules, row, setup.fallbackZone);
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
  return { common, release: blockedBy ? null : notBefore };
}

type Message = { template: CompiledTemplate; context: MessageContext; unsubscribe: string };

/** The SMS text with its links shortened to tracked ones (kept with the message). */
function smsItem(
  setup: RenderSetup,
  campaign: CampaignForSend,
  row: AudienceRow,
  variant: string,
  language: Language,
  common: OutboxCommon,
  { template, context, unsubscribe }: Message,
): Prepared {
  const source = campaign.variants.find((v) => v.key === variant)!.contents[language]!;
  const sms = shortenSmsLinks(template.text(context), {
    source: source.text ?? '',
    base: setup.base,
    unsubscribe,
  });
  return {
    variant,
    customerId: row.id,
    message: { ...common, channel: 'sms', recipient: row.phone, body: sms.text },
    links: sms.links,
  };
}

/** The e-mail with tracked links, the open pixel and the unsubscribe footer and line. */
function emailItem(
  setup: RenderSetup,
  campaign: CampaignForSend,
  row: AudienceRow,
  variant: string,
  common: OutboxCommon,
  { template, context, unsubscribe }: Message,
): Prepared {
  const html = addTracking(
    template.html(context),
    setup.signer,
    setup.base,
    { campaignId: campaign.id, customerId: row.id },
    unsubscribe,
  );
  const text = template.text(context);
  return {
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
  };
}
