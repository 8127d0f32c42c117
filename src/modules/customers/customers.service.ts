import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, customerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import {
  namedDealerInScope,
  findDealerById,
  getGroup,
  isActiveUserOf,
  type DealerRef,
} from '../org/index.ts';
import {
  normalizeAddresses,
  normalizeEmails,
  normalizePhones,
  type AddressRecord,
  type EmailRecord,
  type PhoneRecord,
} from './contact-normalization.ts';
import type {
  CreateCustomerInput,
  FamilyMemberInput,
  MessengerInput,
  UpdateCustomerInput,
} from './customer.schemas.ts';
import { recordConsents } from './consents.service.ts';
import { displayName, searchText, sortKey, type NameParts } from './derived-fields.ts';
import type { CustomerRow, CustomersTables } from './schema.ts';
import type { CustomerKind, DealerRelation } from './vocabulary.ts';
import { latestDateOnEarth } from '../../lib/zoned-time.ts';

type ContactSets = {
  phones?: PhoneRecord[];
  emails?: EmailRecord[];
  addresses?: AddressRecord[];
  messengers?: MessengerInput[];
  familyMembers?: FamilyMemberInput[];
};

function profileColumns(input: UpdateCustomerInput): Updateable<CustomerRow> {
  const columns: Updateable<CustomerRow> = {};
  const set = <K extends keyof CustomerRow>(key: K, value: unknown) => {
    if (value !== undefined) (columns as Record<string, unknown>)[key] = value;
  };
  set('lifecycle_stage', input.lifecycleStage);
  set('first_name', input.firstName);
  set('middle_name', input.middleName);
  set('last_name', input.lastName);
  set('gender', input.gender);
  set('birth_date', input.birthDate);
  set('education', input.education);
  set('occupation', input.occupation);
  set('employer', input.employer);
  set('income_band', input.incomeBand);
  set('marital_status', input.maritalStatus);
  set('children_count', input.childrenCount);
  set(
    'interests',
    input.interests ? [...new Set(input.interests.map((tag) => tag.toLowerCase()))] : undefined,
  );
  set('personal_values', input.personalValues);
  set('friends_cars', input.friendsCars);
  set('company_name', input.companyName);
  set('legal_form', input.legalForm);
  set('tax_id', input.taxId);
  set('categories', input.categories ? [...new Set(input.categories)] : undefined);
  set('preferred_language', input.preferredLanguage);
  set('preferred_channel', input.preferredChannel);
  set('timezone', input.timezone);
  set('source', input.source);
  set('notes', input.notes);
  set('household_id', input.householdId);
  set('household_role', input.householdRole);
  return columns;
}

function checkBirthDate(value: string | null | undefined, path: string, problems: FieldProblem[]) {
  if (!value) return;
  // a birth date belongs to no time zone: it is in the future only where no one has reached it
  if (value > latestDateOnEarth())
    problems.push({ path, message: 'lies in the future', code: 'in_future' });
  else if (value < '1900-01-01')
    problems.push({ path, message: 'before 1900', code: 'before_1900' });
}

function checkNames(kind: 'person' | 'company', names: NameParts, problems: FieldProblem[]) {
  if (kind === 'person' && !names.firstName && !names.lastName) {
    problems.push({
      path: 'lastName',
      message: 'a person needs a first or last name',
      code: 'name_required',
    });
  }
  if (kind === 'company' && !names.companyName) {
    problems.push({ path: 'companyName', message: 'a company needs a name', code: 'required' });
  }
}

function validateContacts(
  input: UpdateCustomerInput,
  country: string,
  problems: FieldProblem[],
): ContactSets {
  checkBirthDate(input.birthDate, 'birthDate', problems);
  input.familyMembers?.forEach((member, index) =>
    checkBirthDate(member.birthDate, `familyMembers.${index}.birthDate`, problems),
  );
  return {
    phones: input.phones && normalizePhones(input.phones, country, problems),
    emails: input.emails && normalizeEmails(input.emails, problems),
    addresses: input.addresses && normalizeAddresses(input.addresses, country),
    messengers: input.messengers,
    familyMembers: input.familyMembers,
  };
}

