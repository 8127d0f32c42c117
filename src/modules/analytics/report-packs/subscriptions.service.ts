import { sql } from 'kysely';
import { can, dealerInScope, withActor, type Actor } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import type { ReportMailStatus } from '../schema.ts';
import { packRecipients, type PackRecipient } from './pack-recipients.ts';
import { dueWeek } from './pack-week.ts';

export type MailSummary = {
  weekStart: string;
  status: ReportMailStatus;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
};

export type MySubscription = {
  enabled: boolean;
  byDefault: boolean;
  scope: PackRecipient['scope'];
  timeZone: string;
  /** the week whose pack is due now (or went out already) */
  dueWeek: string;
  recent: MailSummary[];
};

async function recentMail(db: Db, userIds: string[], perUser: number) {
  if (!userIds.length) return new Map<string, MailSummary[]>();
  const rows = await db
    .selectFrom('report_mail')
    .select([
      'user_id',
      sql<string>`week_start::text`.as('week_start'),
      'status',
      'attempts',
      'sent_at',
      'last_error',
    ])
    .where('user_id', 'in', userIds)
    .orderBy('week_start', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  const byUser = new Map<string, MailSummary[]>();
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    if (list.length < perUser) {
      list.push({
        weekStart: row.week_start,
        status: row.status,
        attempts: row.attempts,
        sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
        lastError: row.last_error,
      });
    }
    byUser.set(row.user_id, list);
  }
  return byUser;
}

async function recipientOf(db: Db, actor: Actor): Promise<PackRecipient> {
  const [recipient] = actor.userId ? await packRecipients(db, { userId: actor.userId }) : [];
  // only signed-in users with analytics:read have a pack; routes check the permission first
  if (!recipient) throw new NotFoundError('Weekly pack of this user');
  return recipient;
}

export async function mySubscription(db: Db, actor: Actor): Promise<MySubscription> {
  const recipient = await recipientOf(db, actor);
  const recent = await recentMail(db, [recipient.userId], 5);
  return {
    enabled: recipient.enabled,
    byDefault: recipient.byDefault,
    scope: recipient.scope,
    timeZone: recipient.timeZone,
    dueWeek: dueWeek(new Date(), recipient.timeZone),
    recent: recent.get(recipient.userId) ?? [],
  };
}

/** A user switches his own pack on or off (an audited row; no row means the role's default). */
export async function setMySubscription(
  db: Db,
  actor: Actor,
  enabled: boolean,
): Promise<MySubscription> {
  const recipient = await recipientOf(db, actor);
  await withActor(db, actor, (tx) =>
    tx
      .insertInto('report_subscriptions')
      .values({ user_id: recipient.userId, enabled })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({ enabled, updated_at: sql<Date>`now()` }),
      )
      .execute(),
  );
  return mySubscription(db, actor);
}

export type DealerRecipient = {
  userId: string;
  displayName: string;
  email: string;
  role: PackRecipient['role'];
  enabled: boolean;
  byDefault: boolean;
  last: MailSummary | null;
};

/**
 * Who receives a dealer's pack, with the last mail of each: for those who manage the dealer's
 * users (group admin, the dealer's manager). A dealer manager sees his own dealer only.
 */
export async function dealerRecipients(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
): Promise<{ dealerCode: string; recipients: DealerRecipient[] }> {
  if (!can(actor, 'users:manage')) {
    throw new ForbiddenError(`Your role (${actor.role}) may not see who receives a dealer's pack`);
  }
  const code = dealerCode ?? null;
  const dealer = code
    ? await db
        .selectFrom('dealers')
        .select(['id', 'code'])
        .where('code', '=', code)
        .executeTakeFirst()
    : actor.dealerId
      ? await db
          .selectFrom('dealers')
          .select(['id', 'code'])
          .where('id', '=', actor.dealerId)
          .executeTakeFirst()
      : undefined;
  if (!dealer) {
    throw new ValidationError([
      {
        path: 'dealerCode',
        message: code ? 'no dealer with this code' : 'name the dealer (dealerCode)',
      },
    ]);
  }
  if (!dealerInScope(actor, dealer.id))
    throw new ForbiddenError('This dealer is not in your scope').because('dealer_not_yours');
  const recipients = await packRecipients(db, { dealerId: dealer.id });
  const recent = await recentMail(
    db,
    recipients.map((recipient) => recipient.userId),
    1,
  );
  return {
    dealerCode: dealer.code,
    recipients: recipients.map((recipient) => ({
      userId: recipient.userId,
      displayName: recipient.displayName,
      email: recipient.email,
      role: recipient.role,
      enabled: recipient.enabled,
      byDefault: recipient.byDefault,
      last: recent.get(recipient.userId)?.[0] ?? null,
    })),
  };
}
