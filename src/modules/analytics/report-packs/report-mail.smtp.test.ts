import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiAs, type TestWorld } from '../../../testing/test-world.ts';
import { startSmtpSink, type SmtpSink } from '../../messaging/smtp-sink.testing.ts';
import { buildApp } from '../../../server/app.ts';
import { registerReportPackJobs } from '../report-packs.jobs.ts';
import { sendWeeklyCommand } from '../reports-command.ts';
import { buildPackWorld, mondayMorning, week } from './pack-world.testing.ts';
import { dueWeek } from './pack-week.ts';
import type { EmailTransport } from '../../messaging/index.ts';
import { xlsxType } from './pack-render.ts';
import { deliverReportMail, reportMailer } from './report-mail-delivery.ts';
import { queueWeeklyPacks } from './report-mail-queue.ts';

/**
 * The weekly pack through a real SMTP server (the test sink): what a dealer manager finds in
 * his mailbox, and how the staff outbox behaves on failures, restarts and opt-outs.
 */
describe('weekly packs sent over SMTP', () => {
  let world: TestWorld;
  let sink: SmtpSink;
  let transport: EmailTransport;

  beforeAll(async () => {
    world = await buildPackWorld();
    sink = await startSmtpSink();
    transport = reportMailer(sink.url, 'AutoCRM <reports@autocrm.test>');
    // only the dealer A managers receive packs here
    for (const user of ['managerB', 'managerC'] as const) {
      await apiAs(world, user).put('/api/analytics/report-subscriptions/me', { enabled: false });
    }
    await sql`update users set locale = 'ru' where id = ${world.users.managerA.id}`.execute(
      world.database.db,
    );
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.close();
  });
  beforeEach(async () => {
    await world.database.db.deleteFrom('report_mail').execute();
    sink.received.length = 0;
  });

  type AuditItem = {
    action: string;
    actor: unknown;
    actorLabel: string;
    newValues: Record<string, unknown>;
  };
  /** A pack's audit entries, oldest first, read through the audit module's route. */
  async function auditOf(email: string): Promise<AuditItem[]> {
    const row = await world.database.db
      .selectFrom('report_mail')
      .select('id')
      .where('recipient', '=', email)
      .executeTakeFirstOrThrow();
    const answer = await apiAs(world, 'admin').get(
      `/api/audit?table=report_mail&recordId=${row.id}`,
    );
    expect(answer.status).toBe(200);
    return (answer.body.items as AuditItem[]).reverse();
  }

  async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    return workbook;
  }

  it('delivers the dealer manager his pack in Russian with the workbook attached', async () => {
    await queueWeeklyPacks(world.database.db, { now: mondayMorning });
    const report = await deliverReportMail(world.database.db, transport);
    expect(report).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
    const mail = sink.received.find((item) => item.to.includes('managera@test.autocrm'))!;
    expect(mail).toBeDefined();
    expect(mail.subject).toMatch(/^Недельный отчёт, дилер A: 23.+29 нояб\. 2026/);
    const html = mail.parts.find((part) => part.contentType.startsWith('text/html'))!.content;
    expect(html).toContain('Новые потенциальные клиенты');
    expect(html).toContain('Средний CSI (1–10)');
    expect(html).toContain('8,5');
    const file = mail.parts.find((part) => part.filename === `weekly-pack-A-${week}.xlsx`)!;
    expect(file.contentType).toContain(xlsxType);
    // the workbook arrives byte for byte as it was queued
    const stored = await world.database.db
      .selectFrom('report_mail')
      .select('attachment')
      .where('recipient', '=', 'managera@test.autocrm')
      .executeTakeFirstOrThrow();
    expect(file.bytes.equals(Buffer.from(stored.attachment))).toBe(true);

    const workbook = await workbookOf(file.bytes);
    const rows: unknown[][] = [];
    workbook.getWorksheet('weekOverWeek')!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows[0]).toEqual(['metric', 'thisWeek', 'previousWeek', 'change']);
    expect(rows).toContainEqual(['Новые потенциальные клиенты', 2, 1, 1]);
    expect(rows).toContainEqual(['Средний CSI (1–10)', 8.5, 6, 2.5]);
    // the English CRM manager gets English words
    const crm = sink.received.find((item) => item.to.includes('crma@test.autocrm'))!;
    expect(crm.subject).toContain('Weekly pack, dealer A');

    const status = await world.database.db
      .selectFrom('report_mail')
      .select(['status', 'attempts', 'sent_at'])
      .execute();
    expect(status.every((row) => row.status === 'sent' && row.attempts === 1 && row.sent_at)).toBe(
      true,
    );
    // audited: the job sent which pack to whom, of which dealer, and no copy of the mail
    const audit = await auditOf('managera@test.autocrm');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'event',
      actor: null,
      actorLabel: 'job',
      newValues: {
        event: 'weekly_pack.sent',
        recipient: 'managera@test.autocrm',
        userId: world.users.managerA.id,
        pack: `dealer:${world.dealers.A.id}`,
        dealerId: world.dealers.A.id,
        weekStart: week,
        attempt: 1,
      },
    });
    expect(Object.keys(audit[0]!.newValues).sort()).toEqual(
      ['attempt', 'dealerId', 'event', 'pack', 'recipient', 'userId', 'weekStart'].sort(),
    );
    // a second pass, or a second queueing, sends nothing more
    expect(await deliverReportMail(world.database.db, transport)).toMatchObject({ sent: 0 });
    await queueWeeklyPacks(world.database.db, { now: mondayMorning });
    expect(await deliverReportMail(world.database.db, transport)).toMatchObject({ sent: 0 });
    expect(sink.received).toHaveLength(2);
  });

  it('retries a temporary failure later, and resends a pack a crash left half-sent', async () => {
    const db = world.database.db;
    await queueWeeklyPacks(db, { now: mondayMorning });
    sink.rejectNext(2);
    expect(await deliverReportMail(db, transport)).toMatchObject({ sent: 0, retrying: 2 });
    const waiting = await db.selectFrom('report_mail').select(['status', 'last_error']).execute();
    expect(
      waiting.every((row) => row.status === 'queued' && /try again/.test(row.last_error ?? '')),
    ).toBe(true);
    // not before its back-off time
    expect(await deliverReportMail(db, transport)).toMatchObject({ sent: 0, retrying: 0 });
    await db
      .updateTable('report_mail')
      .set({ next_attempt_at: new Date(0) })
      .execute();
    expect(await deliverReportMail(db, transport)).toMatchObject({ sent: 2 });
    expect(
      (await auditOf('managera@test.autocrm')).map((entry) => [
        entry.newValues.event,
        entry.newValues.attempt,
        entry.newValues.error,
      ]),
    ).toEqual([
      ['weekly_pack.retrying', 1, expect.stringMatching(/try again later/)],
      ['weekly_pack.sent', 2, undefined],
    ]);

    // a process died after claiming: after the lease the row goes out again, same Message-ID
    await db
      .updateTable('report_mail')
      .set({ status: 'sending', claimed_at: new Date(Date.now() - 3_600_000), sent_at: null })
      .where('recipient', '=', 'managera@test.autocrm')
      .execute();
    const row = await db
      .selectFrom('report_mail')
      .select('id')
      .where('recipient', '=', 'managera@test.autocrm')
      .executeTakeFirstOrThrow();
    expect(await deliverReportMail(db, transport)).toMatchObject({ resumed: 1, sent: 1 });
    const copies = sink.received.filter((mail) => mail.to.includes('managera@test.autocrm'));
    expect(copies.map((mail) => mail.headers.get('message-id'))).toEqual([
      `<${row.id}@autocrm.reports>`,
      `<${row.id}@autocrm.reports>`,
    ]);
  });

  it('does not send a queued pack to someone who switched it off meanwhile', async () => {
    const db = world.database.db;
    await queueWeeklyPacks(db, { now: mondayMorning });
    await apiAs(world, 'crmA').put('/api/analytics/report-subscriptions/me', { enabled: false });
    expect(await deliverReportMail(db, transport)).toMatchObject({ sent: 1, cancelled: 1 });
    expect(sink.received.map((mail) => mail.to[0])).toEqual(['managera@test.autocrm']);
    expect((await auditOf('crma@test.autocrm')).map((entry) => entry.newValues.event)).toEqual([
      'weekly_pack.cancelled',
    ]);
    const mine = await apiAs(world, 'crmA').get('/api/analytics/report-subscriptions/me');
    expect(mine.body.recent[0]).toMatchObject({ weekStart: week, status: 'cancelled' });
    const list = await apiAs(world, 'managerA').get('/api/analytics/report-subscriptions');
    const manager = list.body.recipients.find(
      (r: { displayName: string }) => r.displayName === 'managerA',
    );
    expect(manager.last).toMatchObject({ weekStart: week, status: 'sent' });
    await apiAs(world, 'crmA').put('/api/analytics/report-subscriptions/me', { enabled: true });
  });

  it('fails a pack the server refuses for good at once, and audits the refusal', async () => {
    const db = world.database.db;
    await queueWeeklyPacks(db, { now: mondayMorning });
    sink.unknown.add('crma@test.autocrm');
    try {
      expect(await deliverReportMail(db, transport)).toMatchObject({
        sent: 1,
        failed: 1,
        retrying: 0,
      });
    } finally {
      sink.unknown.delete('crma@test.autocrm');
    }
    const row = await db
      .selectFrom('report_mail')
      .select(['status', 'attempts'])
      .where('recipient', '=', 'crma@test.autocrm')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', attempts: 1 });
    const audit = await auditOf('crma@test.autocrm');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.newValues).toMatchObject({
      event: 'weekly_pack.failed',
      recipient: 'crma@test.autocrm',
      userId: world.users.crmA.id,
      dealerId: world.dealers.A.id,
      attempt: 1,
      error: expect.stringMatching(/5\.1\.1/),
    });
  });

  it('lets an operator queue and send a given week from the command line, once', async () => {
    const lines: string[] = [];
    const options = {
      week: '2026-11-19',
      smtpUrl: sink.url,
      now: mondayMorning,
      log: (line: string) => lines.push(line),
    };
    const first = await sendWeeklyCommand(world.database.db, options);
    expect(first.queue).toMatchObject({ queued: 2 });
    expect(first.delivery).toMatchObject({ sent: 2 });
    // the operator's command, not the server's job, is who sent them
    expect((await auditOf('managera@test.autocrm'))[0]).toMatchObject({
      actorLabel: 'cli',
      newValues: { event: 'weekly_pack.sent', weekStart: '2026-11-16' },
    });
    const again = await sendWeeklyCommand(world.database.db, options);
    expect(again.queue).toMatchObject({ queued: 0, alreadyQueued: 2 });
    expect(sink.received).toHaveLength(2);
    expect(sink.received[0]!.subject).toMatch(/16.+22/);
    await expect(
      sendWeeklyCommand(world.database.db, { ...options, week: '2026-11-31' }),
    ).rejects.toMatchObject({ fields: [{ path: 'week' }] });
  });
  it('the server queues and sends the due packs by itself, once', async () => {
    const db = world.database.db;
    const app = await buildApp({
      db,
      settings: { defaultCountry: 'RU', defaultCurrency: 'RUB', secureCookies: false },
      serveWeb: false,
      jobs: world.database,
    });
    // a pass every 60 ms instead of every 5 minutes
    registerReportPackJobs(app, { REPORT_PACK_INTERVAL_MINUTES: '0.001', SMTP_URL: sink.url });
    await app.ready();
    try {
      const deadline = Date.now() + 30_000;
      while (sink.received.length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // more passes change nothing
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await app.close();
    }
    expect(sink.received.map((mail) => mail.to[0]).sort()).toEqual([
      'crma@test.autocrm',
      'managera@test.autocrm',
    ]);
    const rows = await db
      .selectFrom('report_mail')
      .select(['status', sql<string>`week_start::text`.as('week')])
      .execute();
    expect(rows).toEqual([
      { status: 'sent', week: dueWeek(new Date(), 'Europe/Moscow') },
      { status: 'sent', week: dueWeek(new Date(), 'Europe/Moscow') },
    ]);
  });
});