/** Replace whichever contact lists were given. */
async function writeContacts(tx: Tx, customerId: string, sets: ContactSets): Promise<void> {
  if (sets.phones) {
    await tx.deleteFrom('customer_phones').where('customer_id', '=', customerId).execute();
    if (sets.phones.length) {
      await tx
        .insertInto('customer_phones')
        .values(
          sets.phones.map((phone) => ({
            customer_id: customerId,
            e164: phone.e164,
            raw: phone.raw,
            kind: phone.kind,
            is_primary: phone.isPrimary,
          })),
        )
        .execute();
    }
  }
  if (sets.emails) {
    await tx.deleteFrom('customer_emails').where('customer_id', '=', customerId).execute();
    if (sets.emails.length) {
      await tx
        .insertInto('customer_emails')
        .values(
          sets.emails.map((email) => ({
            customer_id: customerId,
            address: email.address,
            normalized: email.normalized,
            kind: email.kind,
            is_primary: email.isPrimary,
          })),
        )
        .execute();
    }
  }
  if (sets.addresses) {
    await tx.deleteFrom('customer_addresses').where('customer_id', '=', customerId).execute();
    if (sets.addresses.length) {
      await tx
        .insertInto('customer_addresses')
        .values(
          sets.addresses.map(({ isPrimary, ...address }) => ({
            customer_id: customerId,
            kind: address.kind,
            country: address.country,
            region: address.region ?? null,
            city: address.city ?? null,
            postcode: address.postcode ?? null,
            street: address.street ?? null,
            building: address.building ?? null,
            apartment: address.apartment ?? null,
            is_primary: isPrimary,
          })),
        )
        .execute();
    }
  }
  if (sets.messengers) {
    await tx.deleteFrom('customer_messengers').where('customer_id', '=', customerId).execute();
    const unique = [...new Map(sets.messengers.map((m) => [`${m.kind}:${m.handle}`, m])).values()];
    if (unique.length) {
      await tx
        .insertInto('customer_messengers')
        .values(unique.map((m) => ({ customer_id: customerId, kind: m.kind, handle: m.handle })))
        .execute();
    }
  }
  if (sets.familyMembers) {
    await tx.deleteFrom('customer_family_members').where('customer_id', '=', customerId).execute();
    if (sets.familyMembers.length) {
      await tx
        .insertInto('customer_family_members')
        .values(
          sets.familyMembers.map((member) => ({
            customer_id: customerId,
            relation: member.relation,
            name: member.name,
            birth_date: member.birthDate ?? null,
          })),
        )
        .execute();
    }
  }
}

/** A household links persons (as `createHousehold` holds too): a company joins none. */
async function checkHousehold(
  db: Db | Tx,
  kind: CustomerKind,
  householdId: string | null | undefined,
  problems: FieldProblem[],
) {
  if (!householdId) return;
  if (kind !== 'person') {
    problems.push({
      path: 'householdId',
      message: 'only a person can be in a household',
      code: 'not_a_person',
    });
    return;
  }
  const found = await db
    .selectFrom('households')
    .select('id')
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!found) problems.push({ path: 'householdId', message: 'no such household' });
}

/** The dealer a new customer belongs to: the one named, else the actor's own. */
async function dealerForNewCustomer(
  db: Db,
  actor: Actor,
  dealerCode: string | undefined,
  problems: FieldProblem[],
): Promise<DealerRef | null> {
  const named = await namedDealerInScope(db, actor, dealerCode, problems);
  if (named !== undefined) return named;
  if (actor.dealerId) return (await findDealerById(db, actor.dealerId)) ?? null;
  if (actor.scope.level !== 'group') {
    problems.push({
      path: 'dealerCode',
      message: 'required: name the dealer the customer belongs to',
    });
  }
  return null;
}

