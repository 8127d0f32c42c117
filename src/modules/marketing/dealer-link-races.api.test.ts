import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../db/schema.ts';
import { apiAs, createTestWorld, type TestWorld } from '../../testing/test-world.ts';
import { writePage } from './campaign-send.ts';
import { createRoiCampaign } from './roi-fixture.testing.ts';

/**
 * The copies of a person's dealer links that the data scope reads (the dealer set on his
 * campaign rows and best-customer scores, 0282/0283; his rows in the search's per-dealer
 * tables, 0206/0257) stay equal to his links when two transactions touch him at once (0286).
 * Each race is staged by hand on two connections of a PostgreSQL server: one transaction
 * writes and stays open, the other runs its statement (it either finishes or waits for a lock:
 * both are waited for, so the test never depends on timing), then they commit in the staged
 * order. PGlite has one connection, whose transactions run one after the other and cannot race:
 * the file runs with TEST_DATABASE_URL only.
 */
type Has = { email: boolean; score: boolean };
const everything: Has = { email: true, score: true };
/** the three kinds of person for the races between two link changes */
const kinds: { label: string; has: Has }[] = [
  { label: 'with a best-customer score', has: everything },
  { label: 'with an e-mail address, no score', has: { email: true, score: false } },
  { label: 'with a name only', has: { email: false, score: false } },
];

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "a person's dealer-link copies under two transactions at once",
  { timeout: 120_000 },
  () => {
    let world: TestWorld;
    let campaignId = '';
    let runId = '';
    let serial = 0;

    /** What is wrong now in the copies of `customerId`'s links (empty: all right). */
    async function wrongCopies(customerId: string): Promise<string[]> {
      const { rows } = await world.database.pool.query<{ wrong: string }>(
        `with mine as (
           select s.id from customer_dealer_sets s
            where s.dealer_ids = (select coalesce(array_agg(l.dealer_id order by l.dealer_id), '{}')
                                    from customer_dealers l where l.customer_id = $1)),
         name_rows as (
           select dealer_id, word, root_len, sort_key, assigned_user_id
             from customer_dealer_name_words where customer_id = $1),
         name_truth as (
           select dealer_id, word, root_len, sort_key, assigned_user_id
             from customer_dealer_name_words_source where customer_id = $1),
         email_rows as (
           select dealer_id, local_part, sort_key, assigned_user_id
             from customer_dealer_email_local_parts where customer_id = $1),
         email_truth as (
           select dealer_id, local_part, sort_key, assigned_user_id
             from customer_dealer_email_local_parts_source where customer_id = $1)
         select 'campaign row set ' || r.customer_dealer_set_id as wrong
           from marketing_campaign_recipients r
          where r.customer_id = $1 and r.customer_dealer_set_id is distinct from (select id from mine)
         union all
         select 'best-customer row set ' || k.customer_dealer_set_id
           from analytics_best_customer_scores k
          where k.customer_id = $1 and k.customer_dealer_set_id is distinct from (select id from mine)
         union all
         select 'name word ' || word || ' of dealer ' || d.code || ' too many'
           from (select * from name_rows except all select * from name_truth) x
           join dealers d on d.id = x.dealer_id
         union all
         select 'name word ' || word || ' of dealer ' || d.code || ' missing'
           from (select * from name_truth except all select * from name_rows) x
           join dealers d on d.id = x.dealer_id
         union all
         select 'e-mail ' || local_part || '@ of dealer ' || d.code || ' too many'
           from (select * from email_rows except all select * from email_truth) x
           join dealers d on d.id = x.dealer_id
         union all
         select 'e-mail ' || local_part || '@ of dealer ' || d.code || ' missing'
           from (select * from email_truth except all select * from email_rows) x
           join dealers d on d.id = x.dealer_id
         order by 1`,
        [customerId],
      );
      return rows.map((row) => row.wrong);
    }

    /**
     * A person of dealers A and B with a name, by default an e-mail address and a best-customer
     * score. What he has decides which of the link syncs (run in name order: best customers,
     * e-mail parts, name words, campaign rows) is the first to meet the other transaction's rows.
     */
    async function personOfAandB(has: Has = everything): Promise<string> {
      serial += 1;
      const created = await apiAs(world, 'managerA').post('/api/customers', {
        kind: 'person',
        firstName: `Racer${serial}`,
        lastName: 'Links',
        ...(has.email ? { emails: [{ address: `racer${serial}.links@example.com` }] } : {}),
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id as string;
      await world.database.pool.query(
        `insert into customer_dealers (customer_id, dealer_id, relations) values ($1, $2, '{service}')`,
        [id, world.dealers.B.id],
      );
      if (has.score) {
        await world.database.pool.query(
          `insert into analytics_best_customer_scores
                  (run_id, customer_id, probability, likeness, readiness, priority, reasons)
           values ($1, $2, 0.5, 1, 1, 1, '[]')`,
          [runId, id],
        );
      }
      expect(await wrongCopies(id)).toEqual([]);
      return id;
    }

    /** A connection of its own with an open transaction. */
    async function begin(): Promise<{ client: pg.PoolClient; pid: number }> {
      const client = await world.database.pool.connect();
      await client.query('begin');
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      return { client, pid: rows[0]!.pid };
    }

    /**
     * Resolves once `statement` has finished or its session waits for a lock: after that the
     * other side can go on without a race of its own.
     */
    async function finishedOrWaiting(pid: number, statement: Promise<unknown>): Promise<void> {
      let finished = false;
      void statement.then(
        () => (finished = true),
        () => (finished = true),
      );
      for (;;) {
        if (finished) return;
        const { rows } = await world.database.pool.query<{ waiting: boolean }>(
          `select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`,
          [pid],
        );
        if (rows[0]?.waiting) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    /**
     * A campaign page written for `customerId` by the send's own code (writePage) in a
     * transaction left open till `commit` is called.
     */
    function campaignPage(customerId: string) {
      let commit!: () => void;
      const committed = new Promise<void>((resolve) => (commit = resolve));
      let pid = 0;
      let written!: () => void;
      const pageWritten = new Promise<void>((resolve) => (written = resolve));
      const done = world.database.db.transaction().execute(async (tx: Transaction<Schema>) => {
        pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid;
        const page = [{ variant: 'A', customerId, blocked: 'staged race' }];
        const counts = { queued: 0, blocked: 0, alreadyThere: 0 };
        const campaign = { id: campaignId, name: 'Race', callAssigneeUserId: null, callDueDays: 1 };
        const writing = writePage(tx, campaign, 'all', page, counts, new Date());
        // the page's statements, or the wait for a lock among them
        await finishedOrWaiting(pid, writing).then(written);
        await writing;
        await committed;
      });
      return { pageWritten, commit, done };
    }

    beforeAll(async () => {
      world = await createTestWorld();
      campaignId = (
        await createRoiCampaign(world, 'crmGroup', 'Race', {
          ownerLevel: 'group',
          costMinor: 0,
          currency: 'RUB',
          attributionWindowDays: 30,
        })
      ).id;
      const { rows } = await world.database.pool.query<{ id: string }>(
        `insert into analytics_model_runs (model, status, as_of)
         values ('best_customer_nb', 'succeeded', current_date) returning id`,
      );
      runId = rows[0]!.id;
    });
    afterAll(async () => world?.close());

    const removeB = (client: pg.PoolClient, customerId: string) =>
      client.query('delete from customer_dealers where customer_id = $1 and dealer_id = $2', [
        customerId,
        world.dealers.B.id,
      ]);
    const addC = (client: pg.PoolClient, customerId: string) =>
      client.query(
        `insert into customer_dealers (customer_id, dealer_id, relations) values ($1, $2, '{sales}')`,
        [customerId, world.dealers.C.id],
      );

    /**
     * The staged race between two transactions on connections of their own: `first` writes and
     * stays open; `second` runs its statement until it finishes or waits for a lock; then they
     * commit in `order`. Both connections are released whatever happens.
     */
    async function race(
      first: (client: pg.PoolClient) => Promise<unknown>,
      second: (client: pg.PoolClient) => Promise<unknown>,
      order: 'first commits first' | 'second commits first' = 'first commits first',
    ): Promise<void> {
      const one = await begin();
      const two = await begin().catch((error: unknown) => {
        one.client.release();
        throw error;
      });
      try {
        await first(one.client);
        const running = second(two.client);
        await finishedOrWaiting(two.pid, running);
        if (order === 'first commits first') {
          await one.client.query('commit');
          await running;
          await two.client.query('commit');
        } else {
          await running;
          await two.client.query('commit');
          await one.client.query('commit');
        }
      } finally {
        one.client.release();
        two.client.release();
      }
    }

    it('a campaign page written, then a link removed before the page commits (race 1)', async () => {
      const person = await personOfAandB();
      const page = campaignPage(person);
      await page.pageWritten;
      const merge = await begin();
      const removing = removeB(merge.client, person);
      await finishedOrWaiting(merge.pid, removing);
      page.commit();
      await page.done;
      await removing;
      await merge.client.query('commit');
      merge.client.release();
      expect(await wrongCopies(person)).toEqual([]);
    });

    it('a link removed, then a campaign page written before the removal commits (race 1)', async () => {
      const person = await personOfAandB();
      const merge = await begin();
      await removeB(merge.client, person);
      const page = campaignPage(person);
      await page.pageWritten;
      await merge.client.query('commit');
      merge.client.release();
      page.commit();
      await page.done;
      expect(await wrongCopies(person)).toEqual([]);
    });

    for (const { label, has } of kinds) {
      it(`a link removed and another added at once, the removal first: a person ${label} (race 2)`, async () => {
        const person = await personOfAandB(has);
        await race(
          (remover) => removeB(remover, person),
          (adder) => addC(adder, person),
        );
        expect(await wrongCopies(person)).toEqual([]);
      });

      it(`a link added and another removed at once, the addition first: a person ${label} (race 2)`, async () => {
        const person = await personOfAandB(has);
        await race(
          (adder) => addC(adder, person),
          (remover) => removeB(remover, person),
        );
        expect(await wrongCopies(person)).toEqual([]);
      });
    }

    it('a person renamed while a link of his is removed (race 2, names)', async () => {
      const person = await personOfAandB();
      await race(
        (renamer) =>
          renamer.query(
            `update customers set search_text = search_text || ' renamed' where id = $1`,
            [person],
          ),
        (remover) => removeB(remover, person),
      );
      expect(await wrongCopies(person)).toEqual([]);
    });

    /** A fit's list written in bulk (as writeKeptScores does) for `people`, not committed. */
    async function bulkScores(fit: pg.PoolClient, people: string[]): Promise<void> {
      const { rows } = await fit.query<{ id: string }>(
        `insert into analytics_model_runs (model, status, as_of)
         values ('best_customer_nb', 'succeeded', current_date) returning id`,
      );
      await fit.query('select customer_dealer_links_bulk()');
      await fit.query(
        `insert into analytics_best_customer_scores
                (run_id, customer_id, probability, likeness, readiness, priority, reasons)
         select $1, id, 0.5, 1, 1, 1, '[]' from unnest($2::uuid[]) id`,
        [rows[0]!.id, people],
      );
    }

    it('a fit writing its list in bulk, a link removed beside it and committed first', async () => {
      const person = await personOfAandB();
      await race(
        (fit) => bulkScores(fit, [person]),
        (merge) => removeB(merge, person),
        'second commits first',
      );
      expect(await wrongCopies(person)).toEqual([]);
    });

    it('a fit writing its list in bulk, a link removed beside it and committed last', async () => {
      const person = await personOfAandB();
      await race(
        (fit) => bulkScores(fit, [person]),
        (merge) => removeB(merge, person),
      );
      expect(await wrongCopies(person)).toEqual([]);
    });

    it('a link removed while a statement links 1,001 people, him among them (bulk, race 2)', async () => {
      const person = await personOfAandB();
      const others = await world.database.pool.query<{ id: string }>(
        `insert into customers (kind, first_name, last_name, display_name, sort_key, search_text)
         select 'person', 'Bulk' || n, 'Links', 'Bulk' || n || ' Links', 'links bulk' || n,
                'bulk' || n || ' links'
           from generate_series(1, 1000) n
         returning id`,
      );
      await race(
        (load) =>
          load.query(
            `insert into customer_dealers (customer_id, dealer_id, relations)
             select id, $2, '{sales}' from unnest($1::uuid[]) id`,
            [[person, ...others.rows.map((row) => row.id)], world.dealers.C.id],
          ),
        (merge) => removeB(merge, person),
      );
      expect(await wrongCopies(person)).toEqual([]);
    });
  },
);
