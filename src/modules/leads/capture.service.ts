import { sql } from 'kysely';
import type { Actor, Tx } from '../../auth/index.ts';
import { can, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ConflictError,
  ForbiddenError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { logActivity } from '../activities/index.ts';
import {
  addMissingContacts,
  createCustomer,
  defaultCountry,
  linkCustomerToDealer,
  normalizeEmails,
  normalizePhones,
  recordConsents,
  type EmailRecord,
  type PhoneRecord,
} from '../customers/index.ts';
import {
  assertDealerInScope,
  findBrandByCode,
  findDealerByCode,
  findDealerById,
  isActiveUserOf,
  type DealerRef,
} from '../org/index.ts';
import type { LeadCaptureInput, LeadCaptureResult } from './capture.types.ts';
import { engineActor } from './engine-actor.ts';
import { createLeadTask, firstContactPlan } from './follow-up.ts';
import { claimOwnership, lockKeys } from './ownership.ts';
import { chooseDealer, defaultOpenLeadCap, pickConsultant } from './routing.ts';

type Contacts = { phones: PhoneRecord[]; emails: EmailRecord[] };

/** The person's phones and e-mails, normalised as the customers module does, errors under `person.`. */
function normalizedContacts(
  input: LeadCaptureInput,
  country: string,
  problems: FieldProblem[],
): Contacts {
  const found: FieldProblem[] = [];
  const phones = normalizePhones(
    input.person.phones.map((phone) => ({ number: phone.number })),
    country,
    found,
  );
  const emails = normalizeEmails(
    input.person.emails.map((email) => ({ address: email.address })),
    found,
  );
  problems.push(...found.map((problem) => ({ ...problem, path: `person.${problem.path}` })));
  return { phones, emails };
}

/** The person these contacts belong to: a phone match first, then an e-mail; the oldest record. */
async function findPerson(tx: Tx, contacts: Contacts): Promise<string | null> {
  if (!contacts.phones.length && !contacts.emails.length) return null;
  const row = await sql<{ customer_id: string }>`
    select m.customer_id
      from (select customer_id, 0 as rank from customer_phones
             where e164 = any(${sql.val(contacts.phones.map((phone) => phone.e164))}::text[])
            union all
            select customer_id, 1 from customer_emails
             where normalized = any(${sql.val(contacts.emails.map((email) => email.normalized))}::text[])) m
      join customers c on c.id = m.customer_id
     order by m.rank, c.created_at, c.id
     limit 1`.execute(tx);
  return row.rows[0]?.customer_id ?? null;
}

async function resolveBrand(
  tx: Tx,
  input: LeadCaptureInput,
  dealer: DealerRef | null,
  problems: FieldProblem[],
): Promise<string | null> {
  if (input.brandCode) {
    const brand = await findBrandByCode(tx, input.brandCode);
    if (!brand) problems.push({ path: 'brandCode', message: `no brand ${input.brandCode}` });
    return brand?.id ?? null;
  }
  const makes = (input.vehicles ?? []).flatMap((v) => (v.make ? [v.make.toLowerCase()] : []));
  if (makes.length) {
    const byMake = await tx
      .selectFrom('brands')
      .select('id')
      .where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['code']), 'in', makes),
          eb(eb.fn('lower', ['name']), 'in', makes),
        ]),
      )
      .executeTakeFirst();
    if (byMake) return byMake.id;
  }
  return dealer ? soleBrandOf(tx, dealer.id) : null;
}

/** The dealer's brand when it sells exactly one, else null (which brand is then unknown). */
export async function soleBrandOf(tx: Tx, dealerId: string): Promise<string | null> {
  const brands = await tx
    .selectFrom('dealer_brands')
    .select('brand_id')
    .where('dealer_id', '=', dealerId)
    .limit(2)
    .execute();
  return brands.length === 1 ? brands[0]!.brand_id : null;
}

/** The dealer the caller named (or his own); 403 outside his scope. */
async function explicitDealer(
  tx: Tx,
  actor: Actor,
  input: LeadCaptureInput,
  problems: FieldProblem[],
): Promise<DealerRef | null> {
  if (input.dealerCode) {
    const dealer = await findDealerByCode(tx, input.dealerCode);
    if (!dealer) {
      problems.push({
        path: 'dealerCode',
        message: `no dealer ${input.dealerCode}`,
        code: 'unknown_dealer',
      });
      return null;
    }
    if (actor.userId) assertDealerInScope(actor, dealer);
    return dealer;
  }
  return actor.dealerId ? ((await findDealerById(tx, actor.dealerId)) ?? null) : null;
}

