import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Locale } from '../../auth/index.ts';
import { can, customerVisible, systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError } from '../../lib/errors.ts';
import { createTasks } from '../activities/index.ts';
import {
  addressesJson,
  assertCustomerVisible,
  consentGranted,
  emailsJson,
  latestDealerId,
  phonesJson,
  recordVerificationTx,
} from '../customers/index.ts';
import type { Language } from '../customers/index.ts';
import { queueMessage, wakeOutbox } from '../messaging/index.ts';
import { suppressed } from './contact-rules.service.ts';
import type { DataCheckAnswer } from './data-check.schema.ts';
import type { AddressParts } from './data-check-mask.ts';
import { wrongAnswerAssignee } from './data-check-assignee.ts';
import { dataCheckWords } from './data-check-texts.ts';
import { escapeHtml, pageLanguage } from './public-page.ts';
import { linkSignerFor, publicBaseUrl, type LinkSigner } from './links.ts';

/** How long a "please confirm your data" link answers. */
export const dataCheckDays = 30;

/**
 * How long an unanswered request holds back another letter to the same customer. A later
 * request replaces it: its link then says so and answers nothing (`superseded_by`, 0240).
 */
export const resendAfterHours = 24;

export const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export type DataCheckView = {
  id: string;
  requestedAt: string;
  requestedBy: string | null;
  expiresAt: string;
  answeredAt: string | null;
  answer: DataCheckAnswer | null;
  answerNote: string | null;
  messageId: string | null;
  /** the newer request that replaced this one before it was answered */
  supersededBy: string | null;
};

function letter(language: Language, name: string, link: string) {
  const w = dataCheckWords[language];
  const greeting = w.greeting.replace('{name}', name);
  const validity = w.validity.replace('{days}', String(dataCheckDays));
  const text = `${greeting}\n\n${w.ask}\n\n${w.button}: ${link}\n\n${validity}\n${w.ignore}`;
  const html =
    `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">` +
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(w.ask)}</p>` +
    `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;` +
    `background:#1c7ed6;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(w.button)}</a></p>` +
    `<p style="color:#666;font-size:13px">${escapeHtml(validity)} ${escapeHtml(w.ignore)}</p>` +
    `</body></html>`;
  return { subject: w.subject, text, html };
}

/**
 * "Ask the customer to confirm by e-mail": a request row and its letter in the outbox, in one
 * transaction. The rule of the verification route (`customers:write`, 404 outside the scope).
 * A service letter still needs the person's consent to service e-mails, and a do-not-contact
 * record for e-mail stops it, as event reminders are stopped: 409 naming why, nothing queued.
 */
