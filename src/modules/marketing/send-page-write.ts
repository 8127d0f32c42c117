import { sql } from 'kysely';
import type { Tx } from '../../auth/index.ts';
import { lockDealerLinksToRead, personDealerSets } from '../customers/index.ts';
import { queueMessages, unqueueMessages, type QueuedMessage } from '../messaging/index.ts';
import { taskRefused, writeCallTasks } from './call-tasks.ts';
import type { CampaignForSend, Phase, Prepared, SendCounts } from './send-types.ts';
import { saveSmsLinks } from './sms-links.ts';

type PageCampaign = Pick<CampaignForSend, 'id' | 'name' | 'callAssigneeUserId' | 'callDueDays'>;
type Outcome = QueuedMessage & { duplicate: boolean };

/** A recipient row as written: what went to the person and whether it was held back. */
type RecipientRow = {
  customerId: string;
  variant: string;
  messageId: string | null;
  taskId: string | null;
  status: 'queued' | 'blocked';
  reason: string | null;
};

/**
 * One page in one transaction, so a crash leaves either the whole page or none of it, and a
 * re-run skips the people recorded. Each person's dealer links are read under his lock (0286),
 * taken in a statement of its own before the recipients' insert reads them.
 *
 * E-mails and SMS: the outbox messages first, then each recipient row once with its message
 * (an insert and an update of every row cost a PGlite send 16 s of 157 at 100,000). The outbox
 * key (campaign, person) guards the messages: two sends racing over a page both write them,
 * the later one waits for the first one's keys and finds them taken, and then finds the
 * recipient rows taken too. Call tasks have no such key, so a call page takes the recipients'
 * key first (writeCallPage).
 */
export async function writePage(
  tx: Tx,
  campaign: PageCampaign,
  phase: Phase,
  prepared: Prepared[],
  counts: SendCounts,
  now: Date,
): Promise<void> {
  await lockDealerLinksToRead(
    tx,
    prepared.map((item) => item.customerId),
  );
  if (prepared.some((item) => item.task))
    await writeCallPage(tx, campaign, phase, prepared, counts, now);
  else await writeMessagePage(tx, campaign, phase, prepared, counts);
}

async function writeMessagePage(
  tx: Tx,
  campaign: PageCampaign,
  phase: Phase,
  prepared: Prepared[],
  counts: SendCounts,
): Promise<void> {
  const outgoing = prepared.filter((item) => item.message);
  const results = await queueMessages(
    tx,
    outgoing.map((item) => item.message!),
  );
  const byCustomer = new Map(outgoing.map((item, index) => [item.customerId, results[index]!]));
  const settled = prepared.map((item) => settle(item, byCustomer.get(item.customerId), null));
  const claimed = await insertRecipients(tx, campaign.id, phase, settled);
  settled.forEach((row) => {
    if (claimed.has(row.customerId)) count(counts, row, byCustomer.get(row.customerId));
  });
  counts.alreadyThere += prepared.length - claimed.size;
  // recorded already without this message (a send beside this one since the page was read):
  // he gets nothing more, as when the recipient row was taken first
  await unqueueMessages(
    tx,
    outgoing.flatMap((item) => {
      const result = byCustomer.get(item.customerId)!;
      return !claimed.has(item.customerId) && !result.duplicate ? [result.id] : [];
    }),
  );
  // a message written before (a re-run) keeps the links it went out with
  await saveSmsLinks(
    tx,
    outgoing.flatMap((item) => {
      const result = byCustomer.get(item.customerId)!;
      return item.links && claimed.has(item.customerId) && !result.duplicate
        ? [
            {
              owner: {
                campaignId: campaign.id,
                variant: item.variant,
                customerId: item.customerId,
                messageId: result.id,
              },
              links: item.links,
            },
          ]
        : [];
    }),
  );
}

/**
 * A call page: the recipients' key is taken first. Two sends racing over the same page (a
 * second click, the scheduler and a user) both read it before either wrote, but only one can
 * insert a person's row; the other finds him taken and writes him no task. The rows are
 * settled once the tasks are written.
 */
