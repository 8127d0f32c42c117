import { sql, type RawBuilder } from 'kysely';
import { leadRowVisible, type Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { ValidationError } from '../../lib/errors.ts';
import { letterResponseCode, variantResponseCode } from './ab-test.ts';

/**
 * The per-variant measure of a letter (issue 5): each variant's letters print their own
 * response code (ab-test.ts letterResponseCode), and a variant's response is a recipient who
 * quoted that code in a lead (utm_campaign, else campaign) requested after the letter was
 * recorded, at any dealer: the code says which letter he read, so no window or dealer is
 * needed. "Any lead of the recipient" would count leads the letter had nothing to do with, the
 * same for every variant, and blur the difference the test is for.
 */

/** the code a lead quotes, as every matcher compares it (index 0244) */
export const leadCodeSql = (lead: string) =>
  sql<string>`lower(coalesce(${sql.ref(`${lead}.utm_campaign`)}, ${sql.ref(`${lead}.campaign`)}))`;

type LetterCampaign = { channel: string; response_code: string | null };

/**
 * SQL: the recipient (table alias) of this campaign quoted his letter's code. False for any
 * campaign that is not a letter with a response code, so the other channels count nothing.
 */
export function respondedSql(
  alias: string,
  campaign: LetterCampaign,
  variantCount: number,
): RawBuilder<boolean> {
  const code = campaign.response_code;
  if (campaign.channel !== 'mail' || !code) return sql<boolean>`false`;
  const variant = sql.ref(`${alias}.variant`);
  // with one variant the letter prints the campaign's own code; its variant code counts too
  const codes =
    variantCount > 1
      ? sql`(lower(${code} || '-' || ${variant}))`
      : sql`(lower(${code}), lower(${code} || '-' || ${variant}))`;
  return sql<boolean>`exists (select 1 from leads rl
    where rl.customer_id = ${sql.ref(`${alias}.customer_id`)}
      and ${leadCodeSql('rl')} in ${codes}
      and rl.requested_at >= ${sql.ref(`${alias}.created_at`)})`;
}

/**
 * Per variant key, every lead quoting the code its letters print, whoever sent it (a letter
 * handed on still answers for its variant): what the results table shows beside the rate.
 */
export async function codeLeadsByVariant(
  db: Db,
  campaign: LetterCampaign,
  keys: string[],
  /** counting for this reader only: the leads he sees (a dealer under a group's letter) */
  reader?: Actor,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (campaign.channel !== 'mail' || !campaign.response_code || keys.length === 0) return counts;
  const codeOf = new Map(
    keys.map((key) => [
      letterResponseCode(campaign.response_code, key, keys.length)!.toLowerCase(),
      key,
    ]),
  );
  if (keys.length === 1) {
    codeOf.set(variantResponseCode(campaign.response_code, keys[0]!).toLowerCase(), keys[0]!);
  }
  const rows = await db
    .selectFrom('leads as l')
    .select([leadCodeSql('l').as('code'), sql<string>`count(*)`.as('n')])
    .where(leadCodeSql('l'), 'in', [...codeOf.keys()])
    .where(
      reader
        ? leadRowVisible(reader, {
            dealerId: sql.ref('l.dealer_id'),
            brandId: sql.ref('l.brand_id'),
            assignedUserId: sql.ref('l.assigned_user_id'),
          })
        : sql<boolean>`true`,
    )
    .groupBy(sql`1`)
    .execute();
  for (const row of rows) {
    const key = codeOf.get(row.code)!;
    counts.set(key, (counts.get(key) ?? 0) + Number(row.n));
  }
  return counts;
}

/**
 * One code names one campaign (and one letter variant): the campaign's code and, for a letter,
 * its variants' codes must not equal another campaign's code or letter variant code.
 */
export async function checkResponseCodes(
  db: Db,
  body: { responseCode: string; channel: string; variants: { key: string }[] },
  campaignId?: string,
): Promise<void> {
  const mine = [body.responseCode];
  if (body.channel === 'mail') {
    mine.push(...body.variants.map((v) => variantResponseCode(body.responseCode, v.key)));
  }
  let query = db
    .selectFrom('marketing_response_codes')
    .select('code')
    .where(
      sql<string>`lower(code)`,
      'in',
      mine.map((code) => code.toLowerCase()),
    );
  if (campaignId) query = query.where('campaign_id', '<>', campaignId);
  const taken = await query.executeTakeFirst();
  if (taken) {
    throw new ValidationError([
      {
        path: 'responseCode',
        message: `another campaign uses the code ${taken.code}`,
        // the web's known code ("Already taken" in the user's language), as for other unique fields
        code: 'taken',
      },
    ]);
  }
}
