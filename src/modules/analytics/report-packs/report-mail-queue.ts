import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { buildPack, packFiguresOnce } from './pack-build.ts';
import type { packFigures } from './pack-figures.ts';
import { packRecipients } from './pack-recipients.ts';
import { addDays } from '../../../lib/zoned-time.ts';
import { dueWeek, mondayOf } from './pack-week.ts';

export type QueueOptions = {
  /** the clock (tests pass a fixed Monday) */
  now?: Date;
  /** any day of the week to report; default: the week due in each recipient's time zone */
  week?: string;
  /** list what would be queued, write nothing */
  dryRun?: boolean;
  /** computes one set of figures (a test counts the calls through it) */
  computeFigures?: typeof packFigures;
};

export type QueuedPack = {
  email: string;
  pack: string;
  weekStart: string;
  outcome: 'queued' | 'already_queued' | 'would_queue' | 'error';
  error?: string;
};

export type QueueReport = {
  queued: number;
  alreadyQueued: number;
  errors: number;
  packs: QueuedPack[];
};

/** A week given by an operator: a real date, and a week that has ended. */
export function operatorWeek(week: string, now: Date): string {
  let monday: string;
  try {
    monday = mondayOf(week);
  } catch {
    throw new ValidationError([{ path: 'week', message: 'must be a date YYYY-MM-DD' }]);
  }
  if (addDays(monday, 7) > now.toISOString().slice(0, 10)) {
    throw new ValidationError([{ path: 'week', message: 'this week has not ended yet' }]);
  }
  return monday;
}

/**
 * Queues the due pack of every subscribed recipient: one row per (user, pack, week), rendered
 * and written before anything is sent. A key already present is skipped before any work, and
 * the insert ignores a key another process wrote meanwhile, so running twice (or on two
 * servers) never queues a second pack for the same week.
 */
export async function queueWeeklyPacks(db: Db, options: QueueOptions = {}): Promise<QueueReport> {
  const now = options.now ?? new Date();
  const fixedWeek = options.week === undefined ? undefined : operatorWeek(options.week, now);
  const recipients = await packRecipients(db, { enabledOnly: true });
  const report: QueueReport = { queued: 0, alreadyQueued: 0, errors: 0, packs: [] };
  if (!recipients.length) return report;
  const wanted = recipients.map((recipient) => ({
    recipient,
    weekStart: fixedWeek ?? dueWeek(now, recipient.timeZone),
  }));
  const existing = await db
    .selectFrom('report_mail')
    .select(['user_id', 'pack', sql<string>`week_start::text`.as('week')])
    .where(
      'user_id',
      'in',
      recipients.map((recipient) => recipient.userId),
    )
    .where('week_start', 'in', [...new Set(wanted.map((item) => item.weekStart))])
    .execute();
  const keys = new Set(existing.map((row) => `${row.user_id}|${row.pack}|${row.week}`));
  // each dealer's (and the group's) figures once for all its recipients, not once per recipient
  const figuresOf = packFiguresOnce(db, options.computeFigures);
  for (const { recipient, weekStart } of wanted) {
    const entry: QueuedPack = {
      email: recipient.email,
      pack: recipient.pack,
      weekStart,
      outcome: 'queued',
    };
    report.packs.push(entry);
    if (keys.has(`${recipient.userId}|${recipient.pack}|${weekStart}`)) {
      entry.outcome = 'already_queued';
      report.alreadyQueued++;
      continue;
    }
    if (options.dryRun) {
      entry.outcome = 'would_queue';
      continue;
    }
    try {
      const pack = await buildPack(db, recipient, weekStart, figuresOf);
      const inserted = await db
        .insertInto('report_mail')
        .values({
          user_id: recipient.userId,
          pack: recipient.pack,
          week_start: weekStart,
          recipient: recipient.email,
          locale: recipient.locale,
          subject: pack.subject,
          body_text: pack.text,
          body_html: pack.html,
          attachment_name: pack.attachmentName,
          attachment: pack.attachment,
        })
        .onConflict((conflict) => conflict.columns(['user_id', 'pack', 'week_start']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) report.queued++;
      else {
        entry.outcome = 'already_queued';
        report.alreadyQueued++;
      }
    } catch (error) {
      // one recipient's failure (a bad time zone ...) must not hold back the others' packs
      entry.outcome = 'error';
      entry.error = error instanceof Error ? error.message : String(error);
      report.errors++;
    }
  }
  return report;
}
