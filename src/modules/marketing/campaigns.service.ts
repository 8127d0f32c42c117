import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { can, customerVisible, dealerInScope, systemActor, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { taskOutcome } from '../activities/index.ts';
import { assertCustomerVisible, type Language } from '../customers/index.ts';
import { messageStatus } from '../messaging/index.ts';
import { letterResponseCode, pickWinner, successfulCallOutcomes } from './ab-test.ts';
import type { CampaignBody, VariantInput } from './campaign.schemas.ts';
import { sendPhase, type CampaignForSend, type Phase } from './campaign-send.ts';
import { templateCache } from './send-templates.ts';
import { campaignAccess, type CampaignAccess } from './campaign-access.ts';
import { checkResponseCodes, codeLeadsByVariant, respondedSql } from './letter-responses.ts';
import { findList } from './lists.service.ts';
import { matchOffers, offerContext, offersFor } from './offer-recommendations.ts';
import { ownOwner, type Owner as StoredOwner } from './owner-scope.ts';
import { loadRecipient, messageContext } from './recipient-data.ts';
import type {
  AbMetric,
  CampaignChannel,
  CampaignKind,
  CampaignStatus,
  OwnerLevel,
} from './schema.ts';
import type { Condition } from './segment.schemas.ts';
import { findSegment, requireMarketing } from './segments.service.ts';
import { publicBaseUrl } from './links.ts';
import { smsLength } from './sms-length.ts';
import { shortCodeLength, shortenSmsLinks, shortLinkUrl } from './sms-links.ts';
import { compileFor, type TemplateContent } from './templates.ts';
import { hasSendTimes, slotLabel, type VariantSendTime } from './variant-send-time.ts';

type CampaignRow = {
  id: string;
  name: string;
  goal: string | null;
  owner_level: OwnerLevel;
  brand_id: string | null;
  dealer_id: string | null;
  channel: CampaignChannel;
  call_assignee_user_id: string | null;
  call_due_days: number;
  segment_id: string | null;
  list_id: string | null;
  budget_minor: string | number | null;
  cost_minor: string | number | null;
  currency: string;
  attribution_window_days: number;
  response_code: string | null;
  kind: CampaignKind;
  event_venue: string | null;
  event_starts_at: Date | null;
  event_ends_at: Date | null;
  event_capacity: number | null;
  event_reminder_hours: number | null;
  event_morning_reminder: boolean;
  event_feedback: boolean;
  default_language: Language;
  scheduled_at: Date | null;
  ab_test_share: number;
  ab_metric: AbMetric;
  ab_wait_hours: number;
  status: CampaignStatus;
  test_sent_at: Date | null;
  ab_judge_from: Date | null;
  winner_variant: string | null;
  winner_note: string | null;
  sent_at: Date | null;
  created_by: string | null;
  created_at: Date;
};

/**
 * SQL: the recipient (table alias) registered for the event, on the list or waiting. A walk-in
 * did not answer the invitation, so he does not count for the registration rate.
 */
const registeredSql = (alias: string) =>
  sql`exists (select 1 from marketing_event_registrations er
    where er.campaign_id = ${sql.ref(`${alias}.campaign_id`)}
      and er.customer_id = ${sql.ref(`${alias}.customer_id`)} and er.status <> 'cancelled'
      and not er.walk_in)`;

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

type Owner = Pick<CampaignBody, 'ownerLevel' | 'dealerId' | 'brandId'>;

/** Who may run a campaign (or an offer) for an owner: the owner's own level, or one above it. */
export function mayOwn(actor: Actor, body: Owner): boolean {
  if (actor.scope.level === 'group') return true;
  if (body.ownerLevel === 'dealer' && body.dealerId && dealerInScope(actor, body.dealerId))
    return true;
  return body.ownerLevel === 'brand' && Boolean(actor.brandId) && actor.brandId === body.brandId;
}

function assertMayOwn(actor: Actor, body: Owner): void {
  if (!mayOwn(actor, body)) {
    throw new ForbiddenError(`You may not run a ${body.ownerLevel} campaign for this owner`);
  }
}

const ownerOf = (row: CampaignRow): StoredOwner => ({
  ownerLevel: row.owner_level,
  dealerId: row.dealer_id,
  brandId: row.brand_id,
});

/**
 * Whether the actor may change, send or finish this stored campaign: the marketing:write
 * permission and running its owner's level. The GET's `mayEdit` and the PUT, send and finish
 * all ask this one function, so the page never offers what the server then refuses.
 */
export function mayChange(actor: Actor, row: CampaignRow): boolean {
  return can(actor, 'marketing:write') && mayOwn(actor, ownerOf(row));
}

/** The 403 of `mayChange`: the role's when it lacks marketing:write, else the owner's. */
function assertMayChange(actor: Actor, row: CampaignRow): void {
  if (mayChange(actor, row)) return;
  requireMarketing(actor, true);
  assertMayOwn(actor, ownerOf(row));
}

/** Who may change a stored campaign (or its event texts): seeing it is not running it. */
export function assertMayRun(actor: Actor, row: CampaignRow): void {
  assertMayOwn(actor, ownerOf(row));
}

/** A stored campaign with how the actor sees it (campaign-access.ts). */
export type LoadedCampaign = CampaignRow & { access: CampaignAccess };

/** The campaign if the actor sees it (as its owner or as a dealer it reaches), else 404. */
export async function loadRow(db: Db, actor: Actor, id: string): Promise<LoadedCampaign> {
  const row = await db
    .selectFrom('marketing_campaigns as c')
    .selectAll('c')
    .select(campaignAccess(actor, 'c').as('access'))
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row?.access) throw new NotFoundError('Campaign');
  return { ...row, access: row.access };
}

