import Handlebars from 'handlebars';
import type { Tx } from '../../auth/index.ts';
import type { Language } from '../customers/index.ts';
import {
  addTracking,
  compileTemplate,
  contactBlock,
  contactRules,
  linkSignerFor,
  matchOffers,
  messageContext,
  offerContext,
  offersFor,
  publicBaseUrl,
  releaseFor,
  saveSmsLinks,
  selectRecipientData,
  shortenSmsLinks,
  suppressed,
  templatesUseOffers,
  textWithUnsubscribe,
  unsubscribeLink,
  preferencesLink,
  type CompiledTemplate,
  type OfferForSend,
  type RecipientRow,
  type SmsLink,
  type TemplateContent,
} from '../marketing/index.ts';
import { queueMessages, recentMessageCount, type QueueMessageInput } from '../messaging/index.ts';
import { groupDefaultZone } from '../org/index.ts';
import type { Journey } from './journey-row.ts';
import type { Step } from './journey.schemas.ts';

/**
 * A journey's message goes the way a campaign's goes (issue 5, contact rules): rendered in the
 * person's language, written to the outbox — which reads consent for the channel and purpose,
 * and reads it again before sending — blocked by a do-not-contact record or a full frequency
 * cap, held back during quiet hours in the person's zone, with an unsubscribe link. The outbox
 * key (run, step) makes a repeated step write nothing twice.
 */
export type SendStep = Extract<Step, { type: 'send' }>;
/** The car that arrived (a model_arrived run): templates write {{arrival.model}}. */
export type ArrivalContext = { make: string; model: string; trim: string | null };
export type SendTarget = {
  enrollmentId: string;
  customerId: string;
  dealerId: string | null;
  arrival?: ArrivalContext | null;
};
export type SendOutcome = {
  messageId: string;
  status: 'queued' | 'blocked';
  reason: string | null;
};

const handlebars = Handlebars.create();
type SmsTemplate = HandlebarsTemplateDelegate<ReturnType<typeof messageContext>>;

/**
 * Compiled templates of one pass, per journey, step and language (MJML is the slow part), and
 * the offers each journey may recommend (valid today: read once per pass, not per batch).
 */
export class TemplateCache {
  private email = new Map<string, Promise<CompiledTemplate>>();
  private sms = new Map<string, SmsTemplate>();
  private offers = new Map<string, Promise<OfferForSend[]>>();

  journeyOffers(tx: Tx, journey: Journey): Promise<OfferForSend[]> {
    let offers = this.offers.get(journey.id);
    if (!offers) {
      offers = offersFor(tx, journey);
      this.offers.set(journey.id, offers);
    }
    return offers;
  }

  emailTemplate(journey: Journey, step: SendStep, language: Language) {
    const key = `${journey.id}:${step.id}:${language}`;
    let compiled = this.email.get(key);
    if (!compiled) {
      const content = (step.content as Partial<Record<Language, TemplateContent>>)[language]!;
      compiled = compileTemplate(content, `steps.${step.id}.content.${language}`);
      this.email.set(key, compiled);
    }
    return compiled;
  }

  smsTemplate(journey: Journey, step: SendStep, language: Language): SmsTemplate {
    const key = `${journey.id}:${step.id}:${language}`;
    let compiled = this.sms.get(key);
    if (!compiled) {
      const content = (step.content as Partial<Record<Language, { text: string }>>)[language]!;
      compiled = handlebars.compile(content.text, { noEscape: true, strict: false });
      this.sms.set(key, compiled);
    }
    return compiled;
  }
}

/** The language a person reads: his own when the step has it, else the journey's, else any. */
export function pickLanguage(
  available: readonly string[],
  wanted: Language | null,
  fallback: Language,
): Language {
  if (wanted && available.includes(wanted)) return wanted;
  if (available.includes(fallback)) return fallback;
  return available[0] as Language;
}

type Row = RecipientRow & { suppressed: boolean; recent: number };

