import { sql } from 'kysely';
import type { Actor } from '../../../auth/index.ts';
import { customerVisible } from '../../../auth/index.ts';
import type { Db } from '../../../db/database.ts';
import { nameForms } from '../../../lib/transliterate.ts';
import type { PossibleDuplicate } from '../../customers/index.ts';
import { explainPair, prepareRecord } from '../matching/index.ts';
import { defaultParameters } from '../matching/default-parameters.ts';
import type { MatchModel } from '../matching/index.ts';
import { recordsByIds } from './base-records.ts';
import { duplicateSettings } from './settings.service.ts';

/** Candidates read per check at most: blocking keeps it small, this keeps it bounded. */
const MAX_CANDIDATES = 50;

/**
 * The real-time check: the customer just created against the base in the actor's scope.
 * Candidates come from three indexed blocks (the same phone, the same mailbox, a surname form
 * and the birth year through the full-text index); each is scored by the matching engine with
 * its preset parameters, and those at or above the review threshold are returned.
 */
export async function checkNewCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<PossibleDuplicate[]> {
  const [record] = await recordsByIds(db, [customerId]);
  if (!record) return [];
  const row = await db
    .selectFrom('customers')
    .select([
      'last_name',
      'first_name',
      sql<number | null>`extract(year from birth_date)::int`.as('year'),
    ])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();

  // Blocks by strength: a shared phone or mailbox first, then surname and birth year, then the
  // name alone. A common name finds hundreds; the limit must cut those, not a phone match.
  const blocks = [
    sql`select p2.customer_id as id, 1 as rank from customer_phones p1
          join customer_phones p2 on p2.e164 = p1.e164 and p2.customer_id <> p1.customer_id
         where p1.customer_id = ${customerId}`,
    sql`select e2.customer_id as id, 1 as rank from customer_emails e1
          join customer_emails e2 on e2.normalized = e1.normalized and e2.customer_id <> e1.customer_id
         where e1.customer_id = ${customerId}`,
  ];
  const forms = row.last_name ? nameForms(row.last_name, true) : [];
  if (forms.length && row.year) {
    const query = sql.join(
      forms.map((form) => sql`plainto_tsquery('simple', ${form})`),
      sql` || `,
    );
    blocks.push(sql`select c.id, 2 as rank from customers c
       where c.search_vector @@ (${query}) and c.birth_date >= make_date(${row.year}, 1, 1)
         and c.birth_date < make_date(${row.year + 1}, 1, 1) and c.id <> ${customerId}`);
  }
  const given = row.first_name ? nameForms(row.first_name, false) : [];
  if (forms.length && given.length) {
    const anyOf = (words: string[]) =>
      sql.join(
        words.map((form) => sql`plainto_tsquery('simple', ${form})`),
        sql` || `,
      );
    blocks.push(sql`select c.id, 3 as rank from customers c
       where c.search_vector @@ ((${anyOf(forms)}) && (${anyOf(given)})) and c.id <> ${customerId}`);
  }
  const candidates = await sql<{ id: string }>`
    select x.id from (${sql.join(blocks, sql` union all `)}) x
      join customers c on c.id = x.id
     where c.kind = 'person' and c.merged_into is null
       and ${customerVisible(actor, sql.ref('c.id'))}
     group by x.id
     order by min(x.rank), x.id
     limit ${MAX_CANDIDATES}`.execute(db);
  if (candidates.rows.length === 0) return [];

  const others = await recordsByIds(
    db,
    candidates.rows.map((c) => c.id),
  );
  const names = await db
    .selectFrom('customers')
    .select(['id', 'display_name'])
    .where(
      'id',
      'in',
      others.map((o) => o.id),
    )
    .execute();
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
  // The prior of a match falls with the number of candidates the blocks found.
  const model: MatchModel = {
    ...defaultParameters(others.length + 1),
    termCounts: [],
    records: others.length + 1,
  };
  const settings = await duplicateSettings(db);
  const prepared = prepareRecord(record, 'RU');
  return others
    .map((other) => {
      const explanation = explainPair(model, prepared, prepareRecord(other, 'RU'));
      return {
        id: other.id,
        displayName: nameOf.get(other.id) ?? '',
        probability: explanation.probability,
        matchedOn: explanation.contributions
          .filter((c) => c.weight > 0 && !c.discounted)
          .map((c) => c.field),
        household: explanation.household,
      };
    })
    .filter((c) => c.probability >= settings.reviewLower && !c.household)
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 5)
    .map(({ household: _household, ...duplicate }) => duplicate);
}