export async function variantsOf(db: Db, id: string): Promise<VariantInput[]> {
  const rows = await db
    .selectFrom('marketing_campaign_variants')
    .select(['key', 'contents', 'send_time'])
    .where('campaign_id', '=', id)
    .orderBy('key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    contents: row.contents as VariantInput['contents'],
    sendTime: (row.send_time as VariantSendTime | null) ?? null,
  }));
}

/** The variants' rows as stored (0171, send times 0267). */
const variantRows = (campaignId: string, variants: VariantInput[]) =>
  variants.map((v) => ({
    campaign_id: campaignId,
    key: v.key,
    contents: JSON.stringify(v.contents),
    send_time: v.sendTime ? JSON.stringify(v.sendTime) : null,
  }));

/**
 * A variant's instant must lie ahead when it is set; one stored before and sent back unchanged
 * may have passed (it then goes at the same time on the next day it comes round).
 */
function checkSendTimes(body: CampaignBody, stored: VariantInput[]): void {
  body.variants.forEach((variant, index) => {
    const slot = variant.sendTime;
    if (slot?.kind !== 'at' || Date.parse(slot.at) > Date.now()) return;
    const before = stored.find((v) => v.key === variant.key)?.sendTime;
    if (before?.kind === 'at' && Date.parse(before.at) === Date.parse(slot.at)) return;
    throw new ValidationError([
      {
        path: `variants.${index}.sendTime`,
        message: 'a time in the future (or an hour of the day)',
        code: 'in_past',
      },
    ]);
  });
}

async function checkBody(
  db: Db,
  actor: Actor,
  body: CampaignBody,
  campaignId?: string,
): Promise<void> {
  assertMayOwn(actor, body);
  checkSendTimes(body, campaignId ? await variantsOf(db, campaignId) : []);
  if (body.segmentId) await findSegment(db, actor, body.segmentId);
  if (body.listId) await findList(db, actor, body.listId);
  if (body.channel === 'call') await checkCallAssignee(db, body);
  if (body.responseCode) {
    await checkResponseCodes(db, { ...body, responseCode: body.responseCode }, campaignId);
  }
  // every variant and language must compile now, not fail at send time
  for (const variant of body.variants) {
    for (const [language, content] of Object.entries(variant.contents)) {
      await compileFor(
        body.channel,
        content as TemplateContent,
        `variants.${body.variants.indexOf(variant)}.contents.${language}`,
      );
    }
  }
}