export async function sendStep(
  tx: Tx,
  journey: Journey,
  step: SendStep,
  targets: SendTarget[],
  now: Date,
  templates: TemplateCache,
): Promise<Map<string, SendOutcome>> {
  const channel = step.channel;
  const rule = (await contactRules(tx))[channel];
  const fallbackZone = await groupDefaultZone(tx);
  const signer = await linkSignerFor(tx);
  const base = publicBaseUrl();
  const rows = (await selectRecipientData(tx.selectFrom('customers as c'), journey.dealerId)
    .select((eb) => [
      suppressed(eb.ref('c.id'), channel).as('suppressed'),
      recentMessageCount(eb.ref('c.id'), channel, rule.periodDays).as('recent'),
    ])
    .where(
      'c.id',
      'in',
      targets.map((target) => target.customerId),
    )
    .execute()) as Row[];
  const byCustomer = new Map(rows.map((row) => [row.id, row]));
  // recommended offers as a campaign's: one query per offer for the whole batch
  const offers = templatesUseOffers(step.content) ? await templates.journeyOffers(tx, journey) : [];
  const offered = await matchOffers(
    tx,
    offers,
    rows.map((row) => row.id),
  );
  const available = Object.keys(step.content);
  const messages: QueueMessageInput[] = [];
  const sent: SendTarget[] = [];
  /** per message: an SMS's short tracked links */
  const links: SmsLink[][] = [];
  for (const target of targets) {
    const row = byCustomer.get(target.customerId);
    if (!row) continue;
    const language = pickLanguage(available, row.preferred_language, journey.defaultLanguage);
    const unsubscribe = unsubscribeLink(signer, base, { customerId: row.id, channel });
    const context = Object.assign(
      messageContext(row, language, unsubscribe, preferencesLink(signer, base, row.id)),
      { offers: offerContext(offered.get(row.id), language, journey.defaultLanguage) },
      target.arrival ? { arrival: target.arrival } : {},
    );
    const common = {
      customerId: row.id,
      dealerId: target.dealerId ?? journey.dealerId,
      channel,
      purpose: step.purpose,
      source: { kind: 'journey', id: journey.id },
      createdBy: journey.createdBy,
      idempotencyKey: `journey:${target.enrollmentId}:${step.id}`,
      notBefore: releaseFor(now, rule, row, fallbackZone),
      blockedBy: contactBlock(row, rule, step.purpose === 'marketing'),
    } satisfies Partial<QueueMessageInput>;
    if (channel === 'email') {
      const template = await templates.emailTemplate(journey, step, language);
      const text = template.text(context);
      messages.push({
        ...common,
        recipient: row.email,
        subject: template.subject(context),
        // opens and clicks count on the run's step; the unsubscribe link stays untracked and
        // is added when the template has none
        html: addTracking(
          template.html(context),
          signer,
          base,
          { journeyRunId: target.enrollmentId, stepId: step.id, customerId: row.id },
          unsubscribe,
        ),
        body: textWithUnsubscribe(text, unsubscribe),
      });
      links.push([]);
    } else {
      // clicks count on the run's step, as the e-mail's do (marketing's short links)
      const content = (step.content as Partial<Record<Language, { text: string }>>)[language]!;
      const sms = shortenSmsLinks(templates.smsTemplate(journey, step, language)(context).trim(), {
        source: content.text,
        base,
        unsubscribe,
      });
      messages.push({ ...common, recipient: row.phone, body: sms.text });
      links.push(sms.links);
    }
    sent.push(target);
  }
  const results = await queueMessages(tx, messages);
  // a repeated step's message keeps the links it went out with
  await saveSmsLinks(
    tx,
    results.flatMap((result, index) =>
      result.duplicate || links[index]!.length === 0
        ? []
        : [
            {
              owner: {
                journeyRunId: sent[index]!.enrollmentId,
                stepId: step.id,
                customerId: sent[index]!.customerId,
                messageId: result.id,
              },
              links: links[index]!,
            },
          ],
    ),
  );
  const outcomes = new Map<string, SendOutcome>();
  results.forEach((result, index) => {
    outcomes.set(sent[index]!.enrollmentId, {
      messageId: result.id,
      status: result.status,
      reason: result.status === 'blocked' ? result.reason : null,
    });
  });
  return outcomes;
}
