/**
 * The real-time duplicate check at capture (issue 6: "a new record is compared against the base
 * and attached or flagged, in under 50 ms at 1M customers"), on a PostgreSQL database that
 * holds demo data.
 *
 *   DATABASE_URL=postgres://... npx tsx bench/duplicate-check.ts [--probes 200] [--dealer MSK01] [--read-only]
 *     [--phases] [--dates both|spread|near] [--clean-pending] [--delete-each] [--only <text>] [--explain]
 *
 * A sales consultant of the dealer enters people, four kinds of them, `--probes` of each:
 *   - typo: an existing person of the dealer again, one letter of the given name changed, the
 *     same birth date, a new phone (found through the surname + birth-year block);
 *   - same phone: an existing person's phone with the name in capitals (the phone block);
 *   - new person: a name and phone the base does not have (the common case: nothing found);
 *   - common name: the dealer's most frequent surname and given name with a birth year, the
 *     block that brings the most candidates (capped at 50);
 *   - the base's commonest name, its commonest surname + given name + patronymic, and its
 *     commonest Chinese name (surname in Han characters), the same way.
 * Each person is created through the customers service, then the check runs alone and is timed
 * (the time of the create is reported beside it); since 2026-12-06 the check also queues the
 * pairs it finds for review (one insert when it finds any), as every intake path does. The probes are deleted at the end, and the
 * customers table vacuumed so that the next run does not meet them in its indexes.
 *
 * `--read-only` (a shared database others measure on): nothing is written. Each person is
 * checked unsaved, under an id the base does not hold: the check's one statement (candidates
 * and their records, `namedRecordsIn(candidatesQuery)`) and its scoring, without the queue's
 * insert; the same-phone kind is left out, since its block reads the new person's stored phones.
 *
 * `--explain`: also prints EXPLAIN (ANALYZE, BUFFERS) of the candidate query for one probe of
 * each kind (after the timed runs, so it does not warm them).
 *
 * The common-name kinds enter one name again and again. Saved, each probe meets the ones before
 * it as namesakes (a call-centre campaign that brings one dealer many namesakes in minutes does
 * the same). How near their birth dates are decides how many of them the check keeps, so each
 * common-name kind is entered twice (`--dates both`, the default; `spread` or `near` for one):
 *   - dates spread, the realistic case: each probe born on a day of its own in 1970-1999 (as
 *     real namesakes are), so a probe keeps only the few born near it; entered first;
 *   - dates near, the worst case: every probe born on 15 May of a year from 1970 to 1999; any
 *     two such dates differ in at most two digits, so every probe is a namesake the check
 *     keeps, and a probable duplicate, of every probe before it (and of the spread probes of
 *     its name born within a year or two digits of it).
 * `--delete-each`: each probe is deleted right after its check (the writes without the bench's
 * own namesakes). `--phases`: a second table splits the check's time into its parts (the new
 * person's record, the candidate statement, the scoring, the queue's insert) and counts the
 * pairs queued. `--only <text>`: only the kinds whose label contains the text.
 *
 * `--clean-pending`: before each check (untimed) the customers' GIN indexes merge their pending
 * lists (`gin_clean_pending_list`, what a vacuum does). With fastupdate on, a GIN index keeps
 * the entries of recent writes in an unsorted list that every scan reads whole, until the list
 * outgrows `gin_pending_list_limit` or a vacuum; the probes' own entries are there, and so are
 * those of every customer written since (each update of a customer writes them again).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { actorForUser } from '../src/auth/index.ts';
import type { UserRow } from '../src/auth/index.ts';
import { openDatabase } from '../src/db/database.ts';
import { createCustomer, type CreateCustomerInput } from '../src/modules/customers/index.ts';
import {
  checkCapturedCustomers,
  type CheckPhase,
  type CheckPhaseTimes,
} from '../src/modules/quality/duplicates/capture-check.ts';
import { namedRecordsIn } from '../src/modules/quality/duplicates/base-records.ts';
import { explainCandidates } from '../src/modules/quality/duplicates/candidate-scoring.ts';
import { candidatesQuery } from '../src/modules/quality/duplicates/capture-candidates.ts';
import { duplicateSettings } from '../src/modules/quality/duplicates/settings.service.ts';
import { databaseTarget } from '../src/server/config.ts';
import { percentile } from './http-load.ts';

const { values: options } = parseArgs({
  options: {
    probes: { type: 'string', default: '200' },
    dealer: { type: 'string', default: 'MSK01' },
    'read-only': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    dates: { type: 'string', default: 'both' },
    'delete-each': { type: 'boolean', default: false },
    'clean-pending': { type: 'boolean', default: false },
    phases: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
type DateStyle = 'spread' | 'near';
const dateStyles: DateStyle[] =
  options.dates === 'both'
    ? ['spread', 'near']
    : options.dates === 'spread' || options.dates === 'near'
      ? [options.dates]
      : [];
if (dateStyles.length === 0) throw new Error('--dates both|spread|near');
const deleteEach = options['delete-each'];
const probes = Number(options.probes);
const readOnly = options['read-only'];
const target = databaseTarget();
if (target.kind !== 'postgres') throw new Error('set DATABASE_URL to a PostgreSQL database');
const database = await openDatabase(target, { poolSize: 2, command: 'bench/duplicate-check.ts' });
const db = database.db;

const user = (await db
  .selectFrom('users as u')
  .innerJoin('dealers as d', 'd.id', 'u.dealer_id')
  .selectAll('u')
  .where('u.role', '=', 'sales_consultant')
  .where('d.code', '=', options.dealer)
  .orderBy('u.email')
  .executeTakeFirstOrThrow()) as UserRow;
const actor = await actorForUser(db, user, 'cli');

type Existing = {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  e164: string;
};
const people = (
  await database.pool.query<Existing>(
    `select c.id, c.first_name, c.last_name, c.birth_date::text as birth_date, p.e164
       from customer_dealers cd
       join customers c on c.id = cd.customer_id
       join lateral (select e164 from customer_phones where customer_id = c.id limit 1) p on true
      where cd.dealer_id = $1 and c.kind = 'person' and c.merged_into is null
        and c.first_name is not null and c.last_name is not null and c.birth_date is not null
        and (cd.assigned_user_id = $2 or cd.assigned_user_id is null)
      order by md5(c.id::text) limit $3`,
    // one more than the probes need: `--explain` enters the next person of the same-phone kind
    [user.dealer_id, user.id, probes * 2 + 1],
  )
).rows;
const [common] = (
  await database.pool.query<{ last_name: string; first_name: string; people: number }>(
    `select c.last_name, c.first_name, count(*)::int as people
       from customer_dealers cd join customers c on c.id = cd.customer_id
      where cd.dealer_id = $1 and c.kind = 'person'
        and c.last_name is not null and c.first_name is not null
      group by 1, 2 order by 3 desc limit 1`,
    [user.dealer_id],
  )
).rows;
type Name = { last_name: string; first_name: string; middle_name?: string; people: number };
/** The base's commonest name among the persons a condition selects (all dealers). */
async function commonestInBase(condition: string, withMiddle = false): Promise<Name | undefined> {
  const parts = withMiddle
    ? 'c.last_name, c.first_name, c.middle_name'
    : 'c.last_name, c.first_name';
  return (
    await database.pool.query<Name>(
      `select ${parts}, count(*)::int as people from customers c
        where c.kind = 'person' and c.merged_into is null
          and c.last_name is not null and c.first_name is not null and ${condition}
        group by ${parts} order by people desc, ${parts} limit 1`,
    )
  ).rows[0];
}
const baseCommon = await commonestInBase('true');
const patronymic = await commonestInBase('c.middle_name is not null', true);
const chinese = await commonestInBase(`c.last_name ~ '[\u4e00-\u9fff]'`);
const { total } = (
  await database.pool.query<{ total: string }>('select count(*) as total from customers')
).rows[0]!;
if (people.length < probes * 2 + 1 || !common)
  throw new Error('not enough demo people at the dealer');

