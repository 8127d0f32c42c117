import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import type { ConsentPurpose, Language } from '../customers/index.ts';
import { queueMessage, recentMessageCount, type QueuedMessage } from '../messaging/index.ts';
import { groupDefaultZone, personZone } from '../org/index.ts';
import { withUnsubscribeFooter } from './campaign-send.ts';
import { contactRules, quietHoursRelease, suppressed } from './contact-rules.service.ts';
import { linkSignerFor, expiresIn, publicBaseUrl, unsubscribeDays } from './links.ts';
import { loadRecipient, messageContext } from './recipient-data.ts';
import {
  compileFor,
  type CompiledTemplate,
  type MessageContext,
  type TemplateContent,
} from './templates.ts';

/**
 * Compiled templates by content: an event's reminder pass or a journey step sends the same
 * template to many people one by one, and MJML (milliseconds) must not run per person. A small
 * cache, emptied when full, as the contents in use at once are few.
 */
const compiledCache = new Map<string, Promise<CompiledTemplate>>();
function compiled(
  channel: 'email' | 'sms',
  content: TemplateContent,
  language: Language,
): Promise<CompiledTemplate> {
  const key = JSON.stringify([channel, language, content]);
  let template = compiledCache.get(key);
  if (!template) {
    if (compiledCache.size >= 200) compiledCache.clear();
    template = compileFor(channel, content, `contents.${language}`);
    compiledCache.set(key, template);
  }
  return template;
}

/**
 * One templated marketing message to one person on one channel, through the outbox, with
 * every contact rule of a campaign send: consent (the outbox), do-not-contact, the channel's
 * frequency cap and quiet hours in the person's zone. For callers outside campaigns, such as a
 * journey step; `idempotencyKey` makes a repeated step a no-op. The content is chosen by the
 * person's language, else `defaultLanguage`.
 */
export async function sendTemplatedMessage(
  tx: Tx,
  input: {
    customerId: string;
    channel: 'email' | 'sms';
    contents: Partial<Record<Language, TemplateContent>>;
    defaultLanguage: Language;
    dealerId?: string | null;
    idempotencyKey: string;
    source?: { kind: string; id: string };
    /** the consent the message needs (default marketing; a feedback request: surveys) */
    purpose?: ConsentPurpose;
    /** more of the person's data for the template, in his language (an event's time, links) */
    decorate?: (context: MessageContext, language: Language) => MessageContext;
    /** a message that quiet hours would hold past this time is pointless: kept as blocked */
    notAfter?: Date;
  },
): Promise<QueuedMessage> {
  const row = await loadRecipient(tx, input.customerId, input.dealerId ?? null);
  if (!row) throw new Error(`sendTemplatedMessage: no customer ${input.customerId}`);
  const language =
    row.preferred_language && input.contents[row.preferred_language]
      ? row.preferred_language
      : input.defaultLanguage;
  const template = await compiled(input.channel, input.contents[language]!, language);
  const rule = (await contactRules(tx))[input.channel];
  const state = await tx
    .selectNoFrom(() => [
      suppressed(sql.val(input.customerId), input.channel).as('suppressed'),
      recentMessageCount(sql.val(input.customerId), input.channel, rule.periodDays).as('recent'),
    ])
    .executeTakeFirstOrThrow();
  const fallbackZone = await groupDefaultZone(tx);
  const signer = await linkSignerFor(tx);
  const base = publicBaseUrl();
  const unsubscribe = `${base}/m/u?t=${signer.sign({
    k: 'unsubscribe',
    c: null,
    p: row.id,
    ch: input.channel,
    e: expiresIn(unsubscribeDays),
  })}`;
  const plain = messageContext(row, language, unsubscribe);
  const context = input.decorate ? input.decorate(plain, language) : plain;
  const text = template.text(context);
  const email = input.channel === 'email';
  const notBefore = quietHoursRelease(
    new Date(),
    rule,
    personZone(row.timezone, row.dealer?.timezone, fallbackZone),
    fallbackZone,
  );
  return queueMessage(tx, {
    customerId: row.id,
    dealerId: input.dealerId ?? null,
    channel: input.channel,
    purpose: input.purpose ?? 'marketing',
    recipient: email ? row.email : row.phone,
    subject: email ? template.subject(context) : null,
    body: email && !text.includes(unsubscribe) ? `${text}\n\nUnsubscribe: ${unsubscribe}` : text,
    // no open or click tracking: those are attributed to a campaign, and this is none
    html: email ? withUnsubscribeFooter(template.html(context), unsubscribe) : null,
    idempotencyKey: input.idempotencyKey,
    ...(input.source ? { source: input.source } : {}),
    notBefore,
    blockedBy: state.suppressed
      ? 'do_not_contact'
      : // the cap counts marketing messages and limits them; a survey is not one of them
        (input.purpose ?? 'marketing') === 'marketing' && Number(state.recent) >= rule.maxMessages
        ? 'frequency_cap'
        : input.notAfter && notBefore >= input.notAfter
          ? 'too_late'
          : null,
  });
}
