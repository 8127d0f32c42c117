import { sql } from 'kysely';
import { customerVisible, systemActor, withActor, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { createTasks, logActivity } from '../activities/index.ts';
import type { MessageOrigin } from '../messaging/index.ts';
import { loadRow } from './campaigns.service.ts';
import { replyAssignee } from './reply-assignee.ts';
import { replyWords } from './reply-texts.ts';
import type { ReplyKind } from './replies.schema.ts';
import { requireMarketing } from './segments.service.ts';
import { unsubscribe } from './tracking.service.ts';

/** An answer to one of our messages, read by the inbound SMTP listener or the SMS hook. */
export type IncomingAnswer = {
  origin: MessageOrigin;
  kind: ReplyKind;
  /** the address or number it came from */
  sender: string;
  subject: string | null;
  excerpt: string;
  receivedAt: Date;
  /** the Message-ID or the gateway's id: a second delivery of the same answer is no new one */
  externalId: string | null;
};

export type RecordedAnswer = { id: string | null; duplicate: boolean; taskId: string | null };

/** when the person may expect an answer: the next day */
const answerWithinMs = 24 * 3_600_000;

/**
 * Records an answer, attributed through the message it answers: the person, the campaign and
 * his variant of it (his recipient row), or the journey. In one transaction:
 * - a person's `reply` stamps the recipient's `replied_at` (the segment leaf `replied`), goes on
 *   his timeline as an inbound activity of the channel, and gives the dealer's consultant (or
 *   CRM manager, reply-assignee.ts) a task to answer it, in the assignee's language;
 * - an `auto_reply` (out of office, a bounce) is kept and counted apart, nothing more;
 * - a `stop` withdraws his SMS marketing consent the way the unsubscribe link does (consent
 *   record `sms_reply`, do-not-contact "unsubscribed", the campaign's `unsubscribed_at`), so
 *   the outbox and every later campaign leave him out.
 */
export async function recordAnswer(db: Db, answer: IncomingAnswer): Promise<RecordedAnswer> {
  const { origin } = answer;
  const campaignId = origin.source?.kind === 'campaign' ? origin.source.id : null;
  const journeyId = origin.source?.kind === 'journey' ? origin.source.id : null;
  const actor: Actor = { ...systemActor('api'), displayName: 'reply' };
  return withActor(db, actor, async (tx) => {
    const campaign = campaignId
      ? await tx
          .selectFrom('marketing_campaigns as m')
          .leftJoin('marketing_campaign_recipients as r', (join) =>
            join.onRef('r.campaign_id', '=', 'm.id').on('r.customer_id', '=', origin.customerId),
          )
          .select(['m.id', 'm.name', 'm.owner_level', 'm.dealer_id', 'r.variant'])
          .where('m.id', '=', campaignId)
          .executeTakeFirst()
      : undefined;
    const inserted = await tx
      .insertInto('marketing_replies')
      .values({
        customer_id: origin.customerId,
        message_id: origin.id,
        channel: origin.channel,
        kind: answer.kind,
        // a message whose recipient row is gone (merged away) is kept without its campaign
        campaign_id: campaign?.variant ? campaign.id : null,
        variant: campaign?.variant ?? null,
        journey_id: journeyId,
        sender: answer.sender.slice(0, 320),
        subject: answer.subject?.slice(0, 300) ?? null,
        excerpt: answer.excerpt,
        received_at: answer.receivedAt,
        external_id: answer.externalId?.slice(0, 500) ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['channel', 'external_id']).where('external_id', 'is not', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { id: null, duplicate: true, taskId: null };

    if (answer.kind === 'stop') {
      await unsubscribe(tx, {
        campaignId: campaign?.variant ? campaign.id : null,
        customerId: origin.customerId,
        channel: 'sms',
        method: 'sms_reply',
      });
      return { id: inserted.id, duplicate: false, taskId: null };
    }
    if (answer.kind !== 'reply') return { id: inserted.id, duplicate: false, taskId: null };

    if (campaign?.variant) {
      await tx
        .updateTable('marketing_campaign_recipients')
        .set({ replied_at: sql<Date>`coalesce(replied_at, ${answer.receivedAt}::timestamptz)` })
        .where('campaign_id', '=', campaign.id)
        .where('customer_id', '=', origin.customerId)
        .execute();
    }
    const dealerId =
      campaign?.owner_level === 'dealer' ? campaign.dealer_id : (origin.dealerId ?? null);
    const assignee = await replyAssignee(tx, origin.customerId, dealerId);
    const words = replyWords[assignee?.locale ?? 'en'];
    const about = campaign?.name ?? answer.subject;
    // the contact history's own service: the 360 view's timeline shows it like any contact
    const activity = await logActivity(
      tx,
      { ...actor, dealerId: assignee?.dealerId ?? dealerId },
      {
        customerId: origin.customerId,
        channel: origin.channel,
        direction: 'inbound',
        occurredAt: answer.receivedAt.toISOString(),
        subject: words.activity(origin.channel, about).slice(0, 300),
        outcome: 'info',
        note: answer.excerpt || words.noText,
      },
    );
    let taskId: string | null = null;
    if (assignee) {
      const written = await createTasks(tx, { ...actor, dealerId: assignee.dealerId }, [
        {
          ref: 'answer',
          customerId: origin.customerId,
          assigneeUserId: assignee.userId,
          title: words.task(about).slice(0, 300),
          description: answer.excerpt || words.noText,
          kind: origin.channel,
          priority: 'normal',
          dueAt: new Date(answer.receivedAt.getTime() + answerWithinMs),
        },
      ]);
      taskId = written.get('answer') ?? null;
    }
    await tx
      .updateTable('marketing_replies')
      .set({ activity_id: activity.id, task_id: taskId })
      .where('id', '=', inserted.id)
      .execute();
    return { id: inserted.id, duplicate: false, taskId };
  });
}

export type VariantReplies = {
  variant: string;
  recipients: number;
  /** people who answered at least once (the recipient's replied_at) */
  replied: number;
  replyRate: number;
  autoReplies: number;
  stops: number;
};

export type ReplyView = {
  id: string;
  customerId: string;
  displayName: string;
  channel: 'email' | 'sms';
  kind: ReplyKind;
  variant: string | null;
  receivedAt: string;
  subject: string | null;
  excerpt: string;
  taskId: string | null;
};

/**
 * A campaign's replies: per variant the people reached, who answered, the reply rate and the
 * machines' answers and STOPs apart (the campaign's figures, as the other result counts are);
 * and the answers themselves, newest first, only of customers in the reader's scope.
 */
export async function campaignReplies(
  db: Db,
  actor: Actor,
  campaignId: string,
  limit = 200,
): Promise<{ variants: VariantReplies[]; items: ReplyView[] }> {
  requireMarketing(actor);
  await loadRow(db, actor, campaignId);
  // the machines' answers and STOPs counted once per variant, not looked up per recipient
  const counts = await sql<{
    variant: string;
    recipients: number;
    replied: number;
    auto_replies: number;
    stops: number;
  }>`
    with answers as (
      select x.variant,
             count(*) filter (where x.kind = 'auto_reply')::int as auto_replies,
             count(*) filter (where x.kind = 'stop')::int as stops
        from marketing_replies x
       where x.campaign_id = ${campaignId}::uuid
       group by x.variant
    )
    select r.variant,
           count(*) filter (where r.status = 'queued')::int as recipients,
           count(r.replied_at)::int as replied,
           coalesce(min(a.auto_replies), 0) as auto_replies,
           coalesce(min(a.stops), 0) as stops
      from marketing_campaign_recipients r
      left join answers a on a.variant = r.variant
     where r.campaign_id = ${campaignId}::uuid
     group by r.variant
     order by r.variant`.execute(db);
  const rows = await db
    .selectFrom('marketing_replies as x')
    .innerJoin('customers as c', 'c.id', 'x.customer_id')
    .select([
      'x.id',
      'x.customer_id',
      'c.display_name',
      'x.channel',
      'x.kind',
      'x.variant',
      'x.received_at',
      'x.subject',
      'x.excerpt',
      'x.task_id',
    ])
    .where('x.campaign_id', '=', campaignId)
    .where(customerVisible(actor, sql.ref('x.customer_id')))
    .orderBy('x.received_at', 'desc')
    .orderBy('x.id')
    .limit(limit)
    .execute();
  return {
    variants: counts.rows.map((row) => ({
      variant: row.variant,
      recipients: row.recipients,
      replied: row.replied,
      replyRate: row.recipients ? row.replied / row.recipients : 0,
      autoReplies: row.auto_replies,
      stops: row.stops,
    })),
    items: rows.map((row) => ({
      id: row.id,
      customerId: row.customer_id,
      displayName: row.display_name,
      channel: row.channel,
      kind: row.kind,
      variant: row.variant,
      receivedAt: row.received_at.toISOString(),
      subject: row.subject,
      excerpt: row.excerpt,
      taskId: row.task_id,
    })),
  };
}
