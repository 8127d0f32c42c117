import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * The customer's most recent dealer (his `customer_dealers` row touched last), as an SQL
 * expression to select beside other columns in one query; null when no dealer knows him.
 * No scope here: callers that show it to a user check the customer's visibility first.
 */
export function latestDealerId(customerId: Expression<string> | string): RawBuilder<string | null> {
  return sql<string | null>`(select l.dealer_id from customer_dealers l
     where l.customer_id = ${customerId} order by l.last_at desc, l.dealer_id limit 1)`;
}