const runTag = Date.now() % 1_000_000;
let serial = 0;
const newPhone = () =>
  `+7 971 ${String(runTag).padStart(6, '0').slice(0, 2)}${String(serial++).padStart(5, '0')}`;
const changeOneLetter = (name: string) =>
  name.length > 2 ? name.slice(0, 2) + (name[2] === 'а' ? 'о' : 'а') + name.slice(3) : name + 'а';

/**
 * A common-name probe's birth date: 15 May of a year from 1970 to 1999 (near), or with a month
 * and day of its own as well (spread: 30 years × 12 months × 28 days, so the 105 probes of a
 * kind share no date and few are born within a year of each other).
 */
const probeBirthDate = (style: DateStyle, i: number) =>
  style === 'near'
    ? `19${70 + (i % 30)}-05-15`
    : `19${70 + (i % 30)}-${String(1 + ((i * 7) % 12)).padStart(2, '0')}-${String(1 + ((i * 11) % 28)).padStart(2, '0')}`;
const styleLabel = (style: DateStyle) =>
  style === 'near' ? 'dates near (worst case)' : 'dates spread';
type Kind = {
  name: string;
  input: (i: number) => CreateCustomerInput;
  source?: (i: number) => string;
};
const kinds: Kind[] = [
  {
    name: 'typo in the given name, same birth date',
    input: (i) => ({
      kind: 'person',
      firstName: changeOneLetter(people[i]!.first_name),
      lastName: people[i]!.last_name,
      birthDate: people[i]!.birth_date,
      phones: [{ number: newPhone() }],
    }),
    source: (i) => people[i]!.id,
  },
  {
    name: 'same phone, name in capitals',
    input: (i) => ({
      kind: 'person',
      firstName: people[probes + i]!.first_name.toUpperCase(),
      lastName: people[probes + i]!.last_name.toUpperCase(),
      phones: [{ number: people[probes + i]!.e164 }],
    }),
    source: (i) => people[probes + i]!.id,
  },
  {
    name: 'a new person',
    input: (i) => ({
      kind: 'person',
      firstName: 'Эксперимент',
      lastName: `Проверкин${runTag}x${i}`,
      birthDate: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      phones: [{ number: newPhone() }],
    }),
  },
];
const commonKind = (label: string, name: Name, style: DateStyle): Kind => ({
  name: `${label} (${[name.last_name, name.first_name, name.middle_name].filter(Boolean).join(' ')}, ${name.people}), ${styleLabel(style)}`,
  input: (i) => ({
    kind: 'person',
    firstName: name.first_name,
    lastName: name.last_name,
    middleName: name.middle_name,
    birthDate: probeBirthDate(style, i),
    phones: [{ number: newPhone() }],
  }),
});
for (const style of dateStyles) {
  kinds.push(commonKind('common name at the dealer', common, style));
  if (baseCommon) kinds.push(commonKind("the base's commonest name", baseCommon, style));
  if (patronymic) kinds.push(commonKind('commonest name with patronymic', patronymic, style));
  if (chinese) kinds.push(commonKind('commonest Chinese name', chinese, style));
}