/**
 * Checks of the values the type cannot express, for callers that do not come through the
 * HTTP schemas (file imports, ADF, web forms): bad ones are named, nothing is stored.
 */
function checkValues(input: LeadCaptureInput, problems: FieldProblem[]): void {
  const badTime = (value: string | undefined) =>
    value !== undefined && Number.isNaN(Date.parse(value));
  if (input.intendedPurchaseDate && !/^\d{4}-\d{2}-\d{2}/.test(input.intendedPurchaseDate)) {
    problems.push({ path: 'intendedPurchaseDate', message: 'not a date (YYYY-MM-DD)' });
  }
  if (badTime(input.requestedAt)) problems.push({ path: 'requestedAt', message: 'not a time' });
  if (badTime(input.nextContactAt)) problems.push({ path: 'nextContactAt', message: 'not a time' });
  if (input.budgetMinor !== undefined) {
    if (!Number.isSafeInteger(input.budgetMinor) || input.budgetMinor < 0) {
      problems.push({ path: 'budgetMinor', message: 'a whole non-negative amount in minor units' });
    }
    if (!input.currency || !/^[A-Z]{3}$/.test(input.currency)) {
      problems.push({ path: 'currency', message: 'an ISO 4217 code is required with a budget' });
    }
  }
}

/** A new person needs a name; a known one is found by his contacts alone. */
function checkNewPersonName(input: LeadCaptureInput): void {
  const { person } = input;
  if (person.kind === 'person' && !person.firstName && !person.lastName) {
    throw new ValidationError([
      { path: 'person.lastName', message: 'a new person needs a first or last name' },
    ]);
  }
  if (person.kind === 'company' && !person.companyName) {
    throw new ValidationError([{ path: 'person.companyName', message: 'a company needs a name' }]);
  }
}

async function checkSource(tx: Tx, key: string, problems: FieldProblem[]): Promise<void> {
  const source = await tx
    .selectFrom('lead_sources')
    .select('key')
    .where('key', '=', key)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!source) problems.push({ path: 'source', message: `no active lead source "${key}"` });
}

const touchChannel = {
  'walk-in': 'visit',
  phone: 'call',
  web: 'web',
  email: 'email',
  event: 'event',
} as const;

function contactModeOf(input: LeadCaptureInput): keyof typeof touchChannel {
  if (input.contactMode) return input.contactMode;
  if (input.source === 'showroom') return 'walk-in';
  if (input.source === 'telemarketing' || input.source === 'call_center') return 'phone';
  if (input.source === 'marketing_events') return 'event';
  return 'web';
}

async function existingLead(tx: Tx, input: LeadCaptureInput) {
  if (!input.externalRef) return undefined;
  return tx
    .selectFrom('leads')
    .select(['id', 'customer_id', 'dealer_id', 'assigned_user_id'])
    .where('source_key', '=', input.source)
    .where('external_ref', '=', input.externalRef)
    .executeTakeFirst();
}

/**
 * Captures a lead from any channel into the one customer base: finds the person by a
 * normalised phone or e-mail or creates him, attaches the lead, routes it to a dealer and a
 * consultant, records the touch and plans the first follow-up, all in one transaction.
 *
 * Concurrent captures of the same contact are serialised by transaction-scoped advisory locks
 * on the normalised contacts (taken in sorted order), so no second person is ever created; this
 * holds on PostgreSQL with many connections as it does on PGlite's single one.
 */
