import type pg from 'pg';

/**
 * May the demo load skip the per-row triggers (session_replication_role = replica)?
 *
 * Why: on these tables the triggers are the audit trigger (switched off for the load
 * anyway) and the foreign-key checks, and the checks cost more than the inserts themselves
 * (measured: 2-4 times the rows per second without them). The generator only ever points
 * at rows of the same batch or at dealers, users and catalogue rows read before the load,
 * and the tests load with the checks on to prove it.
 *
 * When not: the role is not a superuser (the setting is refused), the caller asked for the
 * checks, or some table carries a trigger this loader does not know (say a future trigger
 * that maintains a summary table): skipping that one would silently lose data. A trigger it
 * knows either has nothing to do for demo rows or is made up for after each batch.
 */
const skippableTriggerFunctions: Record<string, string | null> = {
  // audit is off for the load anyway; the generator writes updated_at itself
  autocrm_audit: null,
  autocrm_touch_updated_at: null,
  // the load writes no leads and its customers are new, so none of its activities can be a
  // lead's first response
  leads_first_response: null,
  // notes the CSI months whose answers change advisor when a visit's advisor is updated (0274);
  // the load only inserts visits, and their answers come later through the real services
  analytics_csi_note_advisors: null,
  // the generic derived-rows trigger (0204) is told apart by its sync function.
  // The current consent per channel and purpose, made up for once per batch, set-based, with
  // the batch's customer ids as $1
  'autocrm_refresh_derived:marketing_consent_state_sync':
    'select marketing_consent_state_sync($1::uuid[])',
  // the per-customer visit summary of segment counts, likewise (the batch's visits belong to
  // the batch's customers)
  'autocrm_refresh_derived:marketing_visit_summary_sync':
    'select marketing_visit_summary_sync($1::uuid[])',
  // the service facts are per vehicle: those the batch's visits and purchases name (a visit's
  // car may be registered to someone of an earlier batch)
  'autocrm_refresh_derived:service_vehicle_visit_facts_sync':
    'select service_vehicle_visit_facts_sync(array(select distinct vehicle_id from service_visits where customer_id = any($1::uuid[])))',
  'autocrm_refresh_derived:service_vehicle_purchase_facts_sync':
    'select service_vehicle_purchase_facts_sync(array(select distinct vehicle_id from vehicle_purchases where customer_id = any($1::uuid[])))',
  // the name words that give a broad name search its first page in name order (0206), likewise
  'autocrm_refresh_derived:customer_name_words_sync': 'select customer_name_words_sync($1::uuid[])',
  // and the e-mail local parts that give a bare "info@" its first page in name order (0257)
  'autocrm_refresh_derived:customer_email_local_parts_sync':
    'select customer_email_local_parts_sync($1::uuid[])',
  // the dealer sets on the ROI report's rows (0282): the load's customers are new, with no
  // campaign recipient row, ROI credit or uncredited conversion to carry one
  'autocrm_refresh_derived:marketing_customer_dealer_set_sync': null,
  // nor a best-customer kept row (0283)
  'autocrm_refresh_derived:analytics_best_customer_dealer_set_sync': null,
};

export type BulkMode = {
  skipTriggers: boolean;
  reason: string;
  /** statements that do what the skipped triggers would have done, run after each batch */
  catchUp: string[];
};

export async function chooseBulkMode(
  pool: pg.Pool,
  tables: readonly string[],
  checkForeignKeys: boolean,
): Promise<BulkMode> {
  if (checkForeignKeys) {
    return { skipTriggers: false, reason: 'foreign keys checked on request', catchUp: [] };
  }
  const role = await pool.query<{ rolsuper: boolean }>(
    'select rolsuper from pg_roles where rolname = current_user',
  );
  if (!role.rows[0]?.rolsuper) {
    return {
      skipTriggers: false,
      reason: 'foreign keys checked (the database role is no superuser)',
      catchUp: [],
    };
  }
  const triggers = await pool.query<{ table: string; trigger: string; function: string }>(
    // a generic trigger function is named with its first argument (tgargs holds them
    // NUL-separated; encode(..., 'escape') shows NUL as \000)
    `select c.relname as table, t.tgname as trigger,
            p.proname || case when p.proname = 'autocrm_refresh_derived'
                              then ':' || split_part(encode(t.tgargs, 'escape'), '\\000', 1)
                              else '' end as function
       from pg_trigger t
       join pg_class c on c.oid = t.tgrelid
       join pg_proc p on p.oid = t.tgfoid
      where not t.tgisinternal and t.tgrelid = any($1::regclass[])`,
    [tables],
  );
  const unknown = triggers.rows.filter(
    (row) => !Object.hasOwn(skippableTriggerFunctions, row.function),
  );
  if (unknown.length) {
    const names = unknown.map((row) => `${row.table}.${row.trigger}`).join(', ');
    return {
      skipTriggers: false,
      reason: `foreign keys checked (unknown triggers: ${names})`,
      catchUp: [],
    };
  }
  const catchUp = new Set<string>();
  for (const row of triggers.rows) {
    const statement = skippableTriggerFunctions[row.function];
    if (statement) catchUp.add(statement);
  }
  return {
    skipTriggers: true,
    reason:
      'bulk mode: per-row triggers and foreign-key checks skipped (keys come from the generator)',
    catchUp: [...catchUp],
  };
}