if (readOnly) kinds.splice(1, 1); // the same-phone kind needs the new person's phones stored
if (options.only !== undefined) {
  const only = options.only;
  kinds.splice(0, kinds.length, ...kinds.filter((kind) => kind.name.includes(only)));
}

// the check's own threshold (the quality settings), not a copy of its default
const { reviewLower } = await duplicateSettings(db);

/** The check of an unsaved person: its statement and scoring, ids in the review band or above. */
async function checkUnsaved(input: CreateCustomerInput): Promise<string[]> {
  if (input.kind !== 'person') throw new Error('persons only');
  const person = {
    id: randomUUID(),
    firstName: input.firstName ?? undefined,
    middleName: input.middleName ?? undefined,
    lastName: input.lastName ?? undefined,
    birthDate: input.birthDate ?? undefined,
  };
  const named = await namedRecordsIn(db, candidatesQuery(actor, person));
  const scores = explainCandidates(
    person,
    named.map((n) => n.record),
  );
  return named
    .filter((_, i) => !scores[i]!.household && scores[i]!.probability >= reviewLower)
    .map((n) => n.record.id);
}

const phaseNames: CheckPhase[] = ['read', 'candidates', 'scoring', 'queue'];
type Row = {
  name: string;
  /** each phase's times, sorted, and the pairs queued by the kind's probes */
  phases: Record<CheckPhase, number[]>;
  pairs: number;
  createP50: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  found: string;
};
const rows: Row[] = [];
const created: string[] = [];
/** Saves a probe, checks it (its phases' times added to `phaseTimes`), deletes it if asked. */
async function saveAndCheck(
  input: CreateCustomerInput,
  phaseTimes?: CheckPhaseTimes,
): Promise<{ id: string; createMs: number; checkMs: number; duplicateIds: string[] }> {
  const startCreate = performance.now();
  const { id } = await createCustomer(db, actor, input);
  const endCreate = performance.now();
  if (options['clean-pending']) {
    await database.pool.query(
      `select gin_clean_pending_list(i.indexrelid::regclass) from pg_index i
         join pg_class x on x.oid = i.indexrelid join pg_am a on a.oid = x.relam
        where i.indrelid = 'customers'::regclass and a.amname = 'gin'`,
    );
  }
  const startCheck = performance.now();
  const duplicates = (await checkCapturedCustomers(db, actor, [id], phaseTimes)).get(id) ?? [];
  const end = performance.now();
  if (deleteEach) await database.pool.query('delete from customers where id = $1', [id]);
  else created.push(id);
  return {
    id,
    createMs: endCreate - startCreate,
    checkMs: end - startCheck,
    duplicateIds: duplicates.map((d) => d.id),
  };
}
try {
  // warm-up: a few of each, not counted
  for (const kind of kinds) {
    for (let i = 0; i < 5; i++) {
      if (readOnly) {
        await checkUnsaved(kind.input(i));
        continue;
      }
      await saveAndCheck(kind.input(i));
    }
  }
  for (const kind of kinds) {
    const checkMs: number[] = [];
    const createMs: number[] = [];
    let found = 0;
    const phases = Object.fromEntries(phaseNames.map((p) => [p, [] as number[]])) as Record<
      CheckPhase,
      number[]
    >;
    const kindIds: string[] = [];
    for (let i = 0; i < probes; i++) {
      if (readOnly) {
        const start = performance.now();
        const ids = await checkUnsaved(kind.input(i));
        checkMs.push(performance.now() - start);
        createMs.push(0);
        if (kind.source && ids.includes(kind.source(i))) found++;
        continue;
      }
      const times: CheckPhaseTimes = { read: 0, candidates: 0, scoring: 0, queue: 0 };
      const probe = await saveAndCheck(kind.input(i), times);
      kindIds.push(probe.id);
      createMs.push(probe.createMs);
      checkMs.push(probe.checkMs);
      for (const phase of phaseNames) phases[phase].push(times[phase]);
      if (kind.source && probe.duplicateIds.includes(kind.source(i))) found++;
    }
    for (const phase of phaseNames) phases[phase].sort((a, b) => a - b);
    // the pairs the kind's probes queued (with --delete-each they went with the probes)
    const { pairs } = (
      await database.pool.query<{ pairs: number }>(
        `select count(*)::int as pairs from duplicate_pairs
          where customer_a = any($1::uuid[]) or customer_b = any($1::uuid[])`,
        [kindIds],
      )
    ).rows[0]!;
    checkMs.sort((a, b) => a - b);
    createMs.sort((a, b) => a - b);
    rows.push({
      name: kind.name,
      phases,
      pairs,
      createP50: percentile(createMs, 50),
      p50: percentile(checkMs, 50),
      p95: percentile(checkMs, 95),
      p99: percentile(checkMs, 99),
      max: checkMs[checkMs.length - 1]!,
      found: kind.source ? `${found} / ${probes}` : '—',
    });
    console.error(`${kind.name}: check p95 ${percentile(checkMs, 95).toFixed(1)} ms`);
  }
  if (options.explain) {
    for (const kind of kinds) {
      const input = kind.input(probes);
      if (input.kind !== 'person') continue;
      const person = {
        id: randomUUID(),
        firstName: input.firstName ?? undefined,
        middleName: input.middleName ?? undefined,
        lastName: input.lastName ?? undefined,
        birthDate: input.birthDate ?? undefined,
      };
      const query = candidatesQuery(actor, person).compile(db);
      const plan = await database.pool.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${query.sql}`,
        [...query.parameters],
      );
      console.error(`\n-- ${kind.name}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
} finally {
  if (!readOnly) {
    // the probes go again (their phones, e-mails, links and consents with them)
    await database.pool.query('delete from customers where id = any($1::uuid[])', [created]);
    // Their index entries stay until a vacuum, and autovacuum waits for 20 % of a million rows:
    // the next run's common-name block then visited every deleted probe of the runs before
    // (2,796 index hits for 541 living namesakes after eight runs in half an hour).
    await database.pool.query('vacuum customers');
  }
  await database.close();
}

const ms = (value: number) => value.toFixed(1);
console.log(
  `\n### Duplicate check at capture, ${Number(total).toLocaleString('en')} customers, dealer ${options.dealer}${readOnly ? ', read-only' : `${deleteEach ? ', each deleted after its check' : ''}${options['clean-pending'] ? ', GIN pending lists merged before each check' : ''}`}\n`,
);
console.log(
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL server, one connection, ${probes} probes per kind after 5 of warm-up, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the end.\n`,
);
console.log('| person entered | create p50 ms | check p50 ms | p95 | p99 | max | source found |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  console.log(
    `| ${row.name} | ${ms(row.createP50)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} | ${row.found} |`,
  );
}
if (options.phases && !readOnly) {
  console.log(
    '\nThe check split into its parts, p50 / p95 ms (read: the new person and the settings; candidates: the candidate statement with their records; scoring: in Node; queue: the insert of the pairs), and the pairs its probes queued:\n',
  );
  console.log('| person entered | read | candidates | scoring | queue | pairs queued |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const cell = (phase: CheckPhase) =>
      `${ms(percentile(row.phases[phase], 50))} / ${ms(percentile(row.phases[phase], 95))}`;
    console.log(
      `| ${row.name} | ${phaseNames.map(cell).join(' | ')} | ${row.pairs.toLocaleString('en')} |`,
    );
  }
}
