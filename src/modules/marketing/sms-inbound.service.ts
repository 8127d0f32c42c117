import { systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { normalizePhone } from '../../lib/phone.ts';
import { ValidationError } from '../../lib/errors.ts';
import { lastSmsTo } from '../messaging/index.ts';
import { recordAnswer } from './replies.service.ts';
import type { ReplyKind } from './replies.schema.ts';
import { isStopText, replyExcerpt } from './reply-text.ts';
import { unsubscribe } from './tracking.service.ts';

/** an SMS answer belongs to the last SMS sent to the number within this many days */
export const smsReplyDays = 30;

export type InboundSms = {
  from: string;
  text: string;
  receivedAt?: string;
  /** the gateway's id of the message: a second delivery of it is recorded once */
  id?: string;
};

export type InboundSmsResult = {
  matched: boolean;
  kind: ReplyKind;
  replyId: string | null;
  duplicate: boolean;
  /** people whose SMS consent a STOP withdrew without a message to match (their number's) */
  withdrawn: number;
};

/**
 * An SMS from a customer, as the gateway's inbound hook hands it over. Its number (read into
 * E.164 with the group's default country) is matched to the last SMS sent to it within 30
 * days, and the answer is recorded against that message's person, campaign and variant. A STOP
 * (reply-text.ts) withdraws his SMS marketing consent; one from a number no recent SMS went to
 * still withdraws it for every person with that number, since a withdrawal must never be lost.
 * Any other text without a message to match is not kept (nothing says whose answer it is).
 */
export async function receiveSms(
  db: Db,
  input: InboundSms,
  defaultCountry: string,
): Promise<InboundSmsResult> {
  const phone = normalizePhone(input.from, defaultCountry);
  const problems = [];
  if (!phone) {
    problems.push({
      path: 'from',
      message: `"${input.from}" is not a valid phone number`,
      code: 'invalid_phone',
      params: { value: input.from },
    });
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
  if (receivedAt.getTime() > Date.now() + 5 * 60_000) {
    problems.push({ path: 'receivedAt', message: 'lies in the future', code: 'in_future' });
  }
  if (!phone || problems.length) throw new ValidationError(problems);
  const kind: ReplyKind = isStopText(input.text) ? 'stop' : 'reply';
  const origin = await lastSmsTo(db, phone.e164, smsReplyDays, receivedAt);
  if (!origin) {
    const withdrawn = kind === 'stop' ? await stopByNumber(db, phone.e164) : 0;
    return { matched: false, kind, replyId: null, duplicate: false, withdrawn };
  }
  const recorded = await recordAnswer(db, {
    origin,
    kind,
    sender: phone.e164,
    subject: null,
    excerpt: replyExcerpt(input.text),
    receivedAt,
    externalId: input.id ?? null,
  });
  return {
    matched: true,
    kind,
    replyId: recorded.id,
    duplicate: recorded.duplicate,
    withdrawn: 0,
  };
}

/** Every person with the number, in one transaction: the withdrawal stands for all or none. */
async function stopByNumber(db: Db, e164: string): Promise<number> {
  return withActor(db, systemActor('api'), async (tx) => {
    const people = await tx
      .selectFrom('customer_phones')
      .select('customer_id')
      .distinct()
      .where('e164', '=', e164)
      .execute();
    for (const person of people) {
      await unsubscribe(tx, {
        campaignId: null,
        customerId: person.customer_id,
        channel: 'sms',
        method: 'sms_reply',
      });
    }
    return people.length;
  });
}
