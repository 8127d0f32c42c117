import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { languages, type Language } from '../customers/index.ts';
import { assertMayRun, loadRow, mayChange } from './campaigns.service.ts';
import { careChannelOf, careContents, missingParts } from './event-care-texts.ts';
import type { EventTextInput } from './event-texts.schemas.ts';
import { eventMessageKinds, type EventMessageKind } from './schema.ts';
import { requireMarketing } from './segments.service.ts';
import { compileFor, type TemplateContent } from './templates.ts';

export type OwnTexts = Partial<
  Record<EventMessageKind, Partial<Record<Language, TemplateContent>>>
>;

/**
 * An event's own reminder and feedback texts written for its care channel. Texts written for
 * another channel (the campaign moved from e-mail to SMS while a draft) are left out, so the
 * built-in ones are used instead of a text missing its parts.
 */
export async function ownCareTexts(
  db: Db,
  campaignId: string,
  channel: 'email' | 'sms',
): Promise<OwnTexts> {
  const rows = await db
    .selectFrom('marketing_event_texts')
    .select(['kind', 'language', 'subject', 'mjml', 'text'])
    .where('campaign_id', '=', campaignId)
    .where('channel', '=', channel)
    .execute();
  const own: OwnTexts = {};
  for (const row of rows) {
    own[row.kind] = {
      ...own[row.kind],
      [row.language]: {
        subject: row.subject,
        mjml: row.mjml,
        ...(row.text === null ? {} : { text: row.text }),
      },
    };
  }
  return own;
}

async function eventRow(db: Db, actor: Actor, campaignId: string) {
  const row = await loadRow(db, actor, campaignId);
  if (row.kind !== 'event') throw new NotFoundError('Event');
  return row;
}

/** Every kind and language: the built-in text and the campaign's own, if it has one. */
export async function eventTexts(db: Db, actor: Actor, campaignId: string) {
  requireMarketing(actor);
  const row = await eventRow(db, actor, campaignId);
  const channel = careChannelOf(row.channel);
  const own = await ownCareTexts(db, campaignId, channel);
  return {
    channel,
    // the campaign page's rule, so the card never offers what the PUT refuses
    mayEdit: mayChange(actor, row),
    texts: eventMessageKinds.flatMap((kind) => {
      const builtIn = careContents(kind, channel);
      return languages.map((language) => ({
        kind,
        language,
        builtIn: builtIn[language],
        own: own[kind]?.[language] ?? null,
      }));
    }),
  };
}

export type EventTextsView = Awaited<ReturnType<typeof eventTexts>>;

/** What is wrong with a set before compiling: a kind and language twice, missing parts. */
function checkSet(channel: 'email' | 'sms', texts: EventTextInput[]): void {
  const problems: { path: string; message: string; code: string }[] = [];
  const seen = new Set<string>();
  texts.forEach((text, index) => {
    const key = `${text.kind}:${text.language}`;
    if (seen.has(key)) {
      problems.push({ path: `texts.${index}.language`, message: 'given twice', code: 'duplicate' });
    }
    seen.add(key);
    for (const part of missingParts(channel, text)) {
      problems.push({
        path: `texts.${index}.${part}`,
        message: `required for ${channel === 'sms' ? 'an SMS' : 'an e-mail'}`,
        code: 'required',
      });
    }
  });
  if (problems.length > 0) throw new ValidationError(problems);
}

/**
 * Replaces the event's own texts with the given set (none: all built-in again). Each must
 * compile as a template of the care channel now, not fail when the reminder is due. Allowed to
 * whoever may run the campaign, also after the invitations went: only what is not yet due
 * changes.
 */
export async function saveEventTexts(
  db: Db,
  actor: Actor,
  campaignId: string,
  texts: EventTextInput[],
) {
  requireMarketing(actor, true);
  const row = await eventRow(db, actor, campaignId);
  assertMayRun(actor, row);
  const channel = careChannelOf(row.channel);
  checkSet(channel, texts);
  for (const [index, text] of texts.entries()) {
    await compileFor(channel, text, `texts.${index}`);
  }
  await withActor(db, actor, async (tx) => {
    await tx.deleteFrom('marketing_event_texts').where('campaign_id', '=', campaignId).execute();
    if (texts.length === 0) return;
    await tx
      .insertInto('marketing_event_texts')
      .values(
        texts.map((text) => ({
          campaign_id: campaignId,
          kind: text.kind,
          language: text.language,
          channel,
          // only the parts the channel uses are kept
          subject: channel === 'email' ? text.subject : '',
          mjml: channel === 'email' ? text.mjml : '',
          text: channel === 'sms' ? (text.text ?? '') : null,
          updated_by: actor.userId,
        })),
      )
      .execute();
  });
  return eventTexts(db, actor, campaignId);
}