async function checkAssignee(
  db: Db,
  actor: Actor,
  dealer: DealerRef | null,
  assignedUserId: string | null | undefined,
  problems: FieldProblem[],
): Promise<string | null> {
  if (actor.role === 'sales_consultant') {
    if (assignedUserId && assignedUserId !== actor.userId) {
      throw new ForbiddenError('A consultant may assign customers only to himself').because(
        'only_for_yourself',
      );
    }
    return actor.userId;
  }
  if (!assignedUserId) return null;
  if (!dealer) {
    problems.push({ path: 'assignedUserId', message: 'a consultant is assigned within a dealer' });
    return null;
  }
  if (!(await isActiveUserOf(db, assignedUserId, dealer.id)))
    problems.push({
      path: 'assignedUserId',
      message: `not an active user of dealer ${dealer.code}`,
    });
  return assignedUserId;
}

export async function defaultCountry(db: Db | Tx): Promise<string> {
  return (await getGroup(db))?.default_country ?? 'RU';
}

export async function createCustomer(
  db: Db,
  actor: Actor,
  input: CreateCustomerInput,
  /** the country to read national phone numbers with, when the caller knows better (lead capture) */
  options: { phoneCountry?: string } = {},
): Promise<{ id: string }> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError();
  const problems: FieldProblem[] = [];
  const dealer = await dealerForNewCustomer(db, actor, input.dealerCode, problems);
  const country = options.phoneCountry ?? dealer?.country ?? (await defaultCountry(db));
  const names: NameParts = { ...input, kind: input.kind };
  checkNames(input.kind, names, problems);
  const contacts = validateContacts(input, country, problems);
  const assignee = await checkAssignee(db, actor, dealer, input.assignedUserId, problems);
  await checkHousehold(db, input.kind, input.householdId, problems);
  if (input.consents?.length && !can(actor, 'consents:write'))
    throw new ForbiddenError('You may not record consent');
  if (problems.length) throw new ValidationError(problems);

  return withActor(db, actor, async (tx) => {
    const row: Insertable<CustomerRow> = {
      ...profileColumns(input),
      kind: input.kind,
      display_name: displayName(names),
      sort_key: sortKey(names),
      search_text: searchText(names),
      created_by: actor.userId,
    } as Insertable<CustomerRow>;
    const { id } = await tx
      .insertInto('customers')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeContacts(tx, id, contacts);
    if (dealer) {
      await linkCustomerToDealer(
        tx,
        id,
        dealer.id,
        input.dealerRelation ?? relationForStage(input.lifecycleStage),
        assignee,
      );
    }
    if (input.consents?.length) {
      await recordConsents(tx, actor, id, input.consents, dealer?.id ?? null);
    }
    return { id };
  });
}

function relationForStage(stage: string | undefined): DealerRelation {
  return stage === 'owner' || stage === 'customer' ? 'owner' : 'prospect';
}

/**
 * Relates a customer to a dealer (adds the relation if the link exists). The assignee is
 * only set when given, so that a service visit does not take the customer from his consultant.
 */
export async function linkCustomerToDealer(
  tx: Tx,
  customerId: string,
  dealerId: string,
  relation: DealerRelation,
  assignedUserId?: string | null,
): Promise<void> {
  await sql`
    insert into customer_dealers (customer_id, dealer_id, relations, assigned_user_id)
    values (${customerId}, ${dealerId}, array[${relation}]::text[], ${assignedUserId ?? null})
    on conflict (customer_id, dealer_id) do update
       set relations = case when ${relation} = any(customer_dealers.relations)
                            then customer_dealers.relations
                            else customer_dealers.relations || ${relation}::text end,
           assigned_user_id = coalesce(excluded.assigned_user_id, customer_dealers.assigned_user_id),
           last_at = now()`.execute(tx);
}