/**
 * The call-centre user given a call campaign's tasks: an active user, of the campaign's
 * dealer for a dealer campaign (a group or brand campaign may use a central call centre).
 */
async function checkCallAssignee(db: Db, body: CampaignBody): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'dealer_id'])
    .where('id', '=', body.callAssigneeUserId!)
    .where('active', '=', true)
    .executeTakeFirst();
  const fits =
    user &&
    (body.ownerLevel !== 'dealer' || user.dealer_id === null || user.dealer_id === body.dealerId);
  if (!fits) {
    throw new ValidationError([
      {
        path: 'callAssigneeUserId',
        message: 'not an active user of the campaign’s dealer',
        code: 'invalid_choice',
      },
    ]);
  }
}

function rowValues(body: CampaignBody) {
  return {
    name: body.name,
    channel: body.channel,
    call_assignee_user_id: body.channel === 'call' ? body.callAssigneeUserId! : null,
    call_due_days: body.callDueDays,
    goal: body.goal ?? null,
    owner_level: body.ownerLevel,
    brand_id: body.ownerLevel === 'brand' ? body.brandId! : null,
    dealer_id: body.ownerLevel === 'dealer' ? body.dealerId! : null,
    segment_id: body.segmentId ?? null,
    list_id: body.listId ?? null,
    budget_minor: body.budgetMinor ?? null,
    cost_minor: body.costMinor ?? null,
    currency: body.currency,
    attribution_window_days: body.attributionWindowDays,
    response_code: body.responseCode ?? null,
    kind: body.kind,
    event_venue: body.kind === 'event' ? (body.eventVenue ?? null) : null,
    event_starts_at:
      body.kind === 'event' && body.eventStartsAt ? new Date(body.eventStartsAt) : null,
    event_ends_at: body.kind === 'event' && body.eventEndsAt ? new Date(body.eventEndsAt) : null,
    event_capacity: body.kind === 'event' ? (body.eventCapacity ?? null) : null,
    default_language: body.defaultLanguage,
    scheduled_at: body.scheduledAt ? new Date(body.scheduledAt) : null,
    ab_test_share: body.abTestShare,
    ab_metric: body.abMetric,
    ab_wait_hours: body.abWaitHours,
  };
}

export async function createCampaign(db: Db, actor: Actor, body: CampaignBody) {
  requireMarketing(actor, true);
  await checkBody(db, actor, body);
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('marketing_campaigns')
      .values({
        ...rowValues(body),
        // as for a change: a time in the future schedules it (a past one leaves a draft)
        status: isFuture(body.scheduledAt) ? 'scheduled' : 'draft',
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('marketing_campaign_variants')
      .values(variantRows(row.id, body.variants))
      .execute();
    return row.id;
  });
  return campaignReport(db, actor, id);
}

/**
 * Changes a campaign that has not started sending: the whole body again, as for creation, by
 * someone who may run campaigns for both the old owner and the new one. The time decides the
 * state: a future `scheduledAt` schedules it (the scheduler sends it then), none leaves a draft.
 */