async function writeCallPage(
  tx: Tx,
  campaign: PageCampaign,
  phase: Phase,
  prepared: Prepared[],
  counts: SendCounts,
  now: Date,
): Promise<void> {
  // settled below, once the tasks are written
  const claimed = await insertRecipients(
    tx,
    campaign.id,
    phase,
    prepared.map((item) => ({
      customerId: item.customerId,
      variant: item.variant,
      messageId: null,
      taskId: null,
      status: item.blocked ? 'blocked' : 'queued',
      reason: item.blocked ?? null,
    })),
  );
  counts.alreadyThere += prepared.length - claimed.size;
  const mine = prepared.filter((item) => claimed.has(item.customerId));
  if (mine.length === 0) return;
  const callTasks = await writeCallTasks(tx, campaign, mine, now);
  const settled = mine.map((item) => {
    const row = settle(item, undefined, callTasks.get(item.customerId) ?? null);
    count(counts, row, undefined);
    return row;
  });
  await sql`update marketing_campaign_recipients r
    set message_id = v.message_id, task_id = v.task_id, status = v.status,
        blocked_reason = v.reason
    from unnest(${settled.map((row) => row.customerId)}::uuid[],
                ${settled.map((row) => row.messageId)}::uuid[],
                ${settled.map((row) => row.taskId)}::uuid[],
                ${settled.map((row) => row.status)}::text[],
                ${settled.map((row) => row.reason)}::text[])
      as v(customer_id, message_id, task_id, status, reason)
    where r.campaign_id = ${campaign.id} and r.customer_id = v.customer_id`.execute(tx);
}

/** A person's recipient row from his message's outcome in the outbox, or his task. */
function settle(item: Prepared, result: Outcome | undefined, taskId: string | null): RecipientRow {
  // a refused call task is recorded and counted as blocked, not dropped
  const blocked = item.task && !taskId ? taskRefused : item.blocked;
  return {
    customerId: item.customerId,
    variant: item.variant,
    messageId: result?.id ?? null,
    taskId,
    status: result ? result.status : blocked ? 'blocked' : 'queued',
    reason: result?.status === 'blocked' ? result.reason : (blocked ?? null),
  };
}

/** A recorded person in the counts: a message written before counts as already there. */
function count(counts: SendCounts, row: RecipientRow, result: Outcome | undefined): void {
  if (result?.duplicate) counts.alreadyThere += 1;
  else if (row.status === 'queued') counts.queued += 1;
  else counts.blocked += 1;
}

/**
 * The page's recipient rows, each with his dealer set (0282) read in the same statement (a
 * person the sets do not hold yet gets a null, which the insert trigger fills); rows in page
 * order, so two sends racing over a page wait for each other's keys in one order. Answers the
 * people whose row this inserted (not those recorded before).
 */
async function insertRecipients(
  tx: Tx,
  campaignId: string,
  phase: Phase,
  rows: RecipientRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const people = rows.map((row) => row.customerId);
  const { rows: inserted } = await sql<{ customer_id: string }>`
    insert into marketing_campaign_recipients
      (campaign_id, customer_id, variant, phase, message_id, task_id, status, blocked_reason,
       customer_dealer_set_id)
    select ${campaignId}::uuid, v.customer_id, v.variant, ${phase}, v.message_id, v.task_id,
           v.status, v.reason, ps.set_id
      from unnest(${people}::uuid[], ${rows.map((row) => row.variant)}::text[],
                  ${rows.map((row) => row.messageId)}::uuid[], ${rows.map((row) => row.taskId)}::uuid[],
                  ${rows.map((row) => row.status)}::text[], ${rows.map((row) => row.reason)}::text[])
             with ordinality as v(customer_id, variant, message_id, task_id, status, reason, position)
      left join ${personDealerSets(people)} ps on ps.customer_id = v.customer_id
     order by v.position
    on conflict (campaign_id, customer_id) do nothing
    returning customer_id`.execute(tx);
  return new Set(inserted.map((row) => row.customer_id));
}