export async function requestDataCheck(
  db: Db,
  actor: Actor,
  customerId: string,
  options: { signer?: LinkSigner; baseUrl?: string } = {},
): Promise<DataCheckView> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError('You may not change customers');
  await assertCustomerVisible(db, actor, customerId);
  const signer = options.signer ?? (await linkSignerFor(db));
  const base = options.baseUrl ?? publicBaseUrl();
  const view = await withActor(db, actor, async (tx) => {
    const person = await tx
      .selectFrom('customers as c')
      .select((eb) => [
        'c.display_name',
        'c.preferred_language',
        eb
          .selectFrom('customer_emails as e')
          .select('e.address')
          .whereRef('e.customer_id', '=', 'c.id')
          .orderBy('e.is_primary', 'desc')
          .orderBy('e.created_at')
          .limit(1)
          .as('email'),
        consentGranted(eb.ref('c.id'), 'email', 'service').as('consented'),
        suppressed(eb.ref('c.id'), 'email').as('suppressed'),
        // a request of the last day still unanswered (see below)
        eb
          .selectFrom('marketing_data_checks as d')
          .select('d.requested_at')
          .whereRef('d.customer_id', '=', 'c.id')
          .where('d.answered_at', 'is', null)
          .where('d.expires_at', '>', sql<Date>`now()`)
          .where('d.requested_at', '>', sql<Date>`now() - ${`${resendAfterHours} hours`}::interval`)
          .orderBy('d.requested_at', 'desc')
          .limit(1)
          .as('pending_at'),
        // the answer's task and contact go to the requester's dealer, else the customer's last
        sql<string | null>`coalesce(${actor.dealerId}::uuid, ${latestDealerId(eb.ref('c.id'))})`.as(
          'dealer_id',
        ),
      ])
      .where('c.id', '=', customerId)
      .executeTakeFirstOrThrow();
    if (!person.email) {
      throw new ConflictError('The customer has no e-mail address', [
        { path: 'email', message: 'no e-mail address', code: 'no_email' },
      ]).because('no_email');
    }
    if (!person.consented) {
      throw new ConflictError('The customer has not agreed to service e-mails', [
        { path: 'consents', message: 'no consent to service e-mails', code: 'no_consent' },
      ]).because('no_service_email_consent');
    }
    if (person.suppressed) {
      throw new ConflictError('The customer is not to be contacted by e-mail', [
        { path: 'consents', message: 'do not contact by e-mail', code: 'do_not_contact' },
      ]).because('do_not_email');
    }
    // a second letter within a day of one still unanswered is a double click or an impatient
    // colleague, not news to the customer
    if (person.pending_at) {
      const requestedAt = new Date(person.pending_at).toISOString();
      throw new ConflictError('The customer was asked less than a day ago', [
        {
          path: 'customerId',
          message: `asked at ${requestedAt}, no answer yet`,
          code: 'already_asked',
          params: { requestedAt },
        },
      ]).because('asked_recently');
    }
    const id = crypto.randomUUID();
    const expiresAt = new Date(Date.now() + dataCheckDays * 86_400_000);
    const token = signer.sign({
      k: 'datacheck',
      d: id,
      p: customerId,
      e: Math.floor(expiresAt.getTime() / 1000),
    });
    const language = pageLanguage(person.preferred_language);
    const mail = letter(language, person.display_name, `${base}/m/d?t=${token}`);
    const queued = await queueMessage(tx, {
      customerId,
      dealerId: person.dealer_id,
      channel: 'email',
      purpose: 'service',
      recipient: person.email,
      subject: mail.subject,
      body: mail.text,
      html: mail.html,
      source: { kind: 'data_check', id },
      createdBy: actor.userId,
      idempotencyKey: `datacheck:${id}`,
    });
    if (queued.status === 'blocked') {
      // the outbox refused it (an address it cannot send to): the request is void, nothing kept
      throw new ConflictError(`The letter cannot be sent (${queued.reason})`, [
        { path: 'email', message: `cannot be sent: ${queued.reason}`, code: queued.reason },
      ]).because('letter_blocked', { reason: queued.reason });
    }
    const row = await tx
      .insertInto('marketing_data_checks')
      .values({
        id,
        customer_id: customerId,
        requested_by: actor.userId,
        dealer_id: person.dealer_id,
        token_hash: tokenHash(token),
        expires_at: expiresAt,
        message_id: queued.id,
      })
      .returning(['requested_at'])
      .executeTakeFirstOrThrow();
    // one live link per customer: the older open request (asked a day or more ago) is replaced
    await tx
      .updateTable('marketing_data_checks')
      .set({ superseded_by: id })
      .where('customer_id', '=', customerId)
      .where('id', '<>', id)
      .where('answered_at', 'is', null)
      .where('superseded_by', 'is', null)
      .execute();
    return {
      id,
      requestedAt: row.requested_at.toISOString(),
      requestedBy: actor.displayName,
      expiresAt: expiresAt.toISOString(),
      answeredAt: null,
      answer: null,
      answerNote: null,
      messageId: queued.id,
      supersededBy: null,
    };
  });
  // the customer is waiting for the letter the advisor just promised: not the outbox's next tick
  wakeOutbox(db);
  return view;
}

/** The customer's requests, newest first: 404 outside the actor's scope. */
export async function listDataChecks(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<DataCheckView[]> {
  await assertCustomerVisible(db, actor, customerId);
  const rows = await db
    .selectFrom('marketing_data_checks as d')
    .leftJoin('users as u', 'u.id', 'd.requested_by')
    .select([
      'd.id',
      'd.requested_at',
      'u.display_name',
      'd.expires_at',
      'd.answered_at',
      'd.answer',
      'd.answer_note',
      'd.message_id',
      'd.superseded_by',
    ])
    .where('d.customer_id', '=', customerId)
    .where((eb) => customerVisible(actor, eb.ref('d.customer_id')))
    .orderBy('d.requested_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    requestedAt: row.requested_at.toISOString(),
    requestedBy: row.display_name,
    expiresAt: row.expires_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
    answer: row.answer,
    answerNote: row.answer_note,
    messageId: row.message_id,
    supersededBy: row.superseded_by,
  }));
}

export type ContactData = {
  name: string;
  phones: string[];
  emails: string[];
  addresses: AddressParts[];
};

/** What the public page may do with a token: its state, the person's language and id. */
export type DataCheckState =
  | { state: 'invalid' }
  | {
      state: 'expired' | 'answered' | 'replaced';
      language: Language;
      answer: DataCheckAnswer | null;
    }
  | {
      state: 'open';
      language: Language;
      requestId: string;
      customerId: string;
      /** who asked and for which dealer: the answer's actor and task */
      requester: { userId: string | null; dealerId: string | null; locale: Locale | null };
    };

/**
 * The request behind a token. The stored hash proves the token was ours even when the signer
 * no longer accepts it (expired), so an old link gets "expired" rather than "not valid".
 */