export async function updateCampaign(db: Db, actor: Actor, id: string, body: CampaignBody) {
  requireMarketing(actor, true);
  const row = await loadRow(db, actor, id);
  // seeing a campaign (a brand's, from one of its dealers) is not running it
  assertMayChange(actor, row);
  if (!editable(row.status)) {
    throw new ConflictError('A campaign that has started sending cannot be changed').because(
      'campaign_sending_started',
    );
  }
  const scheduledAt = body.scheduledAt ? new Date(body.scheduledAt) : null;
  const unchangedTime = scheduledAt?.getTime() === row.scheduled_at?.getTime();
  if (scheduledAt && !unchangedTime && scheduledAt.getTime() <= Date.now()) {
    throw new ValidationError([
      {
        path: 'scheduledAt',
        message: 'a time in the future (or none, to keep a draft)',
        code: 'in_past',
      },
    ]);
  }
  await checkBody(db, actor, body, id);
  await withActor(db, actor, async (tx) => {
    // the state is checked again in the update: a send that started meanwhile wins
    const updated = await tx
      .updateTable('marketing_campaigns')
      .set({ ...rowValues(body), status: scheduledAt ? 'scheduled' : 'draft' })
      .where('id', '=', id)
      .where('status', 'in', ['draft', 'scheduled'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new ConflictError('A campaign that has started sending cannot be changed').because(
        'campaign_sending_started',
      );
    }
    await tx.deleteFrom('marketing_campaign_variants').where('campaign_id', '=', id).execute();
    await tx
      .insertInto('marketing_campaign_variants')
      .values(variantRows(id, body.variants))
      .execute();
  });
  return campaignReport(db, actor, id);
}

const isFuture = (at: string | null | undefined) => Boolean(at && Date.parse(at) > Date.now());

/** Until the first message (or the A/B test's first half) goes, a campaign may change. */
const editable = (status: CampaignStatus) => status === 'draft' || status === 'scheduled';

export async function listCampaigns(db: Db, actor: Actor) {
  requireMarketing(actor);
  const rows = await db
    .selectFrom(
      db
        .selectFrom('marketing_campaigns as c')
        .selectAll('c')
        .select(campaignAccess(actor, 'c').as('access'))
        .as('c'),
    )
    .selectAll()
    .where('access', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ownerLevel: row.owner_level,
    channel: row.channel,
    dealerId: row.dealer_id,
    status: row.status,
    scheduledAt: row.scheduled_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    access: row.access!,
  }));
}

