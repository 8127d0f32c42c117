import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { csvField } from '../../lib/csv.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { Language } from '../customers/index.ts';
import { letterResponseCode } from './ab-test.ts';
import { templateCache } from './send-templates.ts';
import { forSend, loadRow } from './campaigns.service.ts';
import { suppressed } from './contact-rules.service.ts';
import { messageContext, selectRecipientData, type RecipientRow } from './recipient-data.ts';
import { requireMarketing } from './segments.service.ts';

/**
 * Direct mail: a sent mail campaign is a print run — the people recorded as its recipients
 * (postal consent and an address when it was sent). The export reads them again page by page
 * (keyset on the customer id, memory flat), drops anyone whose postal consent was withdrawn
 * or who was marked do-not-contact since, and anyone outside the exporting user's scope.
 */
type MailRow = RecipientRow & { variant: string; phase: string };

/**
 * Which letters to export: an A/B test's (`test`, printed while the test runs), the winner's
 * for everyone else (`rest`), or all of them (undefined).
 */
export type MailPhase = 'test' | 'rest' | undefined;

const pageSize = 500;

async function* mailPages(db: Db, actor: Actor, campaignId: string, phase: MailPhase) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    let query = selectRecipientData(db.selectFrom('customers as c'), null, campaignId)
      .innerJoin('marketing_campaign_recipients as r', 'r.customer_id', 'c.id')
      .select(['r.variant', 'r.phase'])
      .where('r.campaign_id', '=', campaignId);
    if (phase) query = query.where('r.phase', '=', phase);
    const page = (await query
      .where('r.status', '=', 'queued')
      .where('c.id', '>', after)
      .where((eb) => customerVisible(actor, eb.ref('c.id')))
      .where(
        sql<boolean>`c.id in (select k.customer_id from marketing_consent_state k
          where k.channel = 'post' and k.purpose = 'marketing' and k.granted)`,
      )
      .where((eb) => eb.not(suppressed(eb.ref('c.id'), 'post')))
      .orderBy('c.id')
      .limit(pageSize)
      .execute()) as MailRow[];
    if (page.length === 0) return;
    after = page[page.length - 1]!.id;
    yield page.filter((row) => row.address);
  }
}

async function mailCampaign(db: Db, actor: Actor, id: string) {
  requireMarketing(actor);
  const row = await loadRow(db, actor, id);
  if (row.channel !== 'mail')
    throw new ConflictError('This is not a direct-mail campaign').because('not_direct_mail');
  // an A/B test's letters are printed while it runs: its response codes are its measure
  if (row.status !== 'sent' && row.status !== 'testing' && row.status !== 'sending')
    throw new ConflictError('Send the campaign first: that fixes the print run').because(
      'campaign_not_sent',
    );
  return row;
}

const csvHeader = [
  'customer_id',
  'name',
  'street',
  'building',
  'apartment',
  'postcode',
  'city',
  'region',
  'country',
  'language',
  'variant',
  'response_code',
  'phase',
];

/** The addresses of the print run as CSV lines (header first). */
export async function* directMailCsv(
  db: Db,
  actor: Actor,
  id: string,
  phase?: MailPhase,
): AsyncGenerator<string> {
  const row = await mailCampaign(db, actor, id);
  const { variants } = await forSend(db, row);
  // the print house prints each letter's code (an A/B test's: its variant's own)
  const codeOf = (variant: string) =>
    letterResponseCode(row.response_code, variant, variants.length);
  yield `${csvHeader.join(',')}\r\n`;
  for await (const page of mailPages(db, actor, id, phase)) {
    yield page
      .map((person) => {
        const a = person.address!;
        return `${[
          person.id,
          person.display_name,
          a.street,
          a.building,
          a.apartment,
          a.postcode,
          a.city,
          a.region,
          a.country,
          person.preferred_language,
          person.variant,
          codeOf(person.variant),
          person.phase,
        ]
          .map(csvField)
          .join(',')}\r\n`;
      })
      .join('');
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * One personalised letter per person as one HTML document for the printer: an address block
 * for a window envelope, then the campaign's letter (its MJML rendered for the person's
 * language), each letter on its own A4 page.
 */
export async function* directMailLetters(
  db: Db,
  actor: Actor,
  id: string,
  phase?: MailPhase,
): AsyncGenerator<string> {
  const row = await mailCampaign(db, actor, id);
  const campaign = await forSend(db, row);
  const templates = templateCache(campaign);
  yield `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(row.name)}</title>
<style>
@page { size: A4; margin: 0; }
body { margin: 0; }
.letter { width: 210mm; min-height: 297mm; box-sizing: border-box; padding: 20mm; page-break-after: always; break-after: page; }
.letter:last-child { page-break-after: auto; break-after: auto; }
.address { margin: 25mm 0 15mm 90mm; font: 11pt/1.4 sans-serif; white-space: pre-line; }
</style></head><body>`;
  for await (const page of mailPages(db, actor, id, phase)) {
    const parts: string[] = [];
    for (const person of page) {
      const { language, template } = await templates(
        person.variant,
        (person.preferred_language ?? row.default_language) as Language,
      );
      const context = {
        ...messageContext(person, language, '', undefined, row.default_language),
        responseCode: letterResponseCode(
          row.response_code,
          person.variant,
          campaign.variants.length,
        ),
      };
      const a = person.address!;
      const lines = [
        person.display_name,
        [a.street, a.building, a.apartment].filter(Boolean).join(', '),
        [a.postcode, a.city].filter(Boolean).join(' '),
        [a.region, a.country].filter(Boolean).join(', '),
      ].filter((line) => line.trim() !== '');
      const body = template.html(context);
      // the letter's own <body> content only: one document holds all of them
      const inner = /<body[^>]*>([\s\S]*)<\/body>/i.exec(body)?.[1] ?? body;
      parts.push(
        `<section class="letter" data-customer="${person.id}"><div class="address">${lines
          .map(escapeHtml)
          .join('\n')}</div>${inner}</section>`,
      );
    }
    yield parts.join('\n');
  }
  yield '</body></html>';
}