export async function dataCheckState(db: Db, token: string): Promise<DataCheckState> {
  if (!token) return { state: 'invalid' };
  const signer = await linkSignerFor(db);
  const payload = signer.verify(token);
  const row = await db
    .selectFrom('marketing_data_checks as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .leftJoin('users as u', 'u.id', 'd.requested_by')
    .select([
      'd.id',
      'd.customer_id',
      'd.expires_at',
      'd.answer',
      'c.preferred_language',
      'd.requested_by',
      'd.dealer_id',
      'd.superseded_by',
      'u.locale',
    ])
    .where('d.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row) return { state: 'invalid' };
  const language = pageLanguage(row.preferred_language);
  if (row.answer) return { state: 'answered', language, answer: row.answer };
  if (row.superseded_by) return { state: 'replaced', language, answer: null };
  if (payload?.k !== 'datacheck' || payload.d !== row.id || row.expires_at <= new Date()) {
    return { state: 'expired', language, answer: null };
  }
  return {
    state: 'open',
    language,
    requestId: row.id,
    customerId: row.customer_id,
    requester: { userId: row.requested_by, dealerId: row.dealer_id, locale: row.locale },
  };
}

/**
 * The person's own contact data for his page (masked by the page), read by key in one query
 * from the customers module's sections (primary first, then oldest).
 */
export async function contactDataOf(db: Db, customerId: string): Promise<ContactData> {
  const row = await db
    .selectFrom('customers as c')
    .select((eb) => [
      'c.display_name',
      phonesJson(eb.ref('c.id')).as('phones'),
      emailsJson(eb.ref('c.id')).as('emails'),
      addressesJson(eb.ref('c.id')).as('addresses'),
    ])
    .where('c.id', '=', customerId)
    .executeTakeFirstOrThrow();
  return {
    name: row.display_name,
    phones: (row.phones as { e164: string }[]).map((p) => p.e164),
    emails: (row.emails as { address: string }[]).map((e) => e.address),
    addresses: row.addresses as AddressParts[],
  };
}

/**
 * The person's answer, once: the request is closed by one conditional update (a second click,
 * a second tab or an expired link changes nothing). "correct" verifies him by `email_link` at
 * the answer's time (an older verification never replaces a newer one: recordVerificationTx);
 * "wrong" verifies nothing and gives a task with his text to the requester, or when he is no
 * longer active to the customer's dealer's CRM manager (data-check-assignee.ts). The actor is
 * the system on the person's behalf (no user confirmed it), with the request's dealer for the
 * contact logged and the requester's language for the stored texts.
 */
export async function answerDataCheck(
  db: Db,
  token: string,
  answer: DataCheckAnswer,
  note: string | null,
): Promise<{ found: DataCheckState; recorded: boolean }> {
  const found = await dataCheckState(db, token);
  if (found.state !== 'open') return { found, recorded: false };
  const request = found.requester;
  const actor: Actor = {
    ...systemActor('api'),
    displayName: 'e-mail link',
    dealerId: request.dealerId,
    locale: request.locale ?? 'en',
  };
  const closed = await withActor(db, actor, async (tx) => {
    const updated = await tx
      .updateTable('marketing_data_checks')
      .set({ answered_at: sql<Date>`now()`, answer, answer_note: note })
      .where('id', '=', found.requestId)
      .where('answered_at', 'is', null)
      .where('superseded_by', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['customer_id', 'answered_at'])
      .executeTakeFirst();
    if (!updated?.answered_at) return false;
    if (answer === 'correct') {
      await recordVerificationTx(tx, actor, {
        customerId: updated.customer_id,
        method: 'email_link',
        verifiedAt: updated.answered_at,
        note: null,
      });
      return true;
    }
    const assignee = await wrongAnswerAssignee(tx, updated.customer_id, request);
    // nobody active to give it to: the person's text stays on the request, which the card shows
    if (!assignee) return true;
    const words = dataCheckWords[assignee.locale];
    const tasks = await createTasks(tx, actor, [
      {
        ref: 'task',
        customerId: updated.customer_id,
        assigneeUserId: assignee.userId,
        title: words.taskTitle,
        description: note ?? words.taskEmpty,
        kind: 'call',
        priority: 'normal',
        dueAt: new Date(Date.now() + 86_400_000),
      },
    ]);
    const taskId = tasks.get('task');
    if (taskId) {
      await tx
        .updateTable('marketing_data_checks')
        .set({ task_id: taskId })
        .where('id', '=', found.requestId)
        .execute();
    }
    return true;
  });
  if (!closed) return { found: await dataCheckState(db, token), recorded: false };
  return { found: { state: 'answered', language: found.language, answer }, recorded: true };
}