export async function captureLead(
  db: Db,
  actor: Actor,
  input: LeadCaptureInput,
): Promise<LeadCaptureResult> {
  if (actor.userId && !can(actor, 'customers:write')) {
    throw new ForbiddenError('Your role may not capture leads');
  }
  const engine = engineActor(actor);
  return withActor(db, actor, async (tx) => {
    const problems: FieldProblem[] = [];
    await checkSource(tx, input.source, problems);
    checkValues(input, problems);
    const named = await explicitDealer(tx, actor, input, problems);
    const country = named?.country ?? (await defaultCountry(tx));
    const contacts = normalizedContacts(input, country, problems);
    let brandId = await resolveBrand(tx, input, named, problems);
    if (problems.length) throw new ValidationError(problems);

    await lockKeys(tx, [
      ...contacts.phones.map((phone) => `lead-contact:phone:${phone.e164}`),
      ...contacts.emails.map((email) => `lead-contact:email:${email.normalized}`),
      ...(input.externalRef ? [`lead-ref:${input.source}:${input.externalRef}`] : []),
    ]);
    const earlier = await existingLead(tx, input);
    if (earlier) {
      return {
        leadId: earlier.id,
        customerId: earlier.customer_id,
        customerCreated: false,
        leadCreated: false,
        dealerId: earlier.dealer_id,
        assignedUserId: earlier.assigned_user_id,
      };
    }

    let customerId = await findPerson(tx, contacts);
    const customerCreated = customerId == null;
    if (!customerId) {
      checkNewPersonName(input);
      customerId = await createPerson(tx, engine, input, country);
    } else {
      // a second phone or a new e-mail given with this lead joins the ones on file
      await addMissingContacts(tx, customerId, contacts);
      // A known person's consent given, or withdrawn, with this lead counts as much as a new one's.
      const consents = consentInputs(input);
      if (consents.length) await recordConsents(tx, engine, customerId, consents, null);
    }
    // the same key as transfers and claims: a hand-over in flight and this capture take turns,
    // so the owner read below is the one that holds when the lead is written
    await lockKeys(tx, [`lead-person:${customerId}`]);

    const models = (input.vehicles ?? []).flatMap((v) => (v.model ? [v.model.toLowerCase()] : []));
    let dealerId = named?.id ?? null;
    let cap = defaultOpenLeadCap;
    if (!dealerId) {
      const routed = await chooseDealer(tx, {
        customerId,
        brandId,
        sourceKey: input.source,
        postcode: input.person.postcode ?? null,
        city: input.person.city ?? null,
        models,
      });
      dealerId = routed?.dealerId ?? null;
      cap = routed?.cap ?? cap;
    }
    if (!brandId && dealerId) brandId = await soleBrandOf(tx, dealerId);
    if (brandId && dealerId) {
      const owner = await claimOwnership(tx, customerId, brandId, dealerId);
      if (owner !== dealerId) {
        // a dealer's own staff may not take another dealer's prospect; other channels hand
        // the lead to the dealer who owns him
        if (actor.dealerId) {
          const ownerRef = await findDealerById(tx, owner);
          throw new ConflictError(
            `This person is dealer ${ownerRef?.code}'s prospect for this brand; ask for a hand-over`,
            [{ path: 'person', message: `owned by dealer ${ownerRef?.code}` }],
          ).because('prospect_of_other_dealer', {
            dealer: ownerRef?.code ?? '',
          });
        }
        dealerId = owner;
      }
    }

    const assignedUserId = dealerId
      ? await chooseAssignee(tx, actor, customerId, dealerId, cap)
      : null;
    const leadId = await insertLead(tx, actor, input, {
      customerId,
      dealerId,
      brandId,
      assignedUserId,
    });
    if (dealerId) {
      await linkCustomerToDealer(tx, customerId, dealerId, 'prospect', assignedUserId);
    }
    const dealerCode = dealerId ? (await findDealerById(tx, dealerId))?.code : undefined;
    await logActivity(tx, engine, {
      customerId,
      channel: touchChannel[contactModeOf(input)],
      direction: 'inbound',
      subject: `Lead: ${input.source}${input.campaign ? ` / ${input.campaign}` : ''}`,
      note: input.comment ?? input.timeframe ?? null,
      ...(input.requestedAt && Date.parse(input.requestedAt) < Date.now()
        ? { occurredAt: new Date(input.requestedAt).toISOString() }
        : {}),
      ...(dealerCode ? { dealerCode } : {}),
    });
    if (dealerId) {
      const lead = { id: leadId, customerId, dealerId, assignedUserId };
      await createLeadTask(
        tx,
        engine,
        lead,
        await firstContactPlan(tx, input.source, dealerId, new Date()),
      );
      if (input.nextContactAt && Date.parse(input.nextContactAt) > Date.now()) {
        await createLeadTask(tx, engine, lead, {
          purpose: 'next_contact',
          title: input.nextContactPlan ?? { system: 'plannedContact' },
          kind: 'follow_up',
          priority: 'normal',
          dueAt: new Date(input.nextContactAt),
        });
      }
    }
    return { leadId, customerId, customerCreated, leadCreated: true, dealerId, assignedUserId };
  });
}

/** The consents given (or withdrawn) with the lead, as the customers module records them. */
function consentInputs(input: LeadCaptureInput) {
  return (input.consents ?? []).map((consent) => ({
    channel: consent.channel,
    status: consent.granted ? ('granted' as const) : ('withdrawn' as const),
    method: input.source === 'showroom' ? ('verbal' as const) : ('web_form' as const),
    evidence: consent.source,
    note: null,
  }));
}