/** The campaign with its results per variant: sent, opened, clicked, unsubscribed, blocked why. */
export async function campaignReport(db: Db, actor: Actor, id: string) {
  requireMarketing(actor);
  const row = await loadRow(db, actor, id);
  const variants = await variantsOf(db, id);
  // a dealer under a group or brand campaign counts his own customers only
  const mine = recipientsOf(actor, row.access);
  const stats = await db
    .selectFrom('marketing_campaign_recipients as r')
    .select((eb) => [
      'r.variant',
      sql<string>`count(*)`.as('recipients'),
      sql<string>`count(*) filter (where r.status = 'queued')`.as('queued'),
      sql<string>`count(*) filter (where r.status = 'blocked')`.as('blocked'),
      sql<string>`count(*) filter (where ${messageStatus(eb.ref('r.message_id'))} = 'sent')`.as(
        'sent',
      ),
      sql<string>`count(*) filter (where ${messageStatus(eb.ref('r.message_id'))} = 'failed')`.as(
        'failed',
      ),
      sql<string>`count(r.opened_at)`.as('opened'),
      sql<string>`count(r.clicked_at)`.as('clicked'),
      sql<string>`count(*) filter (where ${registeredSql('r')})`.as('registered'),
      sql<string>`count(*) filter (where r.status = 'queued'
        and ${respondedSql('r', row, variants.length)})`.as('responded'),
      sql<string>`count(r.unsubscribed_at)`.as('unsubscribed'),
    ])
    .where('r.campaign_id', '=', id)
    .where(mine)
    .groupBy('r.variant')
    .orderBy('r.variant')
    .execute();
  const reasons = await db
    .selectFrom('marketing_campaign_recipients as r')
    .select(['r.blocked_reason', sql<string>`count(*)`.as('n')])
    .where('r.campaign_id', '=', id)
    .where('r.status', '=', 'blocked')
    .where(mine)
    .groupBy('r.blocked_reason')
    .execute();
  const outcomes = row.channel === 'call' ? await callOutcomes(db, id, mine) : [];
  const codeLeads = await codeLeadsByVariant(
    db,
    row,
    variants.map((v) => v.key),
    row.access === 'owner' ? undefined : actor,
  );
  const variantStats = stats.map((s) => {
    const queued = Number(s.queued);
    const opened = Number(s.opened);
    const clicked = Number(s.clicked);
    const responded = Number(s.responded);
    const letter = row.channel === 'mail';
    return {
      key: s.variant,
      recipients: Number(s.recipients),
      queued,
      blocked: Number(s.blocked),
      sent: Number(s.sent),
      failed: Number(s.failed),
      opened,
      clicked,
      registered: Number(s.registered),
      unsubscribed: Number(s.unsubscribed),
      openRate: queued ? opened / queued : 0,
      clickRate: queued ? clicked / queued : 0,
      // letters: the variant's printed code, who quoted it, and every lead quoting it
      responseCode: letter
        ? letterResponseCode(row.response_code, s.variant, variants.length)
        : null,
      responded,
      responseRate: queued ? responded / queued : 0,
      codeLeads: codeLeads.get(s.variant) ?? 0,
      callOutcomes: Object.fromEntries(
        outcomes.filter((o) => o.variant === s.variant).map((o) => [o.outcome, Number(o.n)]),
      ),
    };
  });
  const totalOpened = variantStats.reduce((sum, v) => sum + v.opened, 0);
  // the owner's money and the A/B note (the whole test's counts) are the owner's
  const owner = row.access === 'owner';
  const cost = owner ? numberOrNull(row.cost_minor) : null;
  return {
    id: row.id,
    name: row.name,
    goal: row.goal,
    ownerLevel: row.owner_level,
    brandId: row.brand_id,
    dealerId: row.dealer_id,
    channel: row.channel,
    callAssigneeUserId: row.call_assignee_user_id,
    callDueDays: row.call_due_days,
    segmentId: row.segment_id,
    listId: row.list_id,
    budgetMinor: owner ? numberOrNull(row.budget_minor) : null,
    costMinor: cost,
    currency: row.currency,
    attributionWindowDays: row.attribution_window_days,
    responseCode: row.response_code,
    kind: row.kind,
    eventVenue: row.event_venue,
    eventStartsAt: row.event_starts_at?.toISOString() ?? null,
    eventEndsAt: row.event_ends_at?.toISOString() ?? null,
    eventCapacity: row.event_capacity,
    defaultLanguage: row.default_language,
    scheduledAt: row.scheduled_at?.toISOString() ?? null,
    abTestShare: row.ab_test_share,
    abMetric: row.ab_metric,
    abWaitHours: row.ab_wait_hours,
    status: row.status,
    testSentAt: row.test_sent_at?.toISOString() ?? null,
    abJudgeFrom: row.ab_judge_from?.toISOString() ?? null,
    winnerVariant: row.winner_variant,
    winnerNote: owner ? row.winner_note : null,
    sentAt: row.sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    mayEdit: mayChange(actor, row),
    access: row.access,
    variants,
    results: {
      variants: variantStats,
      blockedReasons: Object.fromEntries(
        reasons.map((r) => [r.blocked_reason ?? 'unknown', Number(r.n)]),
      ),
      costPerOpen: cost !== null && totalOpened > 0 ? Math.round(cost / totalOpened) : null,
    },
  };
}

/**
 * SQL on recipients `r`: the ones whose figures the actor sees — all for the owner (his scope
 * takes in the campaign's reach: no probe per row), else his own customers.
 */
function recipientsOf(actor: Actor, access: CampaignAccess): RawBuilder<boolean> {
  return access === 'owner' ? sql<boolean>`true` : customerVisible(actor, sql.ref('r.customer_id'));
}

/**
 * A call campaign's tasks per variant by what became of them: the outcome the caller recorded
 * on closing the task, else the task's status (still open, cancelled). What the A/B test of
 * call scripts can be judged by.
 */