export async function updateCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
  input: UpdateCustomerInput,
): Promise<void> {
  if (!can(actor, 'customers:write')) throw new ForbiddenError();
  const current = await db
    .selectFrom('customers as c')
    .selectAll('c')
    .where('c.id', '=', customerId)
    .where((eb) => customerVisible(actor, eb.ref('c.id')))
    .executeTakeFirst();
  if (!current) throw new NotFoundError('Customer');

  const problems: FieldProblem[] = [];
  const names: NameParts = {
    kind: current.kind,
    firstName: input.firstName !== undefined ? input.firstName : current.first_name,
    middleName: input.middleName !== undefined ? input.middleName : current.middle_name,
    lastName: input.lastName !== undefined ? input.lastName : current.last_name,
    companyName: input.companyName !== undefined ? input.companyName : current.company_name,
    legalForm: input.legalForm !== undefined ? input.legalForm : current.legal_form,
    taxId: input.taxId !== undefined ? input.taxId : current.tax_id,
  };
  checkNames(current.kind, names, problems);
  const country = (await customerCountry(db, customerId)) ?? (await defaultCountry(db));
  const contacts = validateContacts(input, country, problems);
  await checkHousehold(db, current.kind, input.householdId, problems);
  if (problems.length) throw new ValidationError(problems);

  await withActor(db, actor, async (tx) => {
    await tx
      .updateTable('customers')
      .set({
        ...profileColumns(input),
        display_name: displayName(names),
        sort_key: sortKey(names),
        search_text: searchText(names),
      })
      .where('id', '=', customerId)
      .execute();
    await writeContacts(tx, customerId, contacts);
  });
}

/** The country to read a customer's national phone numbers with: his first dealer's. */
async function customerCountry(db: Db, customerId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('customer_dealers as cd')
    .innerJoin('dealers as d', 'd.id', 'cd.dealer_id')
    .select('d.country')
    .where('cd.customer_id', '=', customerId)
    .orderBy('cd.first_at')
    .executeTakeFirst();
  return row?.country;
}

export type CustomerProfile = ReturnType<typeof profileFromRow>;

export function profileFromRow(row: Selectable<CustomersTables['customers']>) {
  return {
    id: row.id,
    kind: row.kind,
    lifecycleStage: row.lifecycle_stage,
    displayName: row.display_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    gender: row.gender,
    birthDate: row.birth_date,
    education: row.education,
    occupation: row.occupation,
    employer: row.employer,
    incomeBand: row.income_band,
    maritalStatus: row.marital_status,
    childrenCount: row.children_count,
    interests: row.interests,
    personalValues: row.personal_values,
    friendsCars: row.friends_cars,
    companyName: row.company_name,
    legalForm: row.legal_form,
    taxId: row.tax_id,
    categories: row.categories,
    preferredLanguage: row.preferred_language,
    preferredChannel: row.preferred_channel,
    timezone: row.timezone,
    source: row.source,
    notes: row.notes,
    householdId: row.household_id,
    householdRole: row.household_role,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    verifiedAt: row.verified_at ? new Date(row.verified_at).toISOString() : null,
    verificationMethod: row.verification_method,
  };
}

/**
 * Phones and e-mails a known person gave again with a new touch (a lead, a form) that are not on
 * file yet: added beside the ones he has, never replacing them, and none of them primary.
 */
export async function addMissingContacts(
  tx: Tx,
  customerId: string,
  contacts: {
    phones: { e164: string; raw: string }[];
    emails: { address: string; normalized: string }[];
  },
): Promise<void> {
  if (contacts.phones.length) {
    await tx
      .insertInto('customer_phones')
      .values(
        contacts.phones.map((phone) => ({
          customer_id: customerId,
          e164: phone.e164,
          raw: phone.raw,
          kind: 'mobile',
          is_primary: false,
        })),
      )
      .onConflict((oc) => oc.columns(['customer_id', 'e164']).doNothing())
      .execute();
  }
  if (contacts.emails.length) {
    await tx
      .insertInto('customer_emails')
      .values(
        contacts.emails.map((email) => ({
          customer_id: customerId,
          address: email.address,
          normalized: email.normalized,
          kind: 'personal',
          is_primary: false,
        })),
      )
      .onConflict((oc) => oc.columns(['customer_id', 'normalized']).doNothing())
      .execute();
  }
}