async function createPerson(
  tx: Tx,
  engine: Actor,
  input: LeadCaptureInput,
  phoneCountry: string,
): Promise<string> {
  const person = input.person;
  const address =
    person.city || person.postcode
      ? [{ kind: 'home' as const, city: person.city ?? null, postcode: person.postcode ?? null }]
      : [];
  const { id } = await createCustomer(
    tx,
    engine,
    {
      kind: person.kind,
      lifecycleStage: 'prospect',
      ...(person.firstName ? { firstName: person.firstName } : {}),
      ...(person.middleName ? { middleName: person.middleName } : {}),
      ...(person.lastName ? { lastName: person.lastName } : {}),
      ...(person.companyName ? { companyName: person.companyName } : {}),
      ...(person.gender ? { gender: person.gender } : {}),
      ...(person.preferredLanguage === 'en' ||
      person.preferredLanguage === 'ru' ||
      person.preferredLanguage === 'zh'
        ? { preferredLanguage: person.preferredLanguage }
        : {}),
      source: input.source,
      phones: person.phones.map((phone) => ({ number: phone.number })),
      emails: person.emails.map((email) => ({ address: email.address })),
      addresses: address,
      consents: consentInputs(input),
    },
    { phoneCountry },
  );
  return id;
}

/**
 * The consultant for the lead: the capturing consultant himself at his dealer; else the one
 * who already works the person there; else round-robin among those on duty.
 */
async function chooseAssignee(
  tx: Tx,
  actor: Actor,
  customerId: string,
  dealerId: string,
  cap: number,
): Promise<string | null> {
  if (actor.role === 'sales_consultant' && actor.dealerId === dealerId) return actor.userId;
  const link = await tx
    .selectFrom('customer_dealers')
    .select('assigned_user_id')
    .where('customer_id', '=', customerId)
    .where('dealer_id', '=', dealerId)
    .executeTakeFirst();
  if (link?.assigned_user_id && (await isActiveUserOf(tx, link.assigned_user_id, dealerId))) {
    return link.assigned_user_id;
  }
  return pickConsultant(tx, dealerId, cap);
}

async function insertLead(
  tx: Tx,
  actor: Actor,
  input: LeadCaptureInput,
  placed: {
    customerId: string;
    dealerId: string | null;
    brandId: string | null;
    assignedUserId: string | null;
  },
): Promise<string> {
  const vehicles = input.vehicles ?? [];
  const first = vehicles[0];
  const { id } = await tx
    .insertInto('leads')
    .values({
      customer_id: placed.customerId,
      dealer_id: placed.dealerId,
      brand_id: placed.brandId,
      assigned_user_id: placed.assignedUserId,
      source_key: input.source,
      campaign: input.campaign ?? input.utm?.campaign ?? null,
      utm_source: input.utm?.source ?? null,
      utm_medium: input.utm?.medium ?? null,
      utm_campaign: input.utm?.campaign ?? null,
      utm_term: input.utm?.term ?? null,
      utm_content: input.utm?.content ?? null,
      interest_type: input.interestType ?? null,
      intended_purchase_date: input.intendedPurchaseDate?.slice(0, 10) ?? null,
      timeframe: input.timeframe ?? null,
      budget_minor: input.budgetMinor ?? null,
      currency: input.budgetMinor != null ? (input.currency ?? null) : null,
      colour: first?.colour ?? null,
      condition: first?.condition ?? null,
      current_car_make: input.currentCar?.make ?? input.tradeIn?.make ?? null,
      current_car_model: input.currentCar?.model ?? input.tradeIn?.model ?? null,
      current_car_year: input.currentCar?.year ?? input.tradeIn?.year ?? null,
      promotions: input.promotions ?? [],
      competitor_models: input.competitorModels ?? [],
      trade_in: input.tradeIn ? JSON.stringify(input.tradeIn) : null,
      comment: input.comment ?? null,
      external_ref: input.externalRef ?? null,
      last_contact_result: input.lastContactResult ?? null,
      next_contact_plan: input.nextContactPlan ?? null,
      next_contact_at: input.nextContactAt ? new Date(input.nextContactAt) : null,
      requested_at: input.requestedAt ? new Date(input.requestedAt) : new Date(),
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (vehicles.length) {
    await tx
      .insertInto('lead_vehicles')
      .values(
        vehicles.map((vehicle, position) => ({
          lead_id: id,
          customer_id: placed.customerId,
          position,
          make: vehicle.make ?? null,
          model: vehicle.model ?? null,
          year: vehicle.year ?? null,
          trim: vehicle.trim ?? null,
          colour: vehicle.colour ?? null,
          condition: vehicle.condition ?? null,
        })),
      )
      .execute();
  }
  await tx
    .insertInto('lead_stage_history')
    .values({ lead_id: id, customer_id: placed.customerId, to_stage: 'new', user_id: actor.userId })
    .execute();
  return id;
}
