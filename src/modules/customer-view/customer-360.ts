import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { customerVisible } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/prepared-statements.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { openTasksJson } from '../activities/index.ts';
import { complaintsJson } from '../complaints/index.ts';
import { assertCustomerVisible, profileFromRow } from '../customers/index.ts';
import {
  addressesJson,
  companyLinksJson,
  consentsJson,
  dealersJson,
  emailsJson,
  familyJson,
  householdJson,
  messengersJson,
  phonesJson,
  verificationFromRow,
} from '../customers/index.ts';
import { lastVisitDate } from '../service/index.ts';
import { vehiclesOfCustomerJson } from '../vehicles/index.ts';
import {
  timelineEntry,
  timelineJson,
  timelineSql,
  type TimelineCursor,
  type TimelineRow,
} from './timeline.ts';
import type { Customer360, TimelineEntry } from './view.schemas.ts';

export const timelinePage = 50;

/** The 360 view of one customer in one round trip; 404 when he is outside the actor's scope. */
export async function getCustomer360(
  db: Db,
  actor: Actor,
  customerId: string,
): Promise<Customer360> {
  const visible = (id: Parameters<typeof customerVisible>[1]) => customerVisible(actor, id);
  const query = db
    .selectFrom('customers as c')
    // the verifier's name: the verification itself is in the customer's own columns
    .leftJoin('users as verifier', 'verifier.id', 'c.verified_by')
    .selectAll('c')
    .select('verifier.display_name as verifier_name')
    .select((eb) => {
      const id = eb.ref('c.id');
      return [
        phonesJson(id).as('phones'),
        emailsJson(id).as('emails'),
        messengersJson(id).as('messengers'),
        addressesJson(id).as('addresses'),
        familyJson(id).as('family_members'),
        householdJson(eb.ref('c.household_id'), visible).as('household'),
        companyLinksJson(id, visible).as('company_links'),
        dealersJson(id).as('dealers'),
        consentsJson(id).as('consents'),
        vehiclesOfCustomerJson(id, lastVisitDate(sql.ref('v.id'))).as('vehicles'),
        openTasksJson(id).as('open_tasks'),
        complaintsJson(actor, id).as('complaints'),
        timelineJson(id, timelinePage).as('timeline'),
      ];
    })
    .where('c.id', '=', customerId)
    .where((eb) => customerVisible(actor, eb.ref('c.id')));
  const [row] = (await db.executeQuery(prepared(query.compile()))).rows;
  if (!row) throw new NotFoundError('Customer');
  type Sections = Omit<Customer360, 'profile'>;
  return {
    profile: profileFromRow(row),
    phones: row.phones as Sections['phones'],
    emails: row.emails as Sections['emails'],
    messengers: row.messengers as Sections['messengers'],
    addresses: row.addresses as Sections['addresses'],
    familyMembers: row.family_members as Sections['familyMembers'],
    household: row.household as Sections['household'],
    companyLinks: row.company_links as Sections['companyLinks'],
    dealers: row.dealers as Sections['dealers'],
    consents: row.consents as Sections['consents'],
    verification: verificationFromRow(row, row.verifier_name ?? null),
    vehicles: row.vehicles as Sections['vehicles'],
    openTasks: row.open_tasks as Sections['openTasks'],
    complaints: row.complaints as Sections['complaints'],
    timeline: (row.timeline as TimelineEntry[]).map((entry) => ({
      ...entry,
      at: new Date(entry.at).toISOString(),
    })),
  };
}

/** Older timeline entries, for "load more". */
export async function getTimeline(
  db: Db,
  actor: Actor,
  customerId: string,
  cursor: TimelineCursor,
  limit: number,
): Promise<TimelineEntry[]> {
  await assertCustomerVisible(db, actor, customerId);
  const result = await db.executeQuery(
    prepared(timelineSql(sql.val(customerId), cursor, limit).compile(db)),
  );
  return (result.rows as TimelineRow[]).map(timelineEntry);
}