async function callOutcomes(db: Db, id: string, mine: RawBuilder<boolean>) {
  return db
    .selectFrom('marketing_campaign_recipients as r')
    .select((eb) => [
      'r.variant',
      sql<string>`coalesce(${taskOutcome(eb.ref('r.task_id'))}, 'deleted')`.as('outcome'),
      sql<string>`count(*)`.as('n'),
    ])
    .where('r.campaign_id', '=', id)
    .where('r.task_id', 'is not', null)
    .where(mine)
    .groupBy(['r.variant', sql`2`])
    .execute();
}

export async function forSend(db: Db, row: CampaignRow): Promise<CampaignForSend> {
  const audience: Condition = row.segment_id
    ? ((
        await db
          .selectFrom('marketing_segments')
          .select('definition')
          .where('id', '=', row.segment_id)
          .executeTakeFirstOrThrow()
      ).definition as Condition)
    : { type: 'list', listId: row.list_id! };
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    kind: row.kind,
    callAssigneeUserId: row.call_assignee_user_id,
    callDueDays: row.call_due_days,
    dealerId: row.dealer_id,
    brandId: row.brand_id,
    ownerLevel: row.owner_level,
    defaultLanguage: row.default_language,
    abTestShare: row.ab_test_share,
    audience,
    variants: await variantsOf(db, row.id),
    createdBy: row.created_by,
  };
}

export type SendReport = {
  status: CampaignStatus;
  phase: Phase | 'scheduled';
  queued: number;
  blocked: number;
  alreadyThere: number;
};

/**
 * Starts a campaign: with one variant everybody gets it; with two or more the test share gets
 * the variants and the campaign waits for the winner. A time in the future schedules it.
 * Sending twice writes nothing twice (the outbox idempotency key).
 */
export async function sendCampaign(
  db: Db,
  actor: Actor,
  id: string,
  at?: string | null,
): Promise<SendReport> {
  requireMarketing(actor, true);
  const row = await loadRow(db, actor, id);
  assertMayChange(actor, row);
  if (at && Date.parse(at) > Date.now()) {
    if (row.status !== 'draft' && row.status !== 'scheduled')
      throw new ConflictError(`The campaign is ${row.status}`).because('campaign_status', {
        status: row.status,
      });
    await withActor(db, actor, (tx) =>
      tx
        .updateTable('marketing_campaigns')
        .set({ status: 'scheduled', scheduled_at: new Date(at) })
        .where('id', '=', id)
        .execute(),
    );
    return { status: 'scheduled', phase: 'scheduled', queued: 0, blocked: 0, alreadyThere: 0 };
  }
  return startCampaign(db, row);
}

async function startCampaign(db: Db, row: CampaignRow): Promise<SendReport> {
  if (row.status === 'cancelled')
    throw new ConflictError('The campaign is cancelled').because('campaign_cancelled');
  if (row.status === 'testing')
    throw new ConflictError('The A/B test is running; finish it to send the winner').because(
      'ab_test_running',
    );
  const campaign = await forSend(db, row);
  const job = systemActor('job');
  if (campaign.variants.length > 1 && row.status !== 'sent') {
    const startedAt = new Date();
    const { counts, lastRelease } = await sendPhase(db, campaign, 'test');
    // by send time: the wait counts from the last variant's release, so every variant's
    // readers have the whole wait to answer
    const judgeFrom =
      hasSendTimes(campaign.variants) && lastRelease && lastRelease > startedAt
        ? lastRelease
        : null;
    await withActor(db, job, (tx) =>
      tx
        .updateTable('marketing_campaigns')
        .set({ status: 'testing', test_sent_at: startedAt, ab_judge_from: judgeFrom })
        .where('id', '=', row.id)
        .execute(),
    );
    return { status: 'testing', phase: 'test', ...counts };
  }
  // a finished A/B campaign sent again reaches newcomers with the winner
  const phase: Phase = row.winner_variant ? 'rest' : 'all';
  const { counts } = await sendPhase(db, campaign, phase, row.winner_variant ?? undefined);
  await withActor(db, job, (tx) =>
    tx
      .updateTable('marketing_campaigns')
      .set({ status: 'sent', sent_at: sql<Date>`coalesce(sent_at, now())` })
      .where('id', '=', row.id)
      .execute(),
  );
  return { status: 'sent', phase, ...counts };
}

