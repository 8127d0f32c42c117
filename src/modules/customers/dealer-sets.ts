import { sql, type RawBuilder } from 'kysely';

/**
 * SQL: a table expression of the given people (all: everyone) and the id of their set of
 * dealers (customer_id, set_id; customer_dealer_sets, 0281), for bulk inserts of rows that carry
 * it (the ROI refresh, 0282; the best-customer fit, 0283): one pass over their links instead of
 * the insert trigger's two look-ups per row (a full ROI rebuild 53 s without the trigger, 88 s
 * with it, at 1.14M customers). A person it leaves out (no link, or a set the base has not had
 * yet) gets a null, which the trigger (customer_dealer_set_fill) fills, so the id is right
 * either way.
 */
export function personDealerSets(people: 'all' | string[]): RawBuilder<unknown> {
  const mine = people === 'all' ? sql`true` : sql`linked.customer_id = any(${people}::uuid[])`;
  return sql`(select person.customer_id, person_set.id as set_id
      from (select linked.customer_id,
                   array_agg(linked.dealer_id order by linked.dealer_id) as dealer_ids
              from customer_dealers linked where ${mine}
             group by linked.customer_id) person
      join customer_dealer_sets person_set on person_set.dealer_ids = person.dealer_ids)`;
}