/** Chooses the A/B winner by the campaign's metric and sends it to everyone else. */
export async function finishAbTest(
  db: Db,
  id: string,
  actor: Actor = systemActor('job'),
): Promise<SendReport> {
  const row = await loadRow(db, actor, id);
  if (row.status !== 'testing')
    throw new ConflictError('The campaign has no A/B test running').because('no_ab_test_running');
  const variants = await variantsOf(db, id);
  const stats = await db
    .selectFrom('marketing_campaign_recipients')
    .select([
      'variant',
      sql<string>`count(*) filter (where status = 'queued')`.as('sent'),
      sql<string>`count(opened_at)`.as('opened'),
      sql<string>`count(clicked_at)`.as('clicked'),
      sql<string>`count(*) filter (where ${registeredSql('marketing_campaign_recipients')})`.as(
        'registered',
      ),
      sql<string>`count(*) filter (where ${taskOutcome(sql.ref('task_id'))} in (${sql.join([
        ...successfulCallOutcomes,
      ])}))`.as('succeeded'),
      sql<string>`count(*) filter (where status = 'queued' and ${respondedSql(
        'marketing_campaign_recipients',
        row,
        variants.length,
      )})`.as('responded'),
    ])
    .where('campaign_id', '=', id)
    .where('phase', '=', 'test')
    .groupBy('variant')
    .execute();
  const results = variants.map((variant) => {
    const found = stats.find((s) => s.variant === variant.key);
    return {
      key: variant.key,
      sent: Number(found?.sent ?? 0),
      opened: Number(found?.opened ?? 0),
      clicked: Number(found?.clicked ?? 0),
      registered: Number(found?.registered ?? 0),
      succeeded: Number(found?.succeeded ?? 0),
      responded: Number(found?.responded ?? 0),
    };
  });
  const report = pickWinner(results, row.ab_metric);
  const winnerSlot = variants.find((v) => v.key === report.winner)?.sendTime;
  // by send time the note says when the rest get the winner
  const note = hasSendTimes(variants)
    ? `${report.note}; the rest get it ${slotLabel(winnerSlot)}`
    : report.note;
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_campaigns')
      .set({ winner_variant: report.winner, winner_note: note, status: 'sending' })
      .where('id', '=', id)
      .execute(),
  );
  const campaign = await forSend(db, row);
  const { counts } = await sendPhase(db, campaign, 'rest', report.winner);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('marketing_campaigns')
      .set({ status: 'sent', sent_at: new Date() })
      .where('id', '=', id)
      .execute(),
  );
  return { status: 'sent', phase: 'rest', ...counts };
}

export async function finishAbTestAs(db: Db, actor: Actor, id: string): Promise<SendReport> {
  requireMarketing(actor, true);
  const row = await loadRow(db, actor, id);
  assertMayChange(actor, row);
  // judging a variant whose messages have not gone yet would judge its time slot by nothing
  if (row.status === 'testing' && row.ab_judge_from && row.ab_judge_from.getTime() > Date.now()) {
    throw new ConflictError('A variant of the test has not been sent yet').because(
      'ab_variant_not_sent',
    );
  }
  return finishAbTest(db, id, actor);
}

/** Due work for the scheduler: scheduled campaigns whose time came, A/B tests whose wait ended. */
export async function runDueCampaigns(db: Db): Promise<number> {
  const due = await db
    .selectFrom('marketing_campaigns')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('scheduled_at', '<=', sql<Date>`now()`)]),
        eb.and([
          eb('status', '=', 'testing'),
          eb(
            sql`coalesce(ab_judge_from, test_sent_at) + ab_wait_hours * interval '1 hour'`,
            '<=',
            sql<Date>`now()`,
          ),
        ]),
      ]),
    )
    .limit(20)
    .execute();
  for (const row of due) {
    if (row.status === 'scheduled') await startCampaign(db, row);
    else await finishAbTest(db, row.id);
  }
  return due.length;
}

/** Renders a template (or a saved campaign's variant) for one real customer the actor sees. */
export async function previewMessage(
  db: Db,
  actor: Actor,
  input: {
    customerId: string;
    channel?: CampaignChannel | undefined;
    content?: TemplateContent | undefined;
    campaignId?: string | undefined;
    variant?: string | undefined;
  },
) {
  requireMarketing(actor);
  await assertCustomerVisible(db, actor, input.customerId);
  let dealerId: string | null = actor.dealerId;
  let templates: ReturnType<typeof templateCache>;
  let variants: CampaignForSend['variants'];
  let variantKey = 'A';
  let channel: CampaignChannel = input.channel ?? 'email';
  let responseCode: string | null = null;
  // the offers the sender may recommend: the campaign's owner, else the marketer's own level
  let sender = ownOwner(actor);
  let fallback: Language = actor.locale;
  if (input.campaignId) {
    const row = await loadRow(db, actor, input.campaignId);
    sender = ownerOf(row);
    dealerId = row.dealer_id;
    fallback = row.default_language;
    channel = row.channel;
    variants = await variantsOf(db, row.id);
    variantKey = input.variant ?? variants[0]!.key;
    if (!variants.some((v) => v.key === variantKey)) {
      throw new ValidationError([
        { path: 'variant', message: 'no such variant', code: 'invalid_choice' },
      ]);
    }
    templates = templateCache({ variants, defaultLanguage: row.default_language, channel });
    if (channel === 'mail') {
      responseCode = letterResponseCode(row.response_code, variantKey, variants.length);
    }
  } else if (input.content) {
    const language = actor.locale;
    variants = [{ key: 'A', contents: { [language]: input.content } }];
    templates = templateCache({ variants, defaultLanguage: language, channel });
  } else {
    throw new ValidationError([
      { path: 'content', message: 'give content or a campaign', code: 'required' },
    ]);
  }
  // with the campaign, its dealer's paragraph there shows too
  const recipient = await loadRecipient(db, input.customerId, dealerId, input.campaignId ?? null);
  const { language, template } = await templates(
    variantKey,
    recipient!.preferred_language ?? actor.locale,
  );
  // the preview's unsubscribe link goes nowhere: a marketer's click must not unsubscribe anyone
  const offered = await matchOffers(db, await offersFor(db, sender), [input.customerId]);
  const context = {
    ...messageContext(recipient!, language, previewUnsubscribe, '#preferences', fallback),
    responseCode,
    offers: offerContext(offered.get(input.customerId), language, language),
  };
  const text = template.text(context);
  return {
    language,
    subject: template.subject(context),
    html: template.html(context),
    text,
    sms: channel === 'sms' ? smsLength(asSent(text, variants, variantKey, language)) : null,
  };
}

const previewUnsubscribe = '#unsubscribe';

/** An SMS as it goes out, for its length: the text shows where its links go, sent they are short. */
function asSent(
  text: string,
  variants: CampaignForSend['variants'],
  variantKey: string,
  language: Language,
): string {
  const source = variants.find((v) => v.key === variantKey)!.contents[language]?.text ?? '';
  const base = publicBaseUrl();
  // sent, the way out is a short link like the others
  const withWayOut = text.replaceAll(
    previewUnsubscribe,
    shortLinkUrl(base, 'x'.repeat(shortCodeLength)),
  );
  return shortenSmsLinks(withWayOut, { source, base, unsubscribe: '' }).text;
}
